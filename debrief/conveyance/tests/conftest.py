"""The seed's cascade: 湖滨区委 (the district) holds its 2021 debriefing meeting in January 2022;
淮北镇党委 (a town below it) conveys it on 14 February and sets three tasks for the year."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from debrief.accounts.models import Role
from debrief.campaigns.models import CampaignState
from debrief.campaigns.services import reporters_add
from debrief.conveyance import services
from debrief.orgs.models import Level
from debrief.testing.factories import (
    OrganizationFactory,
    advance_to,
    campaign_open,
    meeting_set_up,
    subordinate_with_secretary,
    user_with_role,
)

MEETING_DAY = datetime.date(2022, 1, 20)
CONVEYED_ON = datetime.date(2022, 2, 14)
TASKS = [
    "压紧压实基层党组织书记抓党建第一责任人职责，年底前完成述职评议全覆盖",
    "巩固党史学习教育成果，深化“我为群众办实事”实践活动",
    "深化区域党建品牌建设，推动“五宜”生态科学城建设",
]
POINTS = (
    "一是持续夯实党建工作基础，各基层党组织书记要切实履行抓党建第一责任人职责；\n"
    "二是深化理论武装，巩固党史学习教育成果；\n"
    "三是深化区域党建品牌建设。"
)


@pytest.fixture
def cascade(db):
    district = OrganizationFactory(code="HB", name="湖滨区委", level=Level.COUNTY)
    town = subordinate_with_secretary(district, "HB01", "淮北镇党委", "陈书记", level=Level.TOWNSHIP)
    other_town = subordinate_with_secretary(district, "HB02", "淮南镇党委", "林书记", level=Level.TOWNSHIP)
    villages = [
        subordinate_with_secretary(town, "HB0101", "淮北镇东村党支部", "周书记", level=Level.VILLAGE),
        subordinate_with_secretary(town, "HB0102", "淮北镇西村党支部", "吴书记", level=Level.VILLAGE),
    ]
    users = SimpleNamespace(
        district=user_with_role(Role.ORGANIZER, district, username="district_organizer"),
        town=user_with_role(Role.ORGANIZER, town, username="town_organizer"),
        other_town=user_with_role(Role.ORGANIZER, other_town, username="other_town_organizer"),
    )
    district_campaign = campaign_open(
        district,
        year=2021,
        user=users.district,
        report_deadline=datetime.date(2022, 1, 10),
        meeting_date=MEETING_DAY,
    )
    district_reporters = reporters_add(
        campaign=district_campaign, organizations=[town, other_town], mode="on_site"
    )
    meeting = meeting_set_up(district_campaign)
    district_campaign = advance_to(district_campaign, CampaignState.MEETING, users.district)
    town_campaign = campaign_open(
        town,
        year=2021,
        user=users.town,
        report_deadline=datetime.date(2022, 2, 1),
        meeting_date=datetime.date(2022, 2, 10),
    )
    town_reporters = reporters_add(campaign=town_campaign, organizations=villages, mode="on_site")
    return SimpleNamespace(
        district=district,
        town=town,
        other_town=other_town,
        villages=villages,
        users=users,
        district_campaign=district_campaign,
        district_reporters=district_reporters,
        meeting=meeting,
        town_campaign=town_campaign,
        town_reporters=town_reporters,
        secretary=town.posts.get().person,
    )


def task_inputs(cascade, texts=TASKS, deadline=datetime.date(2022, 12, 31)):
    return [services.TaskInput(text=text, owner=cascade.secretary, deadline=deadline) for text in texts]


def record(cascade, **changes):
    fields = {
        "organization": cascade.town,
        "meeting": cascade.meeting,
        "held_on": CONVEYED_ON,
        "presided_by": "镇党委书记 陈书记",
        "attendance": 32,
        "expected": 35,
        "points": POINTS,
        "tasks": task_inputs(cascade),
        "user": cascade.users.town,
    }
    return services.conveyance_record(**{**fields, **changes})


@pytest.fixture
def conveyance(cascade):
    return record(cascade)


def aware(day: datetime.date):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 9, 0))
