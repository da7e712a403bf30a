"""The demo evaluations (民主测评): one closed with results, one with voting open.

The housing bureau held its meeting yesterday: its campaign is "evaluating", about fifty ballots
were cast through the ordinary voting service (so codes, receipts and counts are real), voting is
closed and every unit has a routine score, so results, grades and charts show. The street's
meeting is today: voting is open with a few ballots in, and a handful of unused codes are handed
back for the load_demo output, so whoever runs the demo can cast a ballot at /vote/.

Codes are stored only as keyed hashes, so clear codes exist only while they are issued: they are
printed on the first load alone. A campaign that already has an evaluation is left untouched, so
loading again adds nothing. Ratings and routine scores come from a seeded random generator; the
codes and receipts themselves are random as always.
"""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from math import floor

from django.utils import timezone

from debrief.accounts.models import User
from debrief.campaigns import services as campaign_services
from debrief.campaigns.models import Campaign, CampaignState
from debrief.evaluation import selectors, services
from debrief.evaluation.models import BallotCode, Evaluation, Rating
from debrief.evaluation.shares import parse_share
from debrief.lib import ballot_codes
from debrief.reports import selectors as report_selectors
from debrief.reports.models import ReportState

from . import tree
from .years import cycle_year

SEED = "debrief-demo-evaluations"
RATINGS = (Rating.EXCELLENT, Rating.GOOD, Rating.FAIR, Rating.POOR)  # best first
RATING_NAMES = {Rating.EXCELLENT: "好", Rating.GOOD: "较好", Rating.FAIR: "一般", Rating.POOR: "差"}

# How evaluators tend to rate a unit: chances of 好, 较好, 一般, 差.
PROFILES = {
    "strong": (0.66, 0.29, 0.05, 0.0),
    "good": (0.36, 0.50, 0.12, 0.02),
    "average": (0.20, 0.50, 0.25, 0.05),
    "weak": (0.05, 0.35, 0.45, 0.15),
}
# Routine assessment score ranges, in hundredths, by profile.
ROUTINE = {"strong": (9200, 9800), "good": (8600, 9300), "average": (8300, 8900), "weak": (8000, 8500)}


@dataclass(frozen=True)
class CategoryPlan:
    name: str
    weight: int
    codes: int  # issued, and expected to vote
    ballots: int  # cast in the demo
    leniency: float  # chance an evaluator of this category rates a step up (negative: down)


@dataclass(frozen=True)
class EvaluationPlan:
    host: str
    organizer: str  # username of the login that runs it
    categories: tuple[CategoryPlan, ...]
    profiles: dict[str, str]  # reporter code -> profile; the others are "good"
    sub_indicators: tuple[str, ...] = ()
    ballot_excellent_cap: str = ""
    close: bool = False
    codes_to_show: dict[str, int] = field(default_factory=dict)  # category -> unused codes to print


def _housing(*numbers: int) -> list[str]:
    return [f"{tree.HOUSING_BUREAU}{i:02d}" for i in numbers]


HOUSING = EvaluationPlan(
    host=tree.HOUSING_BUREAU,
    organizer="organizer",
    categories=(
        CategoryPlan("局领导班子成员", 30, codes=9, ballots=8, leniency=-0.15),
        CategoryPlan("各单位党组织书记", 40, codes=29, ballots=25, leniency=0.05),
        CategoryPlan("党员和职工代表", 30, codes=20, ballots=17, leniency=0.10),
    ),
    profiles={
        **dict.fromkeys(_housing(2, 5, 9, 16, 21, 26), "strong"),
        # The units whose reports were returned or are still drafts rate a little lower...
        **dict.fromkeys(_housing(1, 10, 19, 23, 27), "average"),
        # ...and those that copied a report or wrote none at all lower still.
        **dict.fromkeys(_housing(14, 22, 28), "weak"),
    },
    sub_indicators=("履行第一责任人职责情况", "推进重点任务落实情况"),
    ballot_excellent_cap="1/2",
    close=True,
)

STREET = EvaluationPlan(
    host=tree.CHANGZHENG,
    organizer="street_organizer",
    categories=(
        CategoryPlan("街道党工委班子成员", 30, codes=8, ballots=3, leniency=-0.10),
        CategoryPlan("社区党组织书记", 40, codes=8, ballots=4, leniency=0.05),
        CategoryPlan("党员群众代表", 30, codes=40, ballots=5, leniency=0.10),
    ),
    profiles={f"{tree.CHANGZHENG}02": "strong", f"{tree.CHANGZHENG}07": "average"},
    codes_to_show={"街道党工委班子成员": 1, "社区党组织书记": 1, "党员群众代表": 3},
)

# Seed 5: the district evaluated its street and town at its meeting ten days ago.
DISTRICT = EvaluationPlan(
    host=tree.HUBIN,
    organizer="district_organizer",
    categories=(
        CategoryPlan("区级领导", 30, codes=9, ballots=9, leniency=-0.10),
        CategoryPlan("区直部门和镇街党组织书记", 40, codes=24, ballots=22, leniency=0.05),
        CategoryPlan("党代表和群众代表", 30, codes=30, ballots=26, leniency=0.10),
    ),
    profiles={tree.CHANGZHENG: "strong", tree.HUAIBEI: "average"},
    close=True,
)

