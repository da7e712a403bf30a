"""A results notice (通报) as DOCX, laid out as an official document the way the volume is.

Framework-free like `docx_writer`, whose page, styles and table it shares: the document number
above the title, the addressee flush left, numbered sections, the attachment line, the issuer and
date at the right, then the attachment (附件) on a page of its own with its table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from .docx_writer import (
    BODY_SIZE,
    CENTER,
    HEADING_FONT,
    TITLE_FONT,
    TITLE_SIZE,
    Section,
    Table,
    _add,
    _lines,
    _new_document,
    _to_bytes,
    _write_table,
)

RIGHT = WD_ALIGN_PARAGRAPH.RIGHT


@dataclass
class NoticeDocument:
    title: str
    document_number: str = ""
    addressee: str = ""  # 主送机关, e.g. "各基层党组织："
    note: str = ""  # e.g. what a corrected version corrects, under the title
    sections: list[Section] = field(default_factory=list)
    attachment_line: str = ""  # "附件：……", after the body
    issuer: str = ""
    date_line: str = ""
    attachment_heading: str = ""  # "附件", top left of the attachment's page
    attachment: Table | None = None


def notice_docx(notice: NoticeDocument) -> bytes:
    document = _new_document(notice.title)
    if _lines(notice.document_number):
        _add(document, notice.document_number, alignment=CENTER, space_after=Pt(14))
    _add(document, notice.title, "Heading 1")
    if _lines(notice.note):
        _add(document, notice.note, alignment=CENTER, size=14, space_after=Pt(14))
    if _lines(notice.addressee):
        _add(document, notice.addressee, indent=0)
    for section in notice.sections:
        if _lines(section.heading):
            _add(document, section.heading, "Heading 2", keep_with_next=True)
        for text in section.paragraphs:
            for line in _lines(text):
                _add(document, line)
    if _lines(notice.attachment_line):
        _add(document, notice.attachment_line, space_before=Pt(BODY_SIZE * 1.75))
    signature = {"alignment": RIGHT, "indent": 0, "right_indent": Pt(BODY_SIZE * 2)}
    if _lines(notice.issuer):
        _add(document, notice.issuer, space_before=Pt(BODY_SIZE * 3.5), **signature)
    if _lines(notice.date_line):
        _add(document, notice.date_line, **signature)
    if notice.attachment is not None:
        heading = {"font": HEADING_FONT, "indent": 0, "page_break_before": True}
        _add(document, notice.attachment_heading, **heading)
        title = Table(caption="", headers=notice.attachment.headers, rows=notice.attachment.rows)
        _add(
            document,
            notice.attachment.caption,
            font=TITLE_FONT,
            size=TITLE_SIZE - 4,
            alignment=CENTER,
            line_spacing=Pt(32),
            space_before=Pt(14),
            space_after=Pt(14),
            keep_with_next=True,
        )
        _write_table(document, title)
    return _to_bytes(document)
