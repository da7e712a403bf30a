import datetime
import re

import pytest
from django.core.management import call_command
from django.test import Client

from debrief.accounts.models import Role, RoleGrant, User
from debrief.demo import logins, staffing, tree
from debrief.demo.names import NameGenerator
from debrief.demo.report import table, width
from debrief.demo.services import load_demo
from debrief.orgs.models import (
    CODE_PATTERN,
    Level,
    Organization,
    OrganizationStatus,
    OrganizationType,
    Person,
    Post,
    PostRole,
)
from debrief.orgs.services import person_create, post_appoint
from debrief.testing.factories import log_in

pytestmark = pytest.mark.django_db


def counts():
    return {model.__name__: model.objects.count() for model in (Organization, Post, Person, User, RoleGrant)}


def current_secretary(code):
    return Post.objects.current().get(organization__code=code, role=PostRole.SECRETARY)


def test_it_builds_the_province_with_its_cities_and_working_committees(demo):
    province = Organization.objects.get(code=tree.PROVINCE)
    assert province.name == "北江省委"
    assert province.level == Level.PROVINCE
    children = province.children.all()
    assert children.filter(level=Level.CITY).count() == 12
    assert set(children.filter(level=Level.UNIT).values_list("short_name", flat=True)) == {
        "省直机关工委",
        "省国资委党委",
        "省委教育工委",
        "省委两新工委",
        "农垦集团党委",
    }


def test_the_housing_bureau_has_29_units_starting_with_the_five_that_reported_on_site(demo):
    bureau = Organization.objects.get(code=tree.HOUSING_BUREAU)
    assert bureau.name == "渭川市住房和城乡建设局党组"
    assert bureau.org_type == OrganizationType.PARTY_GROUP
    assert bureau.parent.name == "渭川市委"
    units = list(bureau.children.order_by("code"))
    assert len(units) == 29
    assert len({unit.name for unit in units}) == 29
    assert all(unit.level == Level.UNIT for unit in units)
    assert [unit.name for unit in units[:5]] == [
        "市城市照明中心党支部",
        "市热力有限公司党委",
        "市建设工程消防设计审查服务中心党支部",
        "市渭滨区直管公房服务所党支部",
        "市第二建设集团有限公司党委",
    ]


def test_the_city_street_and_town_follow_the_seed_meetings(demo):
    chuanbei = Organization.objects.get(code=tree.CHUANBEI)
    assert chuanbei.children.filter(level=Level.COUNTY, org_type=OrganizationType.COMMITTEE).count() == 7
    assert chuanbei.children.filter(org_type=OrganizationType.WORKING_COMMITTEE, level=Level.COUNTY).get(
        short_name="高新区党工委"
    )
    assert chuanbei.children.filter(level=Level.UNIT, status=OrganizationStatus.ACTIVE).count() == 4

    street = Organization.objects.get(code=tree.CHANGZHENG)
    assert (street.name, street.level, street.org_type) == (
        "长征街道党工委",
        Level.TOWNSHIP,
        OrganizationType.WORKING_COMMITTEE,
    )
    communities = street.children.all()
    assert communities.count() == 8
    assert {c.org_type for c in communities} == {
        OrganizationType.COMMITTEE,
        OrganizationType.GENERAL_BRANCH,
        OrganizationType.BRANCH,
    }
    town = Organization.objects.get(code=tree.HUAIBEI)
    assert town.name == "淮北镇党委"
    assert town.parent == street.parent
    assert town.children.active().filter(level=Level.VILLAGE).count() == 6


def test_every_organization_sits_in_the_tree_with_a_readable_code(demo):
    for organization in Organization.objects.select_related("parent"):
        assert re.fullmatch(CODE_PATTERN, organization.code)
        assert re.fullmatch(r"[A-Z0-9-]+", organization.code)
        if organization.parent is None:
            assert organization.code == tree.PROVINCE
        else:
            assert organization.is_within(organization.parent)
            assert organization.depth == organization.parent.depth + 1


def test_one_or_two_minor_organizations_are_dissolved(demo):
    dissolved = Organization.objects.filter(status=OrganizationStatus.DISSOLVED)
    assert 1 <= dissolved.count() <= 2
    assert not dissolved.filter(children__isnull=False).exists()


def test_every_organization_has_exactly_one_current_secretary(demo):
    for organization in Organization.objects.all():
        current = organization.posts.current().filter(role=PostRole.SECRETARY)
        assert current.count() == 1, organization.name
        assert 2019 <= current.get().start_date.year <= 2023


def test_about_a_third_of_the_organizations_show_a_secretary_history(demo):
    total = Organization.objects.count()
    ended = Post.objects.filter(role=PostRole.SECRETARY, end_date__isnull=False).select_related(
        "organization"
    )
    assert total / 5 <= ended.count() <= total / 2
    for post in ended:
        successor = current_secretary(post.organization.code)
        assert post.start_date < post.end_date < successor.start_date
        assert (successor.start_date - post.end_date).days == 1


def test_some_organizations_have_a_deputy_secretary(demo):
    deputies = Post.objects.current().filter(role=PostRole.DEPUTY_SECRETARY)
    assert 0 < deputies.count() < Organization.objects.count()
    assert deputies.filter(organization__code=tree.HOUSING_BUREAU).count() == 1


