"""The demo campaigns: one per seed meeting, in the current cycle, with reports in every state.

Dates follow the day the demo is loaded, so the campaigns look live: the
current cycle is the year whose campaigns run this winter, the housing bureau's
report deadline has just passed (so late reports show as overdue) and its meeting
was yesterday, the street's meeting is today, and the other hosts' deadlines are
ahead (evaluation.py holds the bureau's and the street's evaluations). The
bureau and the street also have last year's campaign, evaluated and archived
after a year of rectification (its ledger: rectification_work.py). A host that
already has a campaign for a year keeps it untouched, so loading again adds
nothing.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from debrief.accounts.models import User
from debrief.campaigns import services as campaign_services
from debrief.campaigns.models import Campaign, CampaignState, ReportMode
from debrief.orgs.models import Level, Organization, OrganizationStatus, OrganizationType
from debrief.plans.adoption import campaign_start_from_plan
from debrief.plans.selectors import plan_for_host
from debrief.reports import services as report_services

from . import report_texts, tree
from .evaluation import hold_past_evaluation
from .interviews import hold_interviews
from .publication import publish_past_notice
from .rectification_work import last_year_ledger
from .years import cycle_year

SEED = "debrief-demo-campaigns"

RETURN_REMARKS = (
    "报告讲班子工作多、讲书记本人履职少，请围绕书记抓党建第一责任人职责修改。",
    "查摆问题多为业务工作问题，请聚焦基层党建工作，逐条列出具体问题。",
    "成绩讲得多、问题讲得少，问题部分请结合民主生活会查摆情况补充，并分析原因。",
)

# Report states to give each reporter; any reporter not listed is accepted.
DRAFT, SUBMITTED, RETURNED, NOT_STARTED = "draft", "submitted", "returned", "not_started"


@dataclass(frozen=True)
class DemoCampaign:
    host: str
    on_site: tuple[str, ...]  # codes in speaking order
    written: tuple[str, ...]
    deadline_in_days: int  # from the day of loading; negative: already passed
    meeting_in_days: int | None = None  # likewise; None: a week after the deadline
    states: dict[str, str] = field(default_factory=dict)
    # Reports that copy another one: copier -> original code (this year), or itself (last year).
    copies: dict[str, str] = field(default_factory=dict)
    with_last_year: bool = (
        False  # last year's campaign too, archived, with its ledger (rectification_work.py)
    )
    organizer: str = "organizer"  # username of the login that runs it
    from_plan: bool = False  # started from the province's work plan (work_plan.py)


def _housing_units(numbers) -> tuple[str, ...]:
    return tuple(f"{tree.HOUSING_BUREAU}{i:02d}" for i in numbers)


PLANS = (
    # Seed 1: 29 units, 5 on-site; the deadline has just passed.
    DemoCampaign(
        host=tree.HOUSING_BUREAU,
        on_site=_housing_units(range(1, 6)),
        written=_housing_units(range(6, 30)),
        deadline_in_days=-2,
        meeting_in_days=-1,  # held yesterday: its evaluation is closed
        states={
            tree.LIGHTING_CENTER: RETURNED,
            f"{tree.HOUSING_BUREAU}07": SUBMITTED,
            f"{tree.HOUSING_BUREAU}11": SUBMITTED,
            f"{tree.HOUSING_BUREAU}14": SUBMITTED,
            f"{tree.HOUSING_BUREAU}19": RETURNED,
            f"{tree.HOUSING_BUREAU}22": SUBMITTED,
            f"{tree.HOUSING_BUREAU}25": SUBMITTED,
            f"{tree.HOUSING_BUREAU}27": DRAFT,
            f"{tree.HOUSING_BUREAU}28": NOT_STARTED,
        },
        copies={
            f"{tree.HOUSING_BUREAU}14": f"{tree.HOUSING_BUREAU}13",
            f"{tree.HOUSING_BUREAU}22": f"{tree.HOUSING_BUREAU}22",
        },
        with_last_year=True,
    ),
    # Seed 2: the street's communities all report on-site; the meeting is today, voting is open.
    DemoCampaign(
        host=tree.CHANGZHENG,
        on_site=tuple(f"{tree.CHANGZHENG}{i:02d}" for i in range(1, 9)),
        written=(),
        deadline_in_days=-1,
        meeting_in_days=0,
        states={
            f"{tree.CHANGZHENG}03": SUBMITTED,
            f"{tree.CHANGZHENG}04": SUBMITTED,
            f"{tree.CHANGZHENG}06": RETURNED,
            f"{tree.CHANGZHENG}07": DRAFT,
            f"{tree.CHANGZHENG}08": NOT_STARTED,
        },
        with_last_year=True,  # whose unfinished rectification items are carried over
        organizer="street_organizer",
    ),
    # Seed 3: the city's counties on-site; the high-tech zone and city units in writing.
    DemoCampaign(
        host=tree.CHUANBEI,
        on_site=(tree.HUBIN, "BJ0202", "BJ0203", "BJ0204", "BJ0205", "BJ0206", "BJ0207"),
        written=("BJ02GX", "BJ02JG", "BJ02GZ", "BJ02JY", "BJ02LX"),
        deadline_in_days=5,
        states={"BJ0205": SUBMITTED, "BJ0207": DRAFT, "BJ02LX": NOT_STARTED, "BJ02JY": SUBMITTED},
        organizer="city_organizer",
        from_plan=True,
    ),
    # Seed 4: the province's prefectures and three working committees on-site, two in writing.
    DemoCampaign(
        host=tree.PROVINCE,
        on_site=(*(f"BJ{i:02d}" for i in range(1, 13)), "BJJG", "BJGZ", "BJJY"),
        written=("BJLX", "BJNK"),
        deadline_in_days=10,
        states={"BJ04": SUBMITTED, "BJ08": SUBMITTED, "BJ11": DRAFT, "BJNK": NOT_STARTED},
    ),
    # Seed 5: the district hears its street and town; the town hears its villages.
    # Seed 5: the district heard its street and town ten days ago; the town hears its villages next.
    DemoCampaign(
        host=tree.HUBIN,
        on_site=(tree.CHANGZHENG, tree.HUAIBEI),
        written=(),
        deadline_in_days=-14,
        meeting_in_days=-10,
        organizer="district_organizer",
    ),
    DemoCampaign(
        host=tree.HUAIBEI,
        organizer="town_organizer",
        on_site=tuple(f"{tree.HUAIBEI}{i:02d}" for i in range(1, 7)),
        written=(),
        deadline_in_days=20,
        states={f"{tree.HUAIBEI}05": SUBMITTED, f"{tree.HUAIBEI}06": DRAFT},
    ),
)


def text_kind(organization: Organization) -> str:
    if organization.level == Level.CITY:
        return "city"
    if organization.level == Level.COUNTY:
        return "county"
    if organization.level == Level.TOWNSHIP:
        return "town"
    if organization.level == Level.VILLAGE:
        return "community" if "社区" in organization.name else "town"
    if (
        organization.org_type == OrganizationType.WORKING_COMMITTEE
        or organization.parent.level == Level.PROVINCE
    ):
        return "working_committee"
    return "unit"


@dataclass
class CampaignSummary:
    campaigns_created: int = 0
    reports_written: int = 0
    evaluations_created: int = 0  # last year's, held on the way to the archive
    ballots_cast: int = 0


def load_campaigns(today: datetime.date | None = None) -> CampaignSummary:
    today = today or timezone.localdate()
    year = cycle_year(today)
    organizers = User.objects.in_bulk({plan.organizer for plan in PLANS}, field_name="username")
    summary = CampaignSummary()
    for plan in PLANS:
        organizer = organizers.get(plan.organizer)
        host = Organization.objects.get(code=plan.host)
        deadline = today + datetime.timedelta(days=plan.deadline_in_days)
        last_year = None
        if plan.with_last_year:
            last_year = _ensure_last_year(plan, host, year - 1, deadline, organizer, summary)
        if Campaign.objects.filter(host=host, year=year).exists():
            continue
        meeting = deadline + datetime.timedelta(days=7)
        if plan.meeting_in_days is not None:
            meeting = today + datetime.timedelta(days=plan.meeting_in_days)
        campaign = _open(plan, host, year, deadline, meeting, organizer)
        _write_reports(campaign, plan, last_year, organizer, summary)
        summary.campaigns_created += 1
    return summary


def _open(plan, host, year, deadline, meeting, organizer) -> Campaign:
    title = f"{year}年度党组织书记抓基层党建工作述职评议考核"
    work_plan = plan_for_host(host, year) if plan.from_plan else None
    if work_plan is not None:  # the scheme and the key indicators come with the plan
        campaign = campaign_start_from_plan(
            plan=work_plan,
            host=host,
            user=organizer,
            meeting_date=meeting,
            report_deadline=deadline,
            title=title,
        )
    else:
        campaign = campaign_services.campaign_open(
            host=host, year=year, title=title, report_deadline=deadline, meeting_date=meeting, user=organizer
        )
        for name, unit in report_texts.KEY_INDICATORS:
            campaign_services.indicator_add(campaign=campaign, name=name, unit=unit)
    by_code = Organization.objects.in_bulk([*plan.on_site, *plan.written], field_name="code")
    active = [code for code in plan.on_site if by_code[code].status == OrganizationStatus.ACTIVE]
    campaign_services.reporters_add(
        campaign=campaign, organizations=[by_code[c] for c in active], mode=ReportMode.ON_SITE
    )
    campaign_services.reporters_add(
        campaign=campaign, organizations=[by_code[c] for c in plan.written], mode=ReportMode.WRITTEN
    )
    return campaign


def _ensure_last_year(plan, host, year, deadline, organizer, summary) -> Campaign:
    """The year before, every report accepted, evaluated, its results notice published, rectified and
    archived: last year's figures, problems, notice and ledger."""
    existing = Campaign.objects.filter(host=host, year=year).first()
    if existing is not None:
        return existing
    a_year_earlier = deadline - datetime.timedelta(days=365)
    campaign = _open(plan, host, year, a_year_earlier, a_year_earlier + datetime.timedelta(days=7), organizer)
    _write_reports(
        campaign,
        DemoCampaign(host=plan.host, on_site=(), written=(), deadline_in_days=0),
        None,
        organizer,
        summary,
    )
    while campaign.state != CampaignState.ARCHIVED:
        if campaign.state == CampaignState.MEETING:  # the campaign is assessed on its evaluation
            summary.ballots_cast += hold_past_evaluation(campaign, organizer)
            summary.evaluations_created += 1
            campaign.refresh_from_db()
        if campaign.state == CampaignState.ASSESSED:  # publishing the notice moves the campaign on
            publish_past_notice(campaign, organizer)
            campaign.refresh_from_db()
            continue
        if campaign.state == CampaignState.PUBLISHED:  # those graded fair or poor are interviewed
            hold_interviews(campaign, organizer)
        if campaign.state == CampaignState.RECTIFYING:  # the ledger is frozen once archived
            last_year_ledger(campaign)
        campaign = campaign_services.campaign_advance(campaign=campaign, user=organizer)
    summary.campaigns_created += 1
    return campaign


