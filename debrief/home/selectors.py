"""Reads for the home page of organizers and leaders: the campaigns they run or comment in, each with
where it stands, in a fixed number of queries however many campaigns there are."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, When

from debrief.accounts.models import Role, RoleGrant
from debrief.campaigns.models import Campaign, CampaignState, Reporter, ReportMode
from debrief.evaluation.models import BallotCode, Evaluation, EvaluatorCategory, PaperTally
from debrief.evaluation.selectors import CategoryTurnout, Turnout
from debrief.evaluation.shares import parse_share, share_label
from debrief.meetings.models import Comment, Meeting
from debrief.meetings.services import RECORDS_OPEN
from debrief.rectification.models import WORK_OWED, Item, Status
from debrief.reports.models import ReportState

CAMPAIGNS_SHOWN = 8  # the home page leads to the current work; the campaign list holds the rest


def _hosts(grants: list[RoleGrant], role: str) -> list[int]:
    return [grant.organization_id for grant in grants if grant.role == role]


def _current(host_ids: list[int]) -> list[Campaign]:
    """The hosts' campaigns still under way, newest year first, each with its meeting and evaluation."""
    if not host_ids:
        return []
    return list(
        Campaign.objects.filter(host_id__in=host_ids)
        .exclude(state=CampaignState.ARCHIVED)
        .select_related("host", "meeting", "evaluation")
        .order_by("-year", "host__path")[:CAMPAIGNS_SHOWN]
    )


def _meeting(campaign: Campaign) -> Meeting | None:
    try:
        return campaign.meeting
    except Meeting.DoesNotExist:
        return None


def _evaluation(campaign: Campaign) -> Evaluation | None:
    try:
        return campaign.evaluation
    except Evaluation.DoesNotExist:
        return None


# --- Turnout of several evaluations at once ----------------------------------------------------


def _same_counts(first: dict, second: dict) -> bool:
    """Two paper entries' counts agree when every reporter's count of every rating does (a missing
    count is 0), the rule `evaluation.paper_selectors.paper_status` applies reporter by reporter."""

    def nonzero(counts: dict) -> set:
        return {(reporter, rating, n) for reporter, row in counts.items() for rating, n in row.items() if n}

    return nonzero(first) == nonzero(second)


def turnouts(evaluations: list[Evaluation]) -> dict[int, Turnout]:
    """Each evaluation's turnout as its own page counts it (codes used, matched paper ballots,
    expected evaluators), in three queries for all of them."""
    if not evaluations:
        return {}
    ids = [evaluation.pk for evaluation in evaluations]
    codes = {
        row["category"]: row
        for row in BallotCode.objects.filter(evaluation_id__in=ids)
        .values("category")
        .annotate(issued=Count("pk"), used=Count("pk", filter=Q(used=True)))
    }
    entries = defaultdict(list)
    for tally in PaperTally.objects.filter(evaluation_id__in=ids).order_by("entry"):
        entries[tally.category_id].append(tally)
    rows = defaultdict(list)
    for category in EvaluatorCategory.objects.filter(evaluation_id__in=ids).order_by("position", "pk"):
        issued = codes.get(category.pk, {}).get("issued", 0)
        used = codes.get(category.pk, {}).get("used", 0)
        tallies = entries.get(category.pk, [])
        matched = (
            len(tallies) == 2
            and tallies[0].ballots == tallies[1].ballots
            and _same_counts(tallies[0].counts, tallies[1].counts)
        )
        paper = tallies[0].ballots if matched else 0
        expected = category.expected if category.expected is not None else issued + paper
        rows[category.evaluation_id].append(CategoryTurnout(category, issued, used, paper, expected))
    return {
        evaluation.pk: Turnout(
            rows[evaluation.pk], parse_share(evaluation.quorum) or Fraction(0), share_label(evaluation.quorum)
        )
        for evaluation in evaluations
    }


# --- Organizers ------------------------------------------------------------------------------------


@dataclass
class CampaignProgress:
    """Where one campaign an organizer runs stands, and the step it waits for."""

    campaign: Campaign
    meeting: Meeting | None
    evaluation: Evaluation | None
    turnout: Turnout | None
    reporters: int
    awaiting_review: int  # reports submitted, not yet accepted or returned
    overdue_reports: int  # reports not submitted past the report deadline
    items_submitted: int  # ledger items awaiting verification
    items_overdue: int

    @property
    def next_step(self) -> str:
        """What the organizer should do next, by the campaign's state and its figures."""
        state = self.campaign.state
        if self.evaluation is not None and self.evaluation.is_open:
            return "close_evaluation"  # voting runs at the meeting, whatever the campaign's step
        if state == CampaignState.PREPARING:
            if not self.reporters:
                return "reporters"
            if self.awaiting_review:
                return "review"
            if self.overdue_reports:
                return "chase"
            return "meeting" if self.meeting is None else "prepare"
        if state == CampaignState.MEETING:
            if self.evaluation is not None and self.evaluation.is_closed:
                return "move_on"  # voting closed at the meeting: the campaign moves on to the results
            return "hold"
        if state == CampaignState.EVALUATING:
            if self.evaluation is None or self.evaluation.is_setup:
                return "open_evaluation"
            return "assess"
        if state == CampaignState.ASSESSED:
            return "publish"
        return "verify" if self.items_submitted else "follow"