PLANS = (HOUSING, STREET, DISTRICT)
PLANS_BY_HOST = {plan.host: plan for plan in PLANS}

STATE_NOTES = {
    ReportState.RETURNED: "退回修改",
    ReportState.DRAFT: "尚在起草",
}


@dataclass(frozen=True)
class VotingCode:
    code: str  # grouped for reading, XXXX-XXXX-XX
    category: str


@dataclass(frozen=True)
class EvaluationRow:
    host: str
    year: int
    archived: bool  # last year's, kept with its archived campaign
    state: str  # EvaluationState value
    ballots: int
    codes_issued: int
    grades: dict[str, int]  # grade (好 …) -> reporters, once closed and complete


@dataclass
class EvaluationSummary:
    evaluations_created: int = 0
    ballots_cast: int = 0
    rows: list[EvaluationRow] = field(default_factory=list)
    # Unused codes of the open evaluation: known only on the load that issued them.
    voting_host: str = ""
    voting_organizer: str = ""  # the login that can issue more codes
    voting_codes: list[VotingCode] = field(default_factory=list)


def load_evaluations(today=None) -> EvaluationSummary:
    year = cycle_year(today or timezone.localdate())
    summary = EvaluationSummary()
    for plan in PLANS:
        campaign = Campaign.objects.filter(host__code=plan.host, year=year).select_related("host").first()
        if campaign is None:
            continue
        if not plan.close:
            summary.voting_host, summary.voting_organizer = campaign.host.name, plan.organizer
        if not Evaluation.objects.filter(campaign=campaign).exists():
            organizer = User.objects.filter(username=plan.organizer).first()
            summary.evaluations_created += _run(plan, campaign, organizer, summary)
    for plan in PLANS:
        for campaign in Campaign.objects.filter(
            host__code=plan.host, year__in=[year, year - 1], evaluation__isnull=False
        ).order_by("-year"):
            summary.rows.append(_row(campaign))
    return summary


