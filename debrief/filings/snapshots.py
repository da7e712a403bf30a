"""The material of each kind of filing: whether it can be filed yet, and its frozen copy.

A snapshot holds plain values (texts, ISO dates, numbers as text, choice values rather than their
labels), so it reads the same whatever changes later in the campaign's own records and whatever the
reader's language: the pages translate the choice values when they show them.
"""

from __future__ import annotations

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from debrief.campaigns.models import Campaign, CampaignState, ReportMode
from debrief.campaigns.selectors import reporters_in_order
from debrief.evaluation.models import EvaluationState
from debrief.evaluation.selectors import evaluation_of, turnout
from debrief.meetings.selectors import attendance, meeting_of
from debrief.publication.models import Notice, NoticeState
from debrief.rectification.models import Item

from .models import FilingKind

# The meeting is held once the campaign has moved on to the evaluation.
MEETING_HELD = (
    CampaignState.EVALUATING,
    CampaignState.ASSESSED,
    CampaignState.PUBLISHED,
    CampaignState.RECTIFYING,
    CampaignState.ARCHIVED,
)


def _plan_obstacle(campaign: Campaign) -> str | None:
    if campaign.reporters.exists():
        return None
    return _(
        "The plan names who reports, how and in what order: add the reporters on the "
        "campaign's Reporters page first."
    )


def _meeting_obstacle(campaign: Campaign) -> str | None:
    if campaign.state in MEETING_HELD:
        return None
    return _(
        "The meeting is filed once held: after the meeting, move the campaign on to the "
        "evaluation (it is now at “%(state)s”)."
    ) % {"state": campaign.get_state_display()}


def _results_obstacle(campaign: Campaign) -> str | None:
    if campaign.notices.filter(state=NoticeState.PUBLISHED).exists():
        return None
    return _(
        "The results are filed once the results notice is published: publish it on the "
        "campaign's Results notice page first."
    )


def _lists_obstacle(campaign: Campaign) -> str | None:
    if Item.objects.filter(campaign=campaign).exists():
        return None
    return _(
        "The three lists come from the rectification ledger, which has no items yet: bring "
        "the problems into the ledger first."
    )


def obstacle(campaign: Campaign, kind: str) -> str | None:
    """Why the material of `kind` cannot be filed yet, or None when it can."""
    return OBSTACLES[kind](campaign)


def build(campaign: Campaign, kind: str) -> dict:
    return BUILDERS[kind](campaign)


def _iso(value) -> str:
    return value.isoformat() if value else ""


def _reporter(reporter) -> dict:
    return {
        "organization": reporter.organization.name,
        "secretary": reporter.person.name,
        "mode": reporter.mode,
        "speaking_order": reporter.speaking_order,
    }


def _scheme(campaign: Campaign) -> dict | None:
    evaluation = evaluation_of(campaign)
    if evaluation is None:
        return None
    return {
        "categories": [
            {"name": c.name, "weight": str(c.weight), "expected": c.expected}
            for c in evaluation.categories.all()
        ],
        "sub_indicators": [s.name for s in evaluation.sub_indicators.all()],
        "points": {rating: str(points) for rating, points in evaluation.points.items()},
        "evaluation_weight": str(evaluation.evaluation_weight),
        "routine_weight": str(evaluation.routine_weight),
        "bands": {
            "excellent": str(evaluation.band_excellent),
            "good": str(evaluation.band_good),
            "fair": str(evaluation.band_fair),
        },
        "quorum": evaluation.quorum,
    }


def plan_snapshot(campaign: Campaign) -> dict:
    return {
        "title": campaign.title,
        "year": campaign.year,
        "report_deadline": _iso(campaign.report_deadline),
        "meeting_date": _iso(campaign.meeting_date),
        "reporters": [_reporter(r) for r in reporters_in_order(campaign)],
        "indicators": [{"name": i.name, "unit": i.unit} for i in campaign.indicators.all()],
        "scheme": _scheme(campaign),
    }


