"""The oversight dashboard: a subtree's year by direct subordinate, totals, the weakest, exemptions,
and what a user outside the subtree finds (nothing)."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from debrief.accounts.models import Role
from debrief.audit.models import Action, Entry
from debrief.campaigns.models import CampaignState
from debrief.campaigns.services import campaign_advance
from debrief.oversight import services
from debrief.oversight.dashboard import NOT_STARTED, dashboard
from debrief.oversight.figures import figures_refresh
from debrief.oversight.models import CampaignFigures, CampaignOwedItems, HostExemption
from debrief.oversight.services import OversightError
from debrief.plans.models import Plan, PlanState
from debrief.publication.interview_services import interview_save
from debrief.publication.tests.conftest import evaluated
from debrief.rectification import services as ledger
from debrief.testing.factories import PersonFactory, PostFactory, user_with_role

TODAY = datetime.date(2023, 6, 1)


@pytest.fixture
def county_b1_secretary(tree):
    """City B's county has a secretary: City B is expected to host a campaign, and has not started."""
    return PostFactory(
        organization=tree.county_b1, person=PersonFactory(name="孙伟"), start_date=datetime.date(2020, 1, 1)
    )


@pytest.fixture
def graded(campaign, reporters, cast, county_b1_secretary):
    """City A's 2022 campaign evaluated: A1 excellent, A2 good, A3 fair; A1's report submitted."""
    evaluated(campaign, reporters, cast)
    return campaign


def test_each_subordinate_shows_how_far_it_got_and_who_reported(tree, graded, reporters):
    board = dashboard(tree.province, 2022, today=TODAY)
    rows = {row.organization.code: row.figures for row in board.rows}
    city_a, city_b = rows["CA"], rows["CB"]
    assert (city_a.expected_hosts, city_a.campaigns, city_a.stages[CampaignState.EVALUATING]) == (1, 1, 1)
    assert (city_a.should_report, city_a.reporters, city_a.reported) == (3, 3, 1)
    assert (city_b.expected_hosts, city_b.campaigns, city_b.stages[NOT_STARTED]) == (1, 0, 1)
    assert (city_b.should_report, city_b.reported) == (1, 0)
    assert (board.total.expected_hosts, board.total.should_report, board.total.reported) == (2, 4, 1)
    assert board.total.coverage == pytest.approx(1 / 4)
    assert dict(board.total.grades) == {"excellent": 1, "good": 1, "fair": 1}


def test_the_organizations_own_campaign_counts_apart_from_its_subordinates(tree, graded):
    board = dashboard(tree.city_a, 2022, today=TODAY)
    assert board.own_campaign == graded
    assert (board.own.reporters, board.own.reported, board.own.should_report) == (3, 1, 3)
    assert board.total.reporters == 3
    assert [row.organization.code for row in board.rows] == []  # no county hosts a campaign below


def test_overdue_and_signed_off_items_and_interviews_add_up(tree, graded, reporters, cast):
    campaign_advance(campaign=graded, user=cast.organizer_a)  # assessed: interviews may be held
    late = ledger.item_create(
        campaign=graded, reporter=reporters.a2, description="台账不规范", deadline=datetime.date(2023, 3, 1)
    )
    ledger.item_create(
        campaign=graded, reporter=reporters.a3, description="学习不深入", deadline=datetime.date(2023, 9, 1)
    )
    interview_save(
        reporter=reporters.a3,
        held_on=datetime.date(2023, 2, 1),
        held_by="市委组织部部长 陈立",
        points="指出问题",
        user=cast.organizer_a,
        today=datetime.date(2023, 2, 2),
    )
    board = dashboard(tree.province, 2022, today=TODAY)
    assert (board.total.items_total, board.total.overdue) == (2, 1)
    assert board.total.overdue_rate == pytest.approx(1 / 2)
    assert (board.total.needing_interview, board.total.interviewed) == (1, 1)
    [weak] = board.weakest_graded
    assert (weak.organization, weak.grade) == (reporters.a3.organization.name, "fair")
    [overdue] = board.most_overdue
    assert (overdue.campaign_id, overdue.host, overdue.overdue) == (late.campaign_id, "江州市委", 1)


