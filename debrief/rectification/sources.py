"""Where ledger items come from: leaders' comments, the evaluation's grades, reports' own problems,
and last year's ledger (carry-over). Each way in can be run again: what is already in the ledger is
skipped, so nothing is entered twice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from debrief.campaigns.models import Campaign, Reporter
from debrief.campaigns.selectors import previous_campaign
from debrief.evaluation import selectors as evaluation_selectors
from debrief.evaluation.models import Rating
from debrief.meetings.models import CommentProblem
from debrief.reports.models import ReportState, ReportVersion

from .carry_over import item_carry_over
from .models import Category, Item, Source
from .services import (
    RectificationError,
    default_deadline,
    ensure_ledger_open,
    item_create,
)

# Words that point to a category, tried in order; the organizer corrects a wrong guess.
CATEGORY_HINTS = (
    (Category.CONDUCT, ("作风", "廉政", "廉洁", "纪律", "形式主义", "官僚主义", "八项规定")),
    (Category.INTEGRATION, ("两张皮", "融合", "业务")),
    (Category.MEMBERS, ("党员", "发展", "流动")),
    (Category.POLITICAL, ("学习", "理论", "思想", "意识形态")),
    (Category.ORGANIZATION, ("支部", "组织生活", "三会一课", "标准化", "软弱涣散", "阵地")),
    (Category.RESPONSIBILITY, ("责任", "第一责任人", "一岗双责", "主体")),
)

GRADES_TO_RECTIFY = (Rating.FAIR, Rating.POOR)


def guess_category(text: str) -> str:
    for category, words in CATEGORY_HINTS:
        if any(word in text for word in words):
            return category
    return Category.OTHER


def _today() -> datetime.date:
    return timezone.localdate()


# --- Comments ----------------------------------------------------------------------------------


def comment_note(problem: CommentProblem) -> str:
    """Who made the comment, as the item's source details say it."""
    comment = problem.comment
    with translation.override(settings.LANGUAGE_CODE):
        return f"{comment.get_role_display()} {comment.commenter}"


def item_from_comment_problem(
    *, problem: CommentProblem, user, deadline: datetime.date | None = None
) -> Item:
    """The one action on a comment's problem: it becomes a ledger item linked back to the comment.

    Reads the problem's comment and reporter, and the reporter's campaign, through the problem:
    a caller that has them loaded already (`comment_problems_pending`, the view) reads nothing twice.
    """
    existing = Item.objects.filter(comment_problem=problem).first()
    if existing is not None:
        raise RectificationError(
            _("This problem is already in the ledger as item %(label)s.") % {"label": existing.label}
        )
    reporter = problem.comment.reporter
    return item_create(
        campaign=reporter.campaign,
        reporter=reporter,
        description=problem.text,
        deadline=deadline or default_deadline(_today()),
        user=user,
        category=guess_category(problem.text),
        source=Source.COMMENT,
        source_note=comment_note(problem),
        comment_problem=problem,
    )


def comment_problems_pending(campaign: Campaign):
    return (
        CommentProblem.objects.filter(comment__reporter__campaign=campaign, rectification_item__isnull=True)
        .select_related("comment__reporter__person", "comment__reporter__campaign")
        .order_by(
            "comment__reporter__speaking_order",
            "comment__reporter__organization__code",
            "comment",
            "position",
        )
    )


@transaction.atomic
def items_from_comments(*, campaign: Campaign, user) -> list[Item]:
    ensure_ledger_open(campaign)
    return [item_from_comment_problem(problem=p, user=user) for p in comment_problems_pending(campaign)]


# --- The evaluation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class GradedReporter:
    reporter: Reporter
    grade: str


def graded_for_rectification(campaign: Campaign) -> list[GradedReporter]:
    """Reporters whose final grade is 一般 or 差 and who have no evaluation item yet."""
    evaluation = evaluation_selectors.evaluation_of(campaign)
    if evaluation is None or not evaluation.is_closed:
        return []
    results = evaluation_selectors.results(evaluation)
    if results.is_preview:
        return []
    done = set(
        Item.objects.filter(campaign=campaign, source=Source.EVALUATION).values_list("reporter_id", flat=True)
    )
    return [
        GradedReporter(row.reporter, row.overall.grade)
        for row in results.rows
        if row.overall.grade in GRADES_TO_RECTIFY and row.reporter.pk not in done
    ]