def test_running_it_twice_creates_nothing_new(demo):
    before = counts()
    again = load_demo()
    assert counts() == before
    assert again.organizations_created == 0
    assert again.posts_created == 0
    assert again.people_created == 0
    assert again.users_created == []
    assert again.organizations_total == before["Organization"]


def test_running_it_again_does_not_reset_a_changed_password(demo):
    user = User.objects.get(username="organizer")
    user.set_password("changed-by-the-user")
    user.save()
    load_demo()
    assert log_in(Client(), "organizer", "changed-by-the-user")


def test_an_organization_that_already_has_a_secretary_gets_no_new_one(demo):
    bureau = Organization.objects.get(code=tree.HOUSING_BUREAU)
    Post.objects.filter(organization=bureau).delete()
    someone = person_create(name="另一位书记")
    post_appoint(
        organization=bureau, person=someone, role=PostRole.SECRETARY, start_date=datetime.date(2024, 3, 1)
    )
    load_demo()
    assert [post.person for post in bureau.posts.filter(role=PostRole.SECRETARY)] == [someone]


def test_an_organization_without_a_secretary_gets_the_planned_ones_once(demo):
    bureau = Organization.objects.get(code=tree.HOUSING_BUREAU)
    Post.objects.filter(organization=bureau).delete()
    planned = staffing.build_plan().posts[tree.HOUSING_BUREAU]
    load_demo()
    load_demo()
    secretaries = bureau.posts.filter(role=PostRole.SECRETARY).order_by("start_date")
    assert [(p.person.name, p.start_date) for p in secretaries] == [
        (term.name, term.start) for term in planned.secretaries
    ]
    assert bureau.posts.current().filter(role=PostRole.DEPUTY_SECRETARY).count() == 1


def test_the_plan_and_the_names_are_the_same_on_every_run():
    assert staffing.build_plan() == staffing.build_plan()
    assert NameGenerator("x").take(50) == NameGenerator("x").take(50)
    names = NameGenerator("x").take(300)
    assert len(set(names)) == 300
    assert all(2 <= len(name) <= 3 for name in names)


def test_the_reporter_is_linked_to_the_lighting_centers_current_secretary(demo):
    reporter = User.objects.get(username="reporter")
    secretary = current_secretary(tree.LIGHTING_CENTER)
    assert reporter.person == secretary.person
    assert secretary.person.name in reporter.display_name
    assert reporter.grants.get().organization.name == "市城市照明中心党支部"


def test_each_demo_user_can_log_in_with_the_demo_password(demo):
    for login in logins.LOGINS:
        assert log_in(Client(), login.username, logins.PASSWORD), login.username
        assert User.objects.get(username=login.username).display_name


def test_each_login_holds_its_role_on_its_organization(demo):
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    expected = {
        "organizer": (Role.ORGANIZER, tree.HOUSING_BUREAU),
        "leader": (Role.LEADER, tree.HOUSING_BUREAU),
        "reporter": (Role.REPORTER, tree.LIGHTING_CENTER),
        "observer": (Role.OBSERVER, tree.PROVINCE),
        "street_organizer": (Role.ORGANIZER, tree.CHANGZHENG),
        "street_leader": (Role.LEADER, tree.CHANGZHENG),
        "city_organizer": (Role.ORGANIZER, tree.CHUANBEI),
        "province_organizer": (Role.ORGANIZER, tree.PROVINCE),
        "district_organizer": (Role.ORGANIZER, tree.HUBIN),
        "town_organizer": (Role.ORGANIZER, tree.HUAIBEI),
    }
    grants = {
        g.user.username: (g.role, g.organization.code)
        for g in RoleGrant.objects.select_related("user", "organization")
    }
    assert grants == expected


def test_the_observers_grant_is_on_the_province(demo):
    grant = RoleGrant.objects.get(user__username="observer")
    assert grant.role == Role.OBSERVER
    assert grant.organization.name == "北江省委"
    assert grant.organization.parent is None


def test_the_first_run_reports_everything_it_created(demo):
    assert demo.organizations_created == demo.organizations_total == Organization.objects.count()
    assert demo.posts_created == Post.objects.count()
    assert demo.people_created == Person.objects.count()
    assert demo.users_created == [login.username for login in logins.LOGINS]


def test_the_command_prints_the_summary_and_the_logins(demo, capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert f"本次新建 0 个 / 演示树 {demo.demo_organizations} 个" in out
    for login in logins.LOGINS:
        assert login.username in out
    assert "debrief-demo" in out
    assert "http://127.0.0.1:8000/" in out
    assert "渭川市住房和城乡建设局党组" in out


def test_the_login_table_lines_up_in_a_terminal():
    lines = table(
        ["用户名", "党组织", "#"],
        [
            ["admin", "—", "1"],
            ["组织者", "渭川市住房和城乡建设局党组", "2"],
            ["reporter", "市城市照明中心党支部", "3"],
        ],
    )
    header, rule, *rows = lines
    # Chinese characters take two columns: the last column starts at the same place on every line.
    assert {width(line[:-1]) for line in [header, *rows]} == {width(rule) - 1}
