"""Debrief reports (述职报告) as DOCX in the style of Chinese official documents.

One report, or a campaign's reports bound as one volume (汇编) with a cover and
contents page. Framework-free: every visible word (headings, labels, table
headers) comes from the caller, already translated.

Layout follows GB/T 9704 habits: A4 with 3.7/3.5/2.8/2.6 cm margins, titles in
方正小标宋简体, headings in 黑体, body in 仿宋_GB2312 三号 (16 pt) with a
two-character first-line indent on a fixed 28 pt line, page numbers as
"— n —" centred in the footer. CJK fonts are named through w:eastAsia, the
attribute Word and LibreOffice read for Chinese text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, datetime

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .text import clean_text

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
BYLINE_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
BODY_SIZE = 16  # 三号
TITLE_SIZE = 22  # 二号
LINE = 28  # fixed line pitch of the body, in points
CENTER = WD_ALIGN_PARAGRAPH.CENTER
CELL_FORMAT = {"size": 12, "indent": 0, "line_spacing": 1.0}  # 小四, single-spaced, no indent


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]


@dataclass
class ReportDocument:
    title: str
    byline: str
    meta: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    attachments_note: str = ""
    # A line in place of the report's text, set apart (e.g. a volume's report that was not submitted).
    notice: str = ""


@dataclass
class VolumeCover:
    title: str
    subtitle: str
    host: str
    date_line: str


@dataclass
class ContentsEntry:
    group: str
    label: str


def report_docx(report: ReportDocument) -> bytes:
    document = _new_document(report.title)
    _write_report(document, report, new_page=False)
    return _to_bytes(document)


def volume_docx(
    cover: VolumeCover, contents_heading: str, contents: list[ContentsEntry], reports: list[ReportDocument]
) -> bytes:
    document = _new_document(f"{cover.title} {cover.subtitle}".strip())
    section = document.sections[0]
    section.different_first_page_header_footer = True  # the cover carries no page number
    section.first_page_footer.is_linked_to_previous = False
    _write_cover(document, cover)
    _write_contents(document, contents_heading, contents)
    for report in reports:
        _write_report(document, report, new_page=True)
    return _to_bytes(document)


def _lines(text: str) -> list[str]:
    """Non-blank lines of `text`, trimmed (manual full-width indents too: the style indents)."""
    return [line.strip() for line in clean_text(text or "").split("\n") if line.strip()]


def _set_fonts(rpr, east_asia: str) -> None:
    """Name the CJK font in w:eastAsia and Times New Roman for Latin text; drop theme fonts."""
    fonts = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for slot in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{slot}"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asia)


def _set_indent(ppr, chars: int, size: float = BODY_SIZE) -> None:
    """First-line indent in characters, with the same width in twips for readers without char units."""
    ind = ppr.get_or_add_ind()
    ind.attrib.pop(qn("w:hanging"), None)
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(round(chars * size * 20)))


def _format_style(style, font, size, *, indent=2, center=False, line=LINE, before=0, after=0):
    style.font.size = Pt(size)
    style.font.bold = False
    style.font.color.rgb = None
    _set_fonts(style.element.get_or_add_rPr(), font)
    fmt = style.paragraph_format
    fmt.alignment = CENTER if center else WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.line_spacing = Pt(line)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    _set_indent(style.element.get_or_add_pPr(), indent, size)


def _new_document(title: str):
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.header_distance, section.footer_distance = Cm(1.5), Cm(2.5)

    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(defaults, BODY_FONT)
    lang = defaults.find(qn("w:lang"))  # python-docx's template has one
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")

    styles = document.styles
    _format_style(styles["Normal"], BODY_FONT, BODY_SIZE)
    _format_style(styles["Heading 1"], TITLE_FONT, TITLE_SIZE, indent=0, center=True, line=36, after=14)
    _format_style(styles["Heading 2"], HEADING_FONT, BODY_SIZE)
    _add_page_number(section)

    core = document.core_properties
    core.title = clean_text(title)
    core.author = core.last_modified_by = core.comments = ""
    core.created = core.modified = datetime.now(UTC).replace(microsecond=0)
    core.revision = 1
    return document


def _run(paragraph, text, *, font=None, size=None, bold=False):
    run = paragraph.add_run(text)
    if font:
        _set_fonts(run._r.get_or_add_rPr(), font)
    if size:
        run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    return run


def _add(container, text, style=None, *, font=None, size=None, bold=False, indent=None, **formats):
    """A paragraph of `text` (its lines joined by line breaks); `formats` are ParagraphFormat attributes."""
    paragraph = container.add_paragraph(style=style)
    for name, value in formats.items():
        setattr(paragraph.paragraph_format, name, value)
    if indent is None and formats.get("alignment") == CENTER:
        indent = 0
    if indent is not None:
        _set_indent(paragraph._p.get_or_add_pPr(), indent, size or BODY_SIZE)
    _run(paragraph, "\n".join(_lines(text)), font=font, size=size, bold=bold)
    return paragraph


def _add_page_number(section) -> None:
    """Centred "— n —" with n a PAGE field, in 宋体 四号 as official documents number pages."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = CENTER
    _set_indent(paragraph._p.get_or_add_pPr(), 0)
    paragraph.paragraph_format.line_spacing = 1.0
    style = {"font": PAGE_NUMBER_FONT, "size": 14}
    _run(paragraph, "— ", **style)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    field.append(_run(paragraph, "1", **style)._r)  # moves the placeholder number into the field
    paragraph._p.append(field)
    _run(paragraph, " —", **style)


