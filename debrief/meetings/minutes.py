"""The meeting minutes (会议纪要) as DOCX, always in Chinese whatever language the request uses.

Attendance, the agenda with the time each item took, every leader's comment on every reporter
(problems numbered, as the rectification ledger takes them up), the questions put and answered,
the written reports, the democratic evaluation (turnout by evaluator category; once the campaign
is published, the grades) and the points of the closing speech. The layout is
`debrief.lib.docx_writer`'s; it puts tables after the sections, so the attendance table closes the
document.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from debrief.campaigns.models import ReportMode
from debrief.lib.docx_writer import ReportDocument, Section, Table, report_docx
from debrief.lib.text import join_names

from . import minutes_evaluation, selectors
from .models import CommentRole, Meeting
from .venue_selectors import venue_rows

MINUTES_LANGUAGE = "zh-hans"
SHANGHAI = ZoneInfo("Asia/Shanghai")
# Characters Windows refuses in a file name.
_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def minutes_docx(meeting: Meeting) -> bytes:
    with translation.override(MINUTES_LANGUAGE):
        return report_docx(_minutes(meeting))


def minutes_file_name(meeting: Meeting) -> str:
    with translation.override(MINUTES_LANGUAGE):
        name = _title(meeting)
    return f"{_NOT_IN_FILE_NAMES.sub('_', name).strip()}.docx"


def _numeral(number: int) -> str:
    """一, 二, … 十, 十一, … 九十九: how official documents number their sections."""
    digits = "零一二三四五六七八九"
    if not 0 < number < 100:
        return str(number)
    tens, ones = divmod(number, 10)
    return (digits[tens] if tens > 1 else "") + ("十" if tens else "") + (digits[ones] if ones else "")


def _title(meeting: Meeting) -> str:
    return _("%(title)s — minutes") % {"title": meeting.campaign.title}


def _when(meeting: Meeting) -> str:
    local = timezone.localtime(meeting.starts_at, SHANGHAI)
    # Translators: the meeting's date and time in the minutes, e.g. 2023年2月14日 9:00.
    return _("%(year)d-%(month)02d-%(day)02d %(hour)d:%(minute)02d") % {
        "year": local.year,
        "month": local.month,
        "day": local.day,
        "hour": local.hour,
        "minute": local.minute,
    }


def _minutes(meeting: Meeting) -> ReportDocument:
    meta = [
        _("Time: %(when)s") % {"when": _when(meeting)},
        _("Venue: %(venue)s") % {"venue": meeting.venue},
        _("Presided by: %(name)s") % {"name": meeting.presided_by},
    ]
    if meeting.guidance:
        meta.append(_("Attending for guidance: %(names)s") % {"names": meeting.guidance})
    records = selectors.comments_by_reporter(meeting.campaign)
    attendance, tables = _attendance(meeting)
    agenda, comments, written = _agenda(meeting), Section(heading=_("Comments")), _written(records)
    evaluation, closing = minutes_evaluation.evaluation_section(meeting.campaign), _closing(meeting)
    numbered = [attendance, agenda, comments, written, evaluation, closing]
    for number, section in enumerate(numbered, start=1):
        section.heading = f"{_numeral(number)}、{section.heading}"
    return ReportDocument(
        title=_title(meeting),
        byline=meeting.campaign.host.name,
        meta=meta,
        sections=[attendance, agenda, comments, *_comments(records), written, evaluation, closing],
        tables=tables,
    )


def _attendance(meeting: Meeting) -> tuple[Section, list[Table]]:
    counts = selectors.attendance(meeting)
    section = Section(heading=_("Attendance"))
    if not counts.invited:
        section.paragraphs.append(_("No attendees were listed for the meeting."))
        section.paragraphs.extend(_sub_venues(meeting))
        return section, []
    section.paragraphs.append(
        _("%(invited)d were invited to the meeting; %(present)d attended and %(absent)d were absent.")
        % {"invited": counts.invited, "present": counts.present, "absent": counts.absent}
    )
    absent = [attendee.name for attendee in selectors.absentees(meeting)]
    section.paragraphs.append(
        _("Absent: %(names)s.") % {"names": join_names(absent)} if absent else _("No one was absent.")
    )
    section.paragraphs.extend(_sub_venues(meeting))
    rows = [
        [
            row.category or _("Attending without evaluating"),
            str(row.invited),
            str(row.present),
            str(row.absent),
        ]
        for row in counts.rows
    ]
    rows.append([_("Total"), str(counts.invited), str(counts.present), str(counts.absent)])
    # The writer puts tables after all sections: this one closes the minutes, as an attached table.
    table = Table(
        caption=_("Attached table: attendance by evaluator category"),
        headers=[_("Evaluator category"), _("Invited"), _("Present"), _("Absent")],
        rows=rows,
    )
    return section, [table]


def _sub_venues(meeting: Meeting) -> list[str]:
    """One line per sub-venue: who hosted it and how many of those expected attended there."""
    lines = []
    for row in venue_rows(meeting, None):
        if row.sub_venue is None:
            continue
        values = {"name": row.name, "org": row.sub_venue.organization.name}
        if row.attendance:
            values.update(expected=row.expected, present=row.present)
            lines.append(
                _("Sub-venue %(name)s, hosted by %(org)s: %(present)d of %(expected)d expected attended.")
                % values
            )
        else:
            lines.append(_("Sub-venue %(name)s, hosted by %(org)s: attendance not counted.") % values)
    return lines


def _agenda(meeting: Meeting) -> Section:
    section = Section(heading=_("Agenda"))
    for row in selectors.agenda(meeting):
        limit, spoken = row.item.time_limit_minutes, row.item.spoken_seconds
        values = {"title": row.title, "limit": limit or 0}
        if spoken is not None:
            values.update(minutes=spoken // 60, seconds=spoken % 60)
        if limit and spoken is not None:
            text = _("%(title)s (time limit: %(limit)d min; took %(minutes)d min %(seconds)d s)")
        elif limit:
            text = _("%(title)s (time limit: %(limit)d min)")
        elif spoken is not None:
            text = _("%(title)s (took %(minutes)d min %(seconds)d s)")
        else:
            text = "%(title)s"
        section.items.append(text % values)
    return section


def _silent(record: selectors.ReporterRecord) -> bool:
    """A written reporter nobody commented on or questioned: named once, with the others alike."""
    return record.reporter.mode == ReportMode.WRITTEN and not record.comments and not record.questions


def _comments(records: list[selectors.ReporterRecord]) -> list[Section]:
    """One sub-section per reporter, numbered （一）（二）… under the comments heading; the written
    reporters without comments share one last line rather than a "no comments" entry each."""
    sections = []
    silent = [record.reporter for record in records if _silent(record)]
    for number, record in enumerate((r for r in records if not _silent(r)), start=1):
        reporter = record.reporter
        heading = _("%(org)s, secretary %(name)s (%(mode)s)") % {
            "org": reporter.organization.name,
            "name": reporter.person.name,
            "mode": ReportMode(reporter.mode).label,
        }
        section = Section(heading=f"（{_numeral(number)}）{heading}")
        lines = section.paragraphs
        if not record.comments:
            lines.append(_("No comments were recorded."))
        for comment in record.comments:
            role = CommentRole(comment.role).label
            lines.append(
                _("%(commenter)s (%(role)s) commented:") % {"commenter": comment.commenter, "role": role}
            )
            if comment.achievements:
                lines.append(_("Achievements: %(text)s") % {"text": comment.achievements})
            problems = list(comment.problems.all())
            if problems:
                lines.append(_("Problems:"))
                lines.extend(f"{n}. {problem.text}" for n, problem in enumerate(problems, start=1))
            if comment.requirements:
                lines.append(_("Requirements: %(text)s") % {"text": comment.requirements})
        if record.questions:
            lines.append(_("Questions:"))
        for question in record.questions:
            lines.append(
                _("Q (%(asked_by)s): %(question)s")
                % {"asked_by": question.asked_by, "question": question.question}
            )
            answer = question.answer or _("(no answer recorded)")
            lines.append(_("A: %(answer)s") % {"answer": answer})
        sections.append(section)
    if silent:
        names = join_names(f"{r.organization.name} {r.person.name}" for r in silent)
        line = _("Reported in writing: %(names)s (no comments recorded)") % {"names": names}
        sections.append(Section(heading=f"（{_numeral(len(sections) + 1)}）{line}"))
    return sections


def _written(records: list[selectors.ReporterRecord]) -> Section:
    written = [r.reporter for r in records if r.reporter.mode == ReportMode.WRITTEN]
    section = Section(heading=_("Written reports"))
    if not written:
        section.paragraphs.append(_("No secretary reported in writing."))
        return section
    names = join_names(f"{r.organization.name} {r.person.name}" for r in written)
    section.paragraphs.append(
        ngettext(
            "%(count)d secretary reported in writing: %(names)s.",
            "%(count)d secretaries reported in writing: %(names)s.",
            len(written),
        )
        % {"count": len(written), "names": names}
    )
    return section


def _closing(meeting: Meeting) -> Section:
    """What the meeting pointed out, required and stressed: a lone point follows its label, several
    are numbered under it."""
    section = Section(heading=_("Closing speech"))
    lines = section.paragraphs
    for part in selectors.closing_speech(meeting):
        if len(part.points) == 1:
            lines.append(_("%(label)s: %(point)s") % {"label": part.label, "point": part.points[0]})
        elif part.points:
            lines.append(_("%(label)s:") % {"label": part.label})
            lines.extend(f"{n}. {point}" for n, point in enumerate(part.points, start=1))
    if not lines:
        lines.append(_("No points of the closing speech were recorded."))
    return section
