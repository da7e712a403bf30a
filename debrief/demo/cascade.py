"""The demo cascade: what passes between levels (seed 5 and the province's plan).

The city (川北市) joins the province's meeting as a sub-venue: the province set its evaluation up
ahead of the meeting, and the city recorded the attendance it expects and issued its hall's codes.

The district (湖滨区) held its session ten days ago and published its notice; its comments are in its
ledger. Four days later the town (淮北镇, seed 5) conveyed the session (传达学习) and set the three
tasks of the seed, which are in the town's own ledger, and it broke the district's item on its
leaders' age down for three of its villages. The street has not conveyed yet, within the limit.
Upward, the housing bureau, the street and the district filed their campaign plans before their
meetings; the district has not filed its meeting, seven days after it: it is late.

Everything goes through the services of conveyance, rectification and filings, told the time where
they take one. A record that already exists is left alone, so loading again adds nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from debrief.accounts.models import User
from debrief.campaigns.models import Campaign
from debrief.conveyance.models import Conveyance
from debrief.conveyance.services import TaskInput, conveyance_record
from debrief.evaluation import services as evaluation_services
from debrief.evaluation.models import Evaluation
from debrief.filings.models import Filing, FilingKind
from debrief.filings.services import filing_file
from debrief.meetings.selectors import meeting_of
from debrief.meetings.venue_models import SubVenue
from debrief.meetings.venues import sub_venue_add, venue_attendance_set, venue_codes_issue
from debrief.orgs.models import Organization, Post, PostRole
from debrief.rectification import sources
from debrief.rectification.breakdown import item_break_down

from . import tree
from .years import cycle_year

CONVEYED_AFTER_DAYS = 4
# Seed 5: the three tasks the town set when it conveyed the district's session: (task, owner's post,
# months to complete).
TOWN_TASKS = (
    (
        "持续夯实党建工作基础：各基层党组织书记切实履行抓党建第一责任人职责，提高政治站位，"
        "提升党务工作领导能力。",
        PostRole.SECRETARY,
        3,
    ),
    (
        "深化理论武装：巩固党史学习教育成果，持续推进“我为群众办实事”实践活动，引导基层党员干部"
        "发挥先锋模范作用，深入学习党内法规，提高党员学习质量。",
        PostRole.DEPUTY_SECRETARY,
        6,
    ),
    (
        "深化区域党建品牌建设：围绕服务“科学城”北部发展，邀请“四院一校”等结对单位专家“走进来”，"
        "建设德才兼备的专业化干部队伍，推动科学城融合发展。",
        PostRole.SECRETARY,
        9,
    ),
)
TOWN_POINTS = (
    "传达学习全区镇街、系统党（工）委书记抓基层党建工作述职评议会议精神和区委书记讲话精神，"
    "结合淮北镇实际，梳理全面从严治党、党组织建设和党员干部队伍建设工作，明确全年党建工作方向，"
    "围绕建设“五宜”生态科学城抓好落实。"
)
# The district's item the town breaks down for its villages, and the villages that take it on.
BROKEN_DOWN = "带头人队伍老化"
BREAKDOWN_VILLAGES = ("01", "02", "04")


@dataclass
class CascadeSummary:
    conveyances: list[str] = field(default_factory=list)
    tasks: int = 0
    sub_items: int = 0
    filings: int = 0
    sub_venues: list[str] = field(default_factory=list)


def load_cascade(today: datetime.date | None = None) -> CascadeSummary:
    today = today or timezone.localdate()
    year = cycle_year(today)
    summary = CascadeSummary()
    campaigns = {
        c.host.code: c
        for c in Campaign.objects.filter(year=year, host__code__in=[tree.HUBIN, tree.HUAIBEI]).select_related(
            "host"
        )
    }
    province = Campaign.objects.filter(year=year, host__code=tree.PROVINCE).select_related("host").first()
    if province is not None:
        _city_joins_as_sub_venue(province, summary)
    district, town = campaigns.get(tree.HUBIN), campaigns.get(tree.HUAIBEI)
    if district is not None:
        _district_ledger(district)
        if town is not None:
            _convey(district, town.host, summary)
            _break_down(district, town, summary)
    _file(year, summary)
    return summary


# The province's evaluation, set up ahead of its meeting; the city's hall joins as a sub-venue, where
# the city's Party congress delegates and representatives evaluate with codes issued for it.
PROVINCE_CATEGORIES = (
    ("省委常委和省级领导", Decimal(30), 25),
    ("市州和省直单位党组织书记", Decimal(40), 40),
    ("党代表和群众代表", Decimal(30), 80),
)
CITY_VENUE = ("川北市分会场", "CB", "川北市委第一会议室")
CITY_VENUE_ATTENDANCE = {"党代表和群众代表": (40, None)}


def _city_joins_as_sub_venue(province: Campaign, summary: CascadeSummary) -> None:
    meeting = meeting_of(province)
    if meeting is None or SubVenue.objects.filter(meeting=meeting).exists():
        return
    organizer = _login("province_organizer")
    if not Evaluation.objects.filter(campaign=province).exists():
        evaluation = evaluation_services.evaluation_set_up(province)
        evaluation_services.categories_set(evaluation=evaluation, rows=PROVINCE_CATEGORIES)
    name, code, place = CITY_VENUE
    city = Organization.objects.get(code=tree.CHUANBEI)
    venue = sub_venue_add(
        meeting=meeting, organization=city, name=name, code=code, place=place, user=organizer
    )
    city_organizer = _login("city_organizer")
    venue_attendance_set(sub_venue=venue, counts=CITY_VENUE_ATTENDANCE, user=city_organizer)
    categories = {c.name: c for c in Evaluation.objects.get(campaign=province).categories.all()}
    for category, (expected, _present) in CITY_VENUE_ATTENDANCE.items():
        venue_codes_issue(sub_venue=venue, category=categories[category], count=expected, user=city_organizer)
    summary.sub_venues.append(f"{province.host.name} ← {city.name}")


def _login(username: str):
    return User.objects.filter(username=username).first()


def _district_ledger(district: Campaign) -> None:
    """The problems of the district's comments enter its ledger once its notice is out."""
    if not district.rectification_items.exists():
        sources.items_from_comments(campaign=district, user=_login("district_organizer"))