@transaction.atomic
def items_from_evaluation(*, campaign: Campaign, user) -> list[Item]:
    """Every reporter graded 一般 or 差 gets an item: find the gaps the evaluation shows and close them."""
    ensure_ledger_open(campaign)
    created = []
    with translation.override(settings.LANGUAGE_CODE):
        for graded in graded_for_rectification(campaign):
            grade = Rating(graded.grade).label
            created.append(
                item_create(
                    campaign=campaign,
                    reporter=graded.reporter,
                    description=_(
                        "Graded “%(grade)s” in the democratic evaluation: find out, with the evaluators' "
                        "opinions, where the work falls short, and rectify it."
                    )
                    % {"grade": grade},
                    deadline=default_deadline(_today()),
                    user=user,
                    category=Category.RESPONSIBILITY,
                    source=Source.EVALUATION,
                    source_note=_("Evaluation grade: %(grade)s") % {"grade": grade},
                )
            )
    return created


# --- Reports -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportProblem:
    reporter: Reporter
    text: str
    version: int


def report_problems_pending(campaign: Campaign) -> list[ReportProblem]:
    """Problems in the latest submitted version of each submitted or accepted report, not yet in the ledger."""
    latest: dict[int, ReportVersion] = {}
    versions = (
        ReportVersion.objects.filter(
            report__reporter__campaign=campaign,
            report__state__in=(ReportState.SUBMITTED, ReportState.ACCEPTED),
        )
        .select_related("report__reporter__person", "report__reporter__organization")
        .order_by("report_id", "number")
    )
    for version in versions:
        latest[version.report.reporter_id] = version
    entered = set(
        Item.objects.filter(campaign=campaign, source=Source.REPORT).values_list("reporter_id", "description")
    )
    pending = []
    for reporter_id, version in sorted(
        latest.items(), key=lambda kv: kv[1].report.reporter.organization.code
    ):
        for text in version.content.get("problems", []):
            if text.strip() and (reporter_id, text.strip()) not in entered:
                pending.append(ReportProblem(version.report.reporter, text.strip(), version.number))
    return pending


def report_note(version_number: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Debrief report, version %(number)d") % {"number": version_number}


@transaction.atomic
def items_from_reports(*, campaign: Campaign, user) -> list[Item]:
    """The problems reporters found in themselves (查摆问题) enter the ledger one by one."""
    ensure_ledger_open(campaign)
    created = []
    with translation.override(settings.LANGUAGE_CODE):
        for problem in report_problems_pending(campaign):
            created.append(
                item_create(
                    campaign=campaign,
                    reporter=problem.reporter,
                    description=problem.text,
                    deadline=default_deadline(_today()),
                    user=user,
                    category=guess_category(problem.text),
                    source=Source.REPORT,
                    source_note=report_note(problem.version),
                )
            )
    return created


# --- Carry-over --------------------------------------------------------------------------------


def carry_over_candidates(previous: Campaign | None) -> QuerySet[Item]:
    """The items of `previous` (the host's campaign of the year before) never signed off nor carried over."""
    if previous is None:
        return Item.objects.none()
    return previous.rectification_items.live()


@dataclass
class CarryOver:
    carried: list[Item] = field(default_factory=list)
    not_reporting: list[Item] = field(default_factory=list)  # their organization reports no more


@transaction.atomic
def carry_over(*, campaign: Campaign, user) -> CarryOver:
    """Items not signed off last year continue in this year's ledger (`carry_over.item_carry_over`),
    when their organization reports again."""
    ensure_ledger_open(campaign)
    outcome = CarryOver()
    reporters = {r.organization_id: r for r in campaign.reporters.select_related("person")}
    candidates = (
        carry_over_candidates(previous_campaign(campaign))
        .select_related("reporter__organization", "reporter__person", "responsible", "campaign", "parent")
        .prefetch_related("measures")
        .order_by("number")
    )
    for old in candidates:
        if old.reporter_id is None:  # the host's own task continues as its own
            outcome.carried.append(item_carry_over(old=old, reporter=None, user=user, campaign=campaign))
            continue
        reporter = reporters.get(old.reporter.organization_id)
        if reporter is None:
            outcome.not_reporting.append(old)
        else:
            outcome.carried.append(item_carry_over(old=old, reporter=reporter, user=user))
    return outcome