def meeting_snapshot(campaign: Campaign) -> dict:
    meeting = meeting_of(campaign)
    reporters = list(reporters_in_order(campaign))
    snapshot = {
        "title": campaign.title,
        "date": _iso(timezone.localdate(meeting.starts_at) if meeting else campaign.meeting_date),
        "time": timezone.localtime(meeting.starts_at).strftime("%H:%M") if meeting else "",
        "venue": meeting.venue if meeting else "",
        "presided_by": meeting.presided_by if meeting else "",
        "guidance": meeting.guidance if meeting else "",
        "on_site": [_reporter(r) for r in reporters if r.mode == ReportMode.ON_SITE],
        "written": [_reporter(r) for r in reporters if r.mode != ReportMode.ON_SITE],
        "attendance": [],
        "turnout": [],
    }
    if meeting is not None:
        snapshot["attendance"] = [
            {"category": row.category, "invited": row.invited, "present": row.present}
            for row in attendance(meeting).rows
        ]
    evaluation = evaluation_of(campaign)
    if evaluation is not None and evaluation.state != EvaluationState.SETUP:
        snapshot["turnout"] = [
            {"category": row.category.name, "expected": row.expected, "voted": row.voted}
            for row in turnout(evaluation).rows
        ]
    return snapshot


def results_snapshot(campaign: Campaign) -> dict:
    """The published notice's results table, frozen when it was published."""
    notice = campaign.notices.filter(state=NoticeState.PUBLISHED).first()
    first = Notice.objects.filter(campaign=campaign).aggregate(first=Min("published_at"))["first"]
    return {
        "title": notice.title,
        "document_number": notice.document_number,
        "version": notice.version,
        "published_on": _iso(timezone.localdate(notice.published_at) if notice.published_at else None),
        "first_published_on": _iso(timezone.localdate(first) if first else None),
        "rectification_deadline": _iso(notice.rectification_deadline),
        "rows": [
            {
                key: row.get(key)
                for key in (
                    "rank",
                    "organization",
                    "secretary",
                    "mode",
                    "evaluation_score",
                    "routine_score",
                    "comprehensive_score",
                    "grade",
                )
            }
            for row in notice.results_table
        ],
    }


def lists_snapshot(campaign: Campaign) -> dict:
    """The ledger as the three lists: problems, who is responsible, measures and deadlines."""
    items = (
        Item.objects.filter(campaign=campaign)
        .select_related("reporter__organization", "responsible")
        .prefetch_related("measures")
        .order_by("number")
    )
    problems, responsibility, rectification = [], [], []
    for item in items:
        label = f"{campaign.year}-{item.number:03d}"
        problems.append(
            {
                "label": label,
                "problem": item.description,
                "source": item.source,
                "source_note": item.source_note,
                "category": item.category,
                "organization": item.reporter.organization.name,
            }
        )
        responsibility.append(
            {
                "label": label,
                "problem": item.description,
                "organization": item.reporter.organization.name,
                "responsible": item.responsible.name,
            }
        )
        rectification.append(
            {
                "label": label,
                "problem": item.description,
                "measures": [m.text for m in item.measures.all()],
                "deadline": _iso(item.deadline),
                "status": item.status,
            }
        )
    return {
        "title": campaign.title,
        "problems": problems,
        "responsibility": responsibility,
        "rectification": rectification,
    }


OBSTACLES = {
    FilingKind.PLAN: _plan_obstacle,
    FilingKind.MEETING: _meeting_obstacle,
    FilingKind.RESULTS: _results_obstacle,
    FilingKind.LISTS: _lists_obstacle,
}
BUILDERS = {
    FilingKind.PLAN: plan_snapshot,
    FilingKind.MEETING: meeting_snapshot,
    FilingKind.RESULTS: results_snapshot,
    FilingKind.LISTS: lists_snapshot,
}