def hold_past_evaluation(campaign: Campaign, organizer) -> int:
    """Last year's evaluation, held and closed like this year's: an archived campaign needs one.

    Called by campaigns.py while it takes last year's campaign through to the archive, at the
    meeting; returns the ballots cast. The units' standing carries over from this year's plan.
    """
    plan = dataclasses.replace(PLANS_BY_HOST.get(campaign.host.code, HOUSING), close=True, codes_to_show={})
    if 2 * sum(c.ballots for c in plan.categories) <= sum(c.codes for c in plan.categories):
        # A plan caught mid-vote (the street's) is completed: most of those invited voted.
        categories = tuple(
            dataclasses.replace(c, ballots=max(c.ballots, c.codes * 3 // 5)) for c in plan.categories
        )
        plan = dataclasses.replace(plan, categories=categories)
    summary = EvaluationSummary()
    _run(plan, campaign, organizer, summary)
    return summary.ballots_cast


def _run(plan: EvaluationPlan, campaign: Campaign, organizer, summary: EvaluationSummary) -> bool:
    """Hold the plan's evaluation; False if the campaign has already moved past voting."""
    rng = random.Random(f"{SEED}:{campaign.year}:{plan.host}")
    if campaign.state == CampaignState.PREPARING:
        campaign = campaign_services.campaign_advance(
            campaign=campaign, user=organizer, reason=_missing_reports_reason(campaign)
        )
    if campaign.state not in services.VOTING_STATES:
        return False  # moved on by hand: too late for a demo evaluation
    evaluation = services.evaluation_set_up(campaign)
    services.scheme_update(evaluation=evaluation, ballot_excellent_cap=plan.ballot_excellent_cap)
    services.categories_set(
        evaluation=evaluation, rows=[(c.name, Decimal(c.weight), c.codes) for c in plan.categories]
    )
    services.sub_indicators_set(evaluation=evaluation, names=plan.sub_indicators)
    categories = {c.name: c for c in evaluation.categories.all()}
    codes = {
        c.name: services.codes_issue(
            evaluation=evaluation, category=categories[c.name], count=c.codes, user=organizer
        )
        for c in plan.categories
    }
    services.voting_open(evaluation=evaluation, user=organizer)

    reporters, sub_indicators = selectors.ballot_layout(evaluation)
    profiles = [
        _unit_profile(PROFILES[plan.profiles.get(r.organization.code, "good")], rng) for r in reporters
    ]
    share = parse_share(plan.ballot_excellent_cap)
    cap = None if share is None else floor(share * len(reporters))
    for category in plan.categories:
        ballots = _category_ballots(profiles, category.ballots, category.leniency, cap, rng)
        for code, overall in zip(codes[category.name], ballots, strict=False):
            ratings = {
                reporter.pk: [rating, *(_near(rating, rng) for _ in sub_indicators)]
                for reporter, rating in zip(reporters, overall, strict=True)
            }
            services.ballot_cast(code_text=code, ratings=ratings)
            summary.ballots_cast += 1

    if plan.close:
        _void_a_lost_slip(evaluation, organizer)
        services.voting_close(evaluation=evaluation, user=organizer)
        if campaign.state == CampaignState.MEETING:
            campaign_services.campaign_advance(
                campaign=campaign,
                user=organizer,
                reason="述职评议会议已召开，民主测评投票已结束，进入测评结果汇总。",
            )
        scores = {}
        for reporter in reporters:
            low, high = ROUTINE[plan.profiles.get(reporter.organization.code, "good")]
            scores[reporter.pk] = Decimal(rng.randint(low, high)) / 100
        services.routine_scores_set(evaluation=evaluation, scores=scores, user=organizer)
    else:
        for name, count in plan.codes_to_show.items():
            unused = codes[name][next(c.ballots for c in plan.categories if c.name == name) :]
            summary.voting_codes += [VotingCode(ballot_codes.format_code(c), name) for c in unused[:count]]
    return True


def _void_a_lost_slip(evaluation, organizer) -> None:
    """A slip lost before the meeting: its code is voided, as the codes page and the integrity check show."""
    lost = (
        BallotCode.objects.filter(evaluation=evaluation, used=False, voided_at__isnull=True)
        .select_related("category")
        .order_by("category__position", "-serial")
        .first()
    )
    if lost is not None:
        services.code_void(
            evaluation=evaluation,
            category=lost.category,
            serial=lost.serial,
            reason="会前遗失",
            user=organizer,
        )


def _missing_reports_reason(campaign: Campaign) -> str:
    missing = report_selectors.reporters_without_report(campaign)
    if not missing:
        return ""
    names = "、".join(
        f"{r.organization.name}（{STATE_NOTES.get(report_selectors.status_of(report_selectors.report_of(r)), '未开始撰写')}）"
        for r in missing
    )
    return f"{names}共{len(missing)}个单位的述职报告尚未提交，会议按计划召开，相关单位会后补交。"


def _unit_profile(weights: tuple[float, ...], rng: random.Random) -> tuple[float, ...]:
    """A unit's own chances: its profile with some weight moved between 好 and 较好."""
    shift = rng.uniform(-0.08, 0.08)
    excellent, good = max(weights[0] + shift, 0.0), max(weights[1] - shift, 0.0)
    total = excellent + good + sum(weights[2:])
    return tuple(w / total for w in (excellent, good, *weights[2:]))


def _category_ballots(profiles, count: int, leniency: float, cap: int | None, rng) -> list[list[str]]:
    """The overall ratings on a category's ballots, one list per ballot in reporter order.

    Each unit's ratings follow its chances closely (counts rounded, then shuffled over the ballots),
    so no unit drifts by chance towards the poor-rate rule; the category's leniency then moves a
    share of ratings a step, and a ballot over the cap on 好 moves the excess to 较好, as the
    ballot page would make its evaluator do.
    """
    columns = []
    for weights in profiles:
        column = [RATINGS[i] for i, n in enumerate(_rounded_counts(weights, count, rng)) for _ in range(n)]
        rng.shuffle(column)
        columns.append(column)
    ballots = []
    for j in range(count):
        ratings = []
        for column in columns:
            index = RATINGS.index(column[j])
            if rng.random() < abs(leniency):
                index += -1 if leniency > 0 else 1
            ratings.append(RATINGS[min(max(index, 0), len(RATINGS) - 1)])
        excellent = [i for i, rating in enumerate(ratings) if rating == Rating.EXCELLENT]
        if cap is not None and len(excellent) > cap:
            for i in rng.sample(excellent, len(excellent) - cap):
                ratings[i] = Rating.GOOD
        ballots.append(ratings)
    return ballots


def _rounded_counts(weights: tuple[float, ...], total: int, rng: random.Random) -> list[int]:
    """Whole counts adding up to `total`, in proportion to the weights (largest remainders)."""
    exact = [w * total for w in weights]
    counts = [floor(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (exact[i] - counts[i], rng.random()), reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _near(rating: str, rng: random.Random) -> str:
    """A sub-indicator's rating: mostly the overall one, sometimes a step either way."""
    index = RATINGS.index(rating)
    roll = rng.random()
    if roll < 0.12:
        index -= 1
    elif roll < 0.24:
        index += 1
    return RATINGS[min(max(index, 0), len(RATINGS) - 1)]


def _row(campaign: Campaign) -> EvaluationRow:
    evaluation = Evaluation.objects.get(campaign=campaign)
    check = selectors.integrity_check(evaluation)
    grades: dict[str, int] = {}
    if evaluation.is_closed:
        found = selectors.results(evaluation)
        if not found.is_preview:
            counts = Counter(row.overall.grade for row in found.rows)
            grades = {RATING_NAMES[r]: counts[r] for r in RATINGS if counts[r]}
    return EvaluationRow(
        host=campaign.host.name,
        year=campaign.year,
        archived=campaign.is_archived,
        state=evaluation.state,
        ballots=check.ballots,
        codes_issued=check.issued,
        grades=grades,
    )