def _write_cover(document, cover: VolumeCover) -> None:
    title = {"font": TITLE_FONT, "alignment": CENTER}
    _add(document, cover.title, size=TITLE_SIZE, line_spacing=Pt(40), space_before=Pt(100), **title)
    _add(document, cover.subtitle, size=36, line_spacing=Pt(54), space_before=Pt(40), **title)
    _add(document, cover.host, alignment=CENTER, space_before=Pt(220))
    _add(document, cover.date_line, alignment=CENTER)


def _write_contents(document, heading: str, contents: list[ContentsEntry]) -> None:
    """Entries in the given order, with a group line (e.g. on-site, written) wherever the group changes."""
    title = {"font": TITLE_FONT, "size": TITLE_SIZE, "alignment": CENTER}
    _add(document, heading, page_break_before=True, space_after=Pt(14), **title)
    group = None
    for entry in contents:
        if entry.group != group and _lines(entry.group):
            _add(document, entry.group, font=HEADING_FONT, keep_with_next=True)
        group = entry.group
        _add(document, entry.label)


def _write_report(document, report: ReportDocument, *, new_page: bool) -> None:
    _add(document, report.title, "Heading 1", page_break_before=new_page or None)
    lines = [text for text in [report.byline, *report.meta] if _lines(text)]
    for number, text in enumerate(lines, start=1):
        font, size = (BYLINE_FONT, BODY_SIZE) if number == 1 else (BODY_FONT, 14)
        after = Pt(14 if number == len(lines) else 0)
        _add(document, text, font=font, size=size, alignment=CENTER, space_after=after)
    if _lines(report.notice):
        _add(document, report.notice, bold=True, alignment=CENTER, space_before=Pt(28), space_after=Pt(28))
    for section in report.sections:
        _add(document, section.heading, "Heading 2")
        for text in section.paragraphs:
            for line in _lines(text):
                _add(document, line)
        for number, item in enumerate((item for item in section.items if _lines(item)), start=1):
            first, *rest = _lines(item)
            _add(document, f"{number}. {first}")
            for line in rest:
                _add(document, line)
    for table in report.tables:
        _write_table(document, table)
    if _lines(report.attachments_note):
        _add(document, report.attachments_note, space_before=Pt(14))


def _write_table(document, table: Table) -> None:
    width = max([len(table.headers), *(len(row) for row in table.rows)])
    if _lines(table.caption):
        spacing = {"space_before": Pt(14), "space_after": Pt(6), "keep_with_next": True}
        _add(document, table.caption, font=HEADING_FONT, alignment=CENTER, **spacing)
    if not width:
        return
    grid = document.add_table(rows=0, cols=width)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for number, values in enumerate([table.headers, *table.rows]):
        row = grid.add_row()
        if not number:  # the header row repeats on every page the table spans
            row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        header = number == 0
        for cell, value in zip(row.cells, [*values, *[None] * (width - len(values))], strict=True):
            cell._tc.remove(cell.paragraphs[0]._p)  # _add appends the cell's one paragraph
            text = "" if value is None else str(value)
            _add(cell, text, bold=header, alignment=CENTER if header else None, **CELL_FORMAT)


def _to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