def _holder(organization: Organization, role: str):
    post = (
        Post.objects.current().filter(organization=organization, role=role).select_related("person").first()
    )
    return post.person if post else None


def _convey(district: Campaign, town: Organization, summary: CascadeSummary) -> None:
    meeting = meeting_of(district)
    if meeting is None or Conveyance.objects.filter(organization=town, meeting=meeting).exists():
        return
    held_on = district.meeting_date + datetime.timedelta(days=CONVEYED_AFTER_DAYS)
    secretary = _holder(town, PostRole.SECRETARY)
    tasks = [
        TaskInput(text=text, owner=_holder(town, role) or secretary, deadline=_months_after(held_on, months))
        for text, role, months in TOWN_TASKS
    ]
    conveyance_record(
        organization=town,
        meeting=meeting,
        held_on=held_on,
        presided_by=f"镇党委书记 {secretary.name}" if secretary else "镇党委书记",
        attendance=46,
        expected=50,
        points=TOWN_POINTS,
        tasks=tasks,
        user=_login("town_organizer"),
    )
    summary.conveyances.append(town.name)
    summary.tasks += len(tasks)


def _break_down(district: Campaign, town: Campaign, summary: CascadeSummary) -> None:
    parent = (
        district.rectification_items.filter(
            reporter__organization=town.host, description__contains=BROKEN_DOWN, children__isnull=True
        )
        .select_related("reporter__organization", "campaign")
        .first()
    )
    if parent is None:
        return
    villages = list(
        town.reporters.filter(organization__code__in=[f"{tree.HUAIBEI}{n}" for n in BREAKDOWN_VILLAGES])
    )
    items = item_break_down(
        parent=parent,
        reporters=villages,
        description="村党组织书记年龄偏大，后备力量不足：年内每村至少储备1名35岁以下书记后备人选。",
        deadline=parent.deadline,
        user=_login("town_organizer"),
    )
    summary.sub_items += len(items)


def _months_after(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, 28))


# Who files what, and when: the campaign plans went up a few days before each meeting. The district
# has not filed its meeting, held ten days ago: it is late.
PLAN_FILED_DAYS_BEFORE_MEETING = 5
FILERS = {
    tree.HOUSING_BUREAU: "organizer",
    tree.CHANGZHENG: "street_organizer",
    tree.HUBIN: "district_organizer",
}


def _file(year: int, summary: CascadeSummary) -> None:
    campaigns = Campaign.objects.filter(year=year, host__code__in=list(FILERS)).select_related("host__parent")
    for campaign in campaigns:
        if Filing.objects.filter(campaign=campaign, kind=FilingKind.PLAN).exists():
            continue
        day = campaign.meeting_date - datetime.timedelta(days=PLAN_FILED_DAYS_BEFORE_MEETING)
        at = datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=timezone.get_current_timezone())
        filing_file(campaign=campaign, kind=FilingKind.PLAN, user=_login(FILERS[campaign.host.code]), at=at)
        summary.filings += 1
