"""The results notice as DOCX, in the site's language whatever the request's (an official document),
laid out by `lib.docx_notice`: the body, then the results table as its attachment (附件)."""

from __future__ import annotations

import re

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from debrief.campaigns.models import ReportMode
from debrief.lib.docx_notice import NoticeDocument, notice_docx
from debrief.lib.docx_writer import Section, Table

from . import notice_prefill, selectors
from .models import Notice, NoticeState
from .notice_prefill import date_text

# Characters Windows refuses in a file name.
_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
NUMERALS = "一二三四五六七八九十"


def results_table(notice: Notice) -> list[dict]:
    """The table frozen at publication, or the results as they stand for a draft."""
    if notice.state != NoticeState.DRAFT:
        return notice.results_table
    outcome = selectors.results_of(notice.campaign)
    return selectors.table_rows(outcome) if outcome else []


def attachment_title(notice: Notice) -> str:
    return _("Results of the %(title)s") % {"title": notice.campaign.title}


def has_ranks(table: list[dict]) -> bool:
    """Whether the table shows ranks: not when the scheme does not publish them."""
    return any(row["rank"] for row in table)


def table_headers(ranks: bool = True) -> list[str]:
    return [_("Rank")] * ranks + [
        _("Organization"),
        _("Secretary"),
        _("Mode"),
        _("Evaluation score"),
        _("Routine score"),
        _("Comprehensive score"),
        _("Grade"),
    ]


def table_cells(row: dict, ranks: bool = True) -> list[str]:
    return [str(row["rank"] or "—")] * ranks + [
        row["organization"],
        row["secretary"],
        str(ReportMode(row["mode"]).label) if row["mode"] in ReportMode.values else "",
        row["evaluation_score"] or "—",
        row["routine_score"] or "—",
        row["comprehensive_score"] or "—",
        selectors.grade_label(row["grade"]),
    ]


def _document(notice: Notice, table: list[dict]) -> NoticeDocument:
    campaign = notice.campaign
    headed = [
        (_("The grades"), notice.grades_section),
        (_("Main problems"), notice.problems_section),
        (_("Requirements"), notice.requirements_section),
    ]
    sections = [Section(heading="", paragraphs=[notice.meeting_section, notice.evaluation_section])]
    for number, (heading, text) in enumerate(((h, t) for h, t in headed if t.strip()), start=1):
        sections.append(Section(heading=f"{NUMERALS[number - 1]}、{heading}", paragraphs=[text]))
    note = ""
    if notice.version > 1:
        note = _("(Corrected version %(version)d: %(reason)s)") % {
            "version": notice.version,
            "reason": notice.correction_reason,
        }
    if notice.state == NoticeState.DRAFT:
        note = " ".join([_("(Draft, not published)"), note]).strip()
    day = timezone.localtime(notice.published_at).date() if notice.published_at else timezone.localdate()
    title = attachment_title(notice)
    return NoticeDocument(
        title=notice.title,
        document_number=notice.document_number,
        addressee=_("To the Party organizations of every unit:"),
        note=note,
        sections=sections,
        attachment_line=_("Attachment: %(title)s") % {"title": title},
        issuer=campaign.host.name,
        date_line=date_text(day),
        attachment_heading=_("Attachment"),
        attachment=Table(
            caption=title,
            headers=table_headers(has_ranks(table)),
            rows=[table_cells(row, has_ranks(table)) for row in table],
        ),
    )


def notice_docx_bytes(notice: Notice) -> bytes:
    table = results_table(notice)
    with translation.override(notice_prefill.NOTICE_LANGUAGE):
        return notice_docx(_document(notice, table))


def notice_file_name(notice: Notice) -> str:
    name = f"{notice.title}（v{notice.version}）" if notice.version > 1 else notice.title
    return f"{_NOT_IN_FILE_NAMES.sub('_', name).strip()}.docx"
