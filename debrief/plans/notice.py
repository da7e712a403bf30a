"""The plan as a notice (通知) in the official-document layout of `lib.docx_notice`, in the site's language
whatever the request's: the 文号 and title, the deadlines by level, what the reports cover, the evaluation,
the key indicators, the requirements and what lower levels may change; the key-indicator table
(重点指标完成情况统计表) is its attachment."""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from debrief.lib.docx_notice import NoticeDocument, notice_docx
from debrief.lib.docx_writer import Section, Table
from debrief.lib.text import join_names
from debrief.publication.notice_docx import NUMERALS
from debrief.publication.notice_prefill import NOTICE_LANGUAGE, date_text

from .models import Plan

_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def _number(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


def deadline_lines(plan: Plan) -> list[str]:
    return [
        _("%(level)s: hold the debriefing meeting by %(date)s.")
        % {"level": d.get_level_display(), "date": date_text(d.deadline)}
        for d in plan.deadlines.all()
    ]


def scheme_lines(plan: Plan) -> list[str]:
    lines = [
        _("Evaluator categories and weights: %(categories)s.")
        % {"categories": join_names(f"{c['name']} {_number(c['weight'])}%" for c in plan.categories)},
        _(
            "The comprehensive score weighs the evaluation %(evaluation)s%% and the routine assessment %(routine)s%%."
        )
        % {"evaluation": _number(plan.evaluation_weight), "routine": _number(plan.routine_weight)},
        _("Points: excellent %(excellent)s, good %(good)s, fair %(fair)s, poor %(poor)s.")
        % {
            "excellent": _number(plan.points_excellent),
            "good": _number(plan.points_good),
            "fair": _number(plan.points_fair),
            "poor": _number(plan.points_poor),
        },
        _(
            "Grades by comprehensive score: excellent from %(excellent)s, good from %(good)s, fair from %(fair)s."
        )
        % {
            "excellent": _number(plan.band_excellent),
            "good": _number(plan.band_good),
            "fair": _number(plan.band_fair),
        },
    ]
    if plan.sub_indicators:
        lines.append(
            _("Besides the overall rating, the ballot asks: %(names)s.")
            % {"names": join_names(plan.sub_indicators)}
        )
    return lines


def indicator_lines(plan: Plan) -> list[str]:
    return [
        f"{number}. {row['name']}" + (f"（{row['unit']}）" if row["unit"] else "")
        for number, row in enumerate(plan.indicators, start=1)
    ]


def freedom_lines(plan: Plan) -> list[str]:
    fixed = _("fixed; lower levels use it as issued")
    free = _("lower levels may adjust it")
    return [
        _("The evaluation’s points, grade bands, weights and rules, and its sub-indicators: %(state)s.")
        % {"state": fixed if plan.scheme_locked else free},
        _("The evaluator categories and their weights: %(state)s.")
        % {"state": fixed if plan.categories_locked else free},
        _("The key indicators: %(state)s.") % {"state": fixed if plan.indicators_locked else free},
        _("The meeting is held by the level’s deadline in every case."),
    ]


def filing_lines(plan: Plan) -> list[str]:
    return [
        _("Within %(days)d days of the meeting, file the meeting and its results with the level above.")
        % {"days": plan.filing_days},
        _("Within %(days)d days of a superior’s meeting, convey it and turn its requirements into tasks.")
        % {"days": plan.conveyance_days},
    ]


def _document(plan: Plan) -> NoticeDocument:
    headed = [
        (_("Schedule"), deadline_lines(plan)),
        (_("What the reports cover"), [plan.guidance]),
        (_("Democratic evaluation"), scheme_lines(plan)),
        (_("Key indicators"), indicator_lines(plan)),
        (_("Requirements"), [plan.requirements, *filing_lines(plan)]),
        (_("What lower levels may change"), freedom_lines(plan)),
    ]
    headed = [(heading, paragraphs) for heading, paragraphs in headed if any(p.strip() for p in paragraphs)]
    sections = [
        Section(heading=f"{NUMERALS[number - 1]}、{heading}", paragraphs=paragraphs)
        for number, (heading, paragraphs) in enumerate(headed, start=1)
    ]
    day = timezone.localtime(plan.published_at).date() if plan.published_at else timezone.localdate()
    attachment = None
    caption = _("Key indicators completed (%(year)d)") % {"year": plan.year}
    if plan.indicators:
        attachment = Table(
            caption=caption,
            headers=[_("No."), _("Indicator"), _("Unit"), _("Figure")],
            rows=[[str(n), row["name"], row["unit"], ""] for n, row in enumerate(plan.indicators, start=1)],
        )
    return NoticeDocument(
        title=plan.title,
        document_number=plan.document_number,
        addressee=_("To the Party organizations of every level:"),
        note="" if plan.is_published else _("(Draft, not published)"),
        sections=sections,
        attachment_line=_("Attachment: %(title)s") % {"title": caption} if attachment else "",
        issuer=plan.issuer.name,
        date_line=date_text(day),
        attachment_heading=_("Attachment"),
        attachment=attachment,
    )


def plan_docx_bytes(plan: Plan) -> bytes:
    with translation.override(NOTICE_LANGUAGE):
        return notice_docx(_document(plan))


def plan_file_name(plan: Plan) -> str:
    return f"{_NOT_IN_FILE_NAMES.sub('_', plan.title).strip() or plan.year}.docx"