def campaigns_in_progress(grants: list[RoleGrant], today: datetime.date) -> list[CampaignProgress]:
    """The campaigns of the organizations the user organizes, not yet archived: five queries."""
    campaigns = _current(_hosts(grants, Role.ORGANIZER))
    if not campaigns:
        return []
    ids = [campaign.pk for campaign in campaigns]
    not_submitted = Q(report__isnull=True) | Q(report__state__in=(ReportState.DRAFT, ReportState.RETURNED))
    reports = {
        row["campaign"]: row
        for row in Reporter.objects.filter(campaign_id__in=ids)
        .values("campaign")
        .annotate(
            total=Count("pk"),
            submitted=Count("pk", filter=Q(report__state=ReportState.SUBMITTED)),
            not_submitted=Count("pk", filter=not_submitted),
        )
    }
    live = Q(status__in=WORK_OWED, carried_to__isnull=True)
    items = {
        row["campaign"]: row
        for row in Item.objects.filter(campaign_id__in=ids)
        .values("campaign")
        .annotate(
            submitted=Count("pk", filter=Q(status=Status.SUBMITTED)),
            overdue=Count("pk", filter=live & Q(deadline__lt=today)),
        )
    }
    evaluations = [e for e in map(_evaluation, campaigns) if e is not None and not e.is_setup]
    turnout = turnouts(evaluations)
    rows = []
    for campaign in campaigns:
        figures, ledger = reports.get(campaign.pk, {}), items.get(campaign.pk, {})
        evaluation = _evaluation(campaign)
        late = today > campaign.report_deadline
        rows.append(
            CampaignProgress(
                campaign=campaign,
                meeting=_meeting(campaign),
                evaluation=evaluation,
                turnout=turnout.get(evaluation.pk) if evaluation is not None else None,
                reporters=figures.get("total", 0),
                awaiting_review=figures.get("submitted", 0),
                overdue_reports=figures.get("not_submitted", 0) if late else 0,
                items_submitted=ledger.get("submitted", 0),
                items_overdue=ledger.get("overdue", 0),
            )
        )
    return rows


# --- Leaders ---------------------------------------------------------------------------------------


@dataclass
class MeetingToComment:
    """A meeting where the leader comments: the reporters heard and those still without their comment."""

    campaign: Campaign
    meeting: Meeting | None
    heard: int  # on-site reporters (every reporter when none reports on-site)
    without_comment: list[Reporter]

    @property
    def records_open(self) -> bool:
        return self.campaign.state in RECORDS_OPEN


def comment_by(user) -> Q:
    """Comments the user made: recorded by them, or recorded for them under their name."""
    made = Q(recorded_by_id=user.pk)
    if user.display_name:
        made |= Q(commenter=user.display_name)
    if user.person_id:
        name = user.person.name
        made |= Q(commenter=name) | Q(commenter__endswith=f" {name}")
    return made


def meetings_to_comment(user, grants: list[RoleGrant]) -> list[MeetingToComment]:
    """The campaigns of the organizations where the user is a leader, not yet archived, with the
    reporters the user has not commented on: two queries."""
    campaigns = _current(_hosts(grants, Role.LEADER))
    if not campaigns:
        return []
    on_site_first = Case(When(mode=ReportMode.ON_SITE, then=0), default=1, output_field=IntegerField())
    reporters = (
        Reporter.objects.filter(campaign__in=campaigns)
        .select_related("organization", "person")
        .annotate(commented=Exists(Comment.objects.filter(comment_by(user), reporter=OuterRef("pk"))))
        .order_by("campaign", on_site_first, "speaking_order", "organization__code")
    )
    by_campaign = defaultdict(list)
    for reporter in reporters:
        by_campaign[reporter.campaign_id].append(reporter)
    rows = []
    for campaign in campaigns:
        everyone = by_campaign.get(campaign.pk, [])
        heard = [reporter for reporter in everyone if reporter.is_on_site] or everyone
        rows.append(
            MeetingToComment(
                campaign=campaign,
                meeting=_meeting(campaign),
                heard=len(heard),
                without_comment=[reporter for reporter in heard if not reporter.commented],
            )
        )
    return rows


# --- Observers -------------------------------------------------------------------------------------


def observed(grants: list[RoleGrant]) -> list:
    """The organizations the user observes, whose oversight dashboards the home page links."""
    return [grant.organization for grant in grants if grant.role == Role.OBSERVER]