def test_an_exempted_host_is_not_expected_and_the_exemption_is_recorded(tree, graded, cast):
    organizer = user_with_role(Role.ORGANIZER, tree.province, username="province_organizer")
    services.host_exempt(organization=tree.city_b, year=2022, reason="与川南市合并", user=organizer)
    rows = {row.organization.code: row.figures for row in dashboard(tree.province, 2022, today=TODAY).rows}
    assert (rows["CB"].expected_hosts, rows["CB"].exempted_hosts, rows["CB"].stages[NOT_STARTED]) == (0, 1, 0)
    assert Entry.objects.filter(action=Action.HOST_EXEMPTED).get().after == {
        "year": 2022,
        "reason": "与川南市合并",
    }
    with pytest.raises(OversightError, match="already holds its 2022 campaign"):
        services.host_exempt(organization=tree.city_a, year=2022, reason="x", user=organizer)
    with pytest.raises(OversightError, match="Say why 川北市委 holds no campaign"):
        services.host_exempt(organization=tree.city_b, year=2023, reason="  ", user=organizer)
    with pytest.raises(OversightError, match="already exempted for 2022"):
        services.host_exempt(organization=tree.city_b, year=2022, reason="再次", user=organizer)


def test_the_page_drills_down_and_a_city_organizer_sees_only_the_city(client, tree, graded, cast):
    observer = cast.observer  # on the province
    client.force_login(observer)
    page = client.get(reverse("oversight:dashboard", args=["BJ", 2022]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert reverse("oversight:dashboard", args=["CA", 2022]) in text and "川北市委" in text
    client.force_login(cast.organizer_a)  # organizes City A only
    assert client.get(reverse("oversight:dashboard", args=["CA", 2022])).status_code == 200
    for code in ("BJ", "CB"):
        assert client.get(reverse("oversight:dashboard", args=[code, 2022])).status_code == 404
        assert client.get(reverse("oversight:dashboard_xlsx", args=[code, 2022])).status_code == 404
    start = client.get(reverse("oversight:start"))
    assert start["Location"] == reverse("oversight:dashboard", args=["CA", 2022])


def test_only_an_organizer_of_the_host_exempts_it(client, tree, county_b1_secretary, cast):
    client.force_login(cast.observer)  # oversees the province, organizes nothing
    refused = client.post(
        reverse("oversight:exempt", args=["BJ", 2022]),
        {"host": "CB", "reason": "合并"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "No organization you can see has this code or name." in refused.content.decode()
    client.force_login(cast.organizer_a)  # organizes City A, not City B
    client.post(reverse("oversight:exempt", args=["CA", 2022]), {"host": "CB", "reason": "合并"})
    assert not HostExemption.objects.exists()
    organizer = user_with_role(Role.ORGANIZER, tree.province, username="province_organizer")
    client.force_login(organizer)
    page = client.get(reverse("oversight:dashboard", args=["BJ", 2022]))
    assert 'id="exempt-form"' in page.content.decode()
    response = client.post(
        reverse("oversight:exempt", args=["BJ", 2022]), {"host": "川北市委", "reason": "合并"}
    )
    assert response["Location"] == reverse("oversight:dashboard", args=["BJ", 2022])
    assert dashboard(tree.province, 2022, today=TODAY).rows[0].figures.exempted_hosts == 1
    options = client.get(reverse("oversight:host_options"), {"host": "川北"}).content.decode()
    assert 'value="CB"' in options


def test_the_xlsx_has_a_row_per_subordinate_under_the_totals(client, tree, graded, cast):
    client.force_login(cast.observer)
    response = client.get(reverse("oversight:dashboard_xlsx", args=["BJ", 2022]), HTTP_ACCEPT_LANGUAGE="en")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("Organization", "Expected hosts", "Exempted")
    assert [row[0] for row in rows[2:]] == ["Whole subtree", "江州市委", "川北市委"]


def test_the_dashboard_reads_each_kind_of_thing_once(client, tree, graded, cast, django_assert_num_queries):
    client.force_login(cast.observer)
    url = reverse("oversight:dashboard", args=["BJ", 2022])
    client.get(url)
    # 1 session, 2 user, 3 the organization, 4 grants; 5 its children; 6 the year's campaigns; 7
    # exemptions; 8 expected hosts (secretaries' posts by parent); 9 which kept figures are stale
    # (none: the first read counted them); 10 the figures summed per subordinate; 11 overdue items
    # per subordinate and 12 per campaign; 13 its own campaign; 14 the weakest graded; 15 the
    # exemptions listed; 16 the work plan it issued for the year (a province has no ancestors to
    # read). Whatever the size of the subtree.
    with django_assert_num_queries(16):
        assert client.get(url).status_code == 200


def test_the_dashboard_leads_to_the_work_plans_progress_and_the_filings(client, tree, graded, cast):
    plan = Plan.objects.create(issuer=tree.province, year=2022, title="2022年度述职评议考核工作方案")
    client.force_login(cast.observer)
    page = client.get(reverse("oversight:dashboard", args=["BJ", 2022])).content.decode()
    assert reverse("plans:detail", args=[plan.pk]) in page  # a draft: the plan itself
    assert reverse("filings:superior", args=["BJ", 2022]) in page
    plan.state = PlanState.PUBLISHED
    plan.save()
    page = client.get(reverse("oversight:dashboard", args=["BJ", 2022])).content.decode()
    assert reverse("plans:progress", args=[plan.pk]) in page


def test_an_organizations_page_leads_to_its_latest_year(client, tree, graded, cast):
    client.force_login(cast.observer)
    page = client.get(reverse("directory:detail", args=["CA"]))
    assert reverse("oversight:latest", args=["CA"]) in page.content.decode()
    latest = client.get(reverse("oversight:latest", args=["CA"]))
    assert latest["Location"] == reverse("oversight:dashboard", args=["CA", 2022])


def test_a_campaigns_figures_are_counted_again_after_a_change_and_only_then(tree, graded, reporters):
    assert dashboard(tree.province, 2022, today=TODAY).total.items_total == 0
    figures = CampaignFigures.objects.get(campaign=graded)
    assert not figures.stale
    item = ledger.item_create(
        campaign=graded, reporter=reporters.a1, description="调研不够", deadline=datetime.date(2023, 1, 1)
    )
    figures.refresh_from_db()
    assert figures.stale  # the item's save marked it
    board = dashboard(tree.province, 2022, today=TODAY)
    assert (board.total.items_total, board.total.overdue) == (1, 1)
    figures.refresh_from_db()
    assert not figures.stale
    owed = CampaignOwedItems.objects.filter(campaign=graded).values_list("deadline", "items")
    assert list(owed) == [(datetime.date(2023, 1, 1), 1)]
    item.delete()
    assert dashboard(tree.province, 2022, today=TODAY).total.items_total == 0


def test_a_recount_begun_before_a_write_leaves_the_row_stale(tree, graded):
    dashboard(tree.province, 2022, today=TODAY)
    later = timezone.now() + datetime.timedelta(seconds=5)  # a write marked it after the count began
    CampaignFigures.objects.filter(campaign=graded).update(stale=True, marked_at=later)
    figures_refresh([graded.pk])
    assert CampaignFigures.objects.get(campaign=graded).stale


def test_the_xlsx_prints_one_page_across_with_the_header_and_the_names_on_every_page(
    client, tree, graded, cast
):
    client.force_login(cast.observer)
    response = client.get(reverse("oversight:dashboard_xlsx", args=["BJ", 2022]), HTTP_ACCEPT_LANGUAGE="en")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet, weakest = book.worksheets
    assert (sheet.print_title_rows, sheet.print_title_cols) == ("$2:$2", "$A:$A")
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert [str(cells) for cells in sheet.merged_cells.ranges][0].startswith(
        "A1:"
    )  # the title spans the table
    assert sheet["B2"].alignment.wrap_text  # long headers wrap instead of widening the page
    assert weakest.print_title_rows == "$1:$1"
    assert sheet.oddFooter.center.text == weakest.oddFooter.center.text == "Page &P of &N"
