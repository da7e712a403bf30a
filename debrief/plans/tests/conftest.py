"""A province's plan over the shared tree, with secretaries in post so each level has someone to hear.

province BJ (hears CA, CB) ── city A (hears CA1, CA2) ── county A1 (hears street A1a) ── street A1a (hears a community)
                          └── city B (hears CB1)
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from debrief.accounts.models import Role
from debrief.orgs.models import Level
from debrief.plans import services
from debrief.testing.factories import PersonFactory, PostFactory, subordinate_with_secretary, user_with_role


def _secretary(organization, name):
    PostFactory(
        organization=organization, person=PersonFactory(name=name), start_date=datetime.date(2020, 1, 1)
    )


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def year(today):
    return today.year


@pytest.fixture
def days(today):
    """The plan's deadlines by level, all ahead of today and inside the plan's year window."""
    return {
        Level.CITY: today + datetime.timedelta(days=20),
        Level.COUNTY: today + datetime.timedelta(days=40),
        Level.TOWNSHIP: today + datetime.timedelta(days=60),
    }


@pytest.fixture
def cascade(tree, cast):
    for organization, name in [
        (tree.city_a, "江一"),
        (tree.city_b, "川一"),
        (tree.county_a1, "东一"),
        (tree.county_b1, "西一"),
        (tree.street_a1a, "长一"),
    ]:
        _secretary(organization, name)
    county_a2 = subordinate_with_secretary(tree.city_a, "CA2", "江州市西区区委", "李明", level=Level.COUNTY)
    community = subordinate_with_secretary(
        tree.street_a1a, "CA1a1", "长征社区党委", "周红", level=Level.VILLAGE
    )
    return SimpleNamespace(
        county_a2=county_a2,
        community=community,
        province_organizer=user_with_role(Role.ORGANIZER, tree.province, username="province_organizer"),
        county_organizer=user_with_role(Role.ORGANIZER, tree.county_a1, username="county_organizer"),
    )


PLAN_VALUES = {
    "title": "关于开展2026年度党组织书记抓基层党建工作述职评议考核的通知",
    "document_number": "北组发〔2026〕12号",
    "guidance": "重点述职履行管党治党责任、推进基层党建重点任务情况。",
    "requirements": "各级党组织要高度重视，精心组织。",
    "scheme_locked": True,
    "categories_locked": False,
    "indicators_locked": True,
    "filing_days": 7,
    "conveyance_days": 30,
    "evaluation_weight": Decimal(60),
}
CATEGORIES = [("领导班子成员", Decimal(30)), ("党组织书记", Decimal(40)), ("党员群众代表", Decimal(30))]
INDICATORS = [("软弱涣散党组织整顿", "个"), ("发展党员", "名")]


def plan_draft(issuer, user, year, deadlines, **values):
    plan = services.plan_create(issuer=issuer, year=year, title=PLAN_VALUES["title"], user=user)
    return services.plan_update(
        plan=plan,
        values={**PLAN_VALUES, **values},
        categories=CATEGORIES,
        sub_indicators=["总揽全局", "工作成效"],
        indicators=INDICATORS,
        deadlines=deadlines,
        user=user,
    )


@pytest.fixture
def draft(tree, cascade, year, days):
    return plan_draft(tree.province, cascade.province_organizer, year, days)


@pytest.fixture
def plan(draft, cascade, today):
    return services.plan_publish(plan=draft, user=cascade.province_organizer, today=today)