def _write_reports(
    campaign: Campaign, plan: DemoCampaign, last_year: Campaign | None, organizer, summary
) -> None:
    texts: dict[str, report_texts.ReportText] = {}
    reporters = list(campaign.reporters.select_related("organization", "person", "organization__parent"))
    # Originals first, so a copier finds the text it copies.
    reporters.sort(key=lambda r: r.organization.code in plan.copies)
    for reporter in reporters:
        code = reporter.organization.code
        state = plan.states.get(code, "accepted")
        if state == NOT_STARTED:
            continue
        rng = random.Random(f"{SEED}:{campaign.year}:{code}")
        text = _text_for(reporter, campaign, plan, last_year, texts, rng)
        texts[code] = text
        figures = report_texts.indicator_figures(
            kind=text_kind(reporter.organization), rng=rng, organization=reporter.organization.name
        )
        _save(reporter, text, figures, organizer)
        summary.reports_written += 1
        if state == DRAFT:
            continue
        report = reporter.report
        report_services.report_submit(report=report, user=None)
        if state == RETURNED:
            report_services.report_return(report=report, user=organizer, remarks=rng.choice(RETURN_REMARKS))
        elif state != SUBMITTED:
            report_services.report_accept(report=report, user=organizer)


def _text_for(reporter, campaign, plan, last_year, texts, rng) -> report_texts.ReportText:
    code = reporter.organization.code
    original = plan.copies.get(code)
    if original == code and last_year is not None:
        old = last_year.reporters.get(organization__code=code).report.versions.last().content
        return report_texts.near_copy(
            report_texts.ReportText(
                duties=old["duties"],
                problems=old["problems"],
                causes=old["causes"],
                measures=old["measures"],
                rectification_account=old["rectification_account"],
            ),
            organization=reporter.organization.name,
            rng=rng,
        )
    if original in texts:
        return report_texts.near_copy(texts[original], organization=reporter.organization.name, rng=rng)
    return report_texts.generate_report(
        organization=reporter.organization.name,
        secretary=reporter.person.name,
        kind=text_kind(reporter.organization),
        year=campaign.year,
        rng=rng,
    )


def _save(reporter, text: report_texts.ReportText, figures: dict[str, int], organizer) -> None:
    report = report_services.report_start(reporter=reporter)
    indicators = {ind.name: ind.pk for ind in reporter.campaign.indicators.all()}
    report_services.report_save(
        report=report,
        user=organizer,
        sections={
            "duties": text.duties,
            "causes": text.causes,
            "measures": text.measures,
            "rectification_account": text.rectification_account,
        },
        problems=list(text.problems),
        indicator_values={indicators[name]: value for name, value in figures.items() if name in indicators},
    )
