import datetime
import io

import openpyxl
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from debrief.accounts.models import Role
from debrief.campaigns.services import reporters_add
from debrief.filings import views
from debrief.filings.models import Filing, FilingKind
from debrief.filings.services import filing_file
from debrief.orgs.models import Level
from debrief.testing.factories import (
    PersonFactory,
    PostFactory,
    campaign_open,
    subordinate_with_secretary,
    user_with_role,
)

from .conftest import plan_published

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def today(monkeypatch):
    """The pages' today, set by the test."""

    def set_today(day):
        monkeypatch.setattr(views, "today", lambda request: day)

    set_today(D(2023, 1, 1))
    return set_today


@pytest.fixture
def organizer_p(tree):
    return user_with_role(Role.ORGANIZER, tree.province, username="organizer_p")


def _page(client, user, campaign):
    client.force_login(user)
    return client.get(reverse("filings:campaign", args=[campaign.pk]))


def test_the_host_sees_each_kind_with_its_state_and_files_with_one_action(client, planned, cast, today):
    response = _page(client, cast.organizer_a, planned)
    html = response.content.decode()

    assert response.status_code == 200
    assert "Material is filed with 北江省委" in html
    assert html.count('data-confirm="File “') == 1  # only the plan can be filed yet
    assert "The meeting is filed once held" in html and "2023-01-14" in html  # the plan's due date

    response = client.post(reverse("filings:file", args=[planned.pk, "plan"]), follow=True)
    assert "Work arrangements of the debriefing is filed with 北江省委." in response.content.decode()
    assert Filing.objects.filter(campaign=planned, kind="plan").count() == 1
    assert reverse("filings:snapshot", args=[planned.pk, "plan"]) in response.content.decode()


def test_filing_twice_shows_why_and_files_nothing_more(client, planned, cast, today):
    filing_file(campaign=planned, kind=FilingKind.PLAN, user=cast.organizer_a)
    client.force_login(cast.organizer_a)
    response = client.post(reverse("filings:file", args=[planned.pk, "plan"]), follow=True)
    assert "was already filed with 北江省委" in response.content.decode()
    assert Filing.objects.count() == 1


def test_a_refused_filing_says_why(client, planned, cast, today):
    client.force_login(cast.organizer_a)
    response = client.post(reverse("filings:file", args=[planned.pk, "results"]), follow=True)
    assert "results notice is published" in response.content.decode()
    assert not Filing.objects.exists()


def test_superiors_read_the_page_but_do_not_file_for_the_host(client, planned, cast, organizer_p, today):
    response = _page(client, organizer_p, planned)
    assert response.status_code == 200
    assert "Only organizers of the host itself file" in response.content.decode()
    assert "data-confirm" not in response.content.decode()
    response = client.post(reverse("filings:file", args=[planned.pk, "plan"]))
    assert response.status_code == 404 and not Filing.objects.exists()


def test_outside_the_subtree_nothing_is_found(client, planned, cast, today):
    filing_file(campaign=planned, kind=FilingKind.PLAN, user=cast.organizer_a)
    client.force_login(cast.organizer_b)
    for url in (
        reverse("filings:campaign", args=[planned.pk]),
        reverse("filings:snapshot", args=[planned.pk, "plan"]),
        reverse("filings:superior", args=["BJ", 2022]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("filings:file", args=[planned.pk, "meeting"])).status_code == 404
    client.force_login(cast.reporter_a1)  # a reporter of the campaign does not read its filings
    assert client.get(reverse("filings:snapshot", args=[planned.pk, "plan"])).status_code == 404


def test_the_superior_reads_the_filed_plan(client, planned, cast, today):
    filing_file(campaign=planned, kind=FilingKind.PLAN, user=cast.organizer_a)
    client.force_login(cast.observer)
    response = client.get(reverse("filings:snapshot", args=[planned.pk, "plan"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Filed by 江州市委 with 北江省委" in html and "江州市东区区委" in html and "发展党员" in html
    assert "<form" not in html.split("<main>", 1)[1]  # read-only: nothing to post
    assert client.get(reverse("filings:snapshot", args=[planned.pk, "meeting"])).status_code == 404
    assert client.get(reverse("filings:snapshot", args=[planned.pk, "ballots"])).status_code == 404


def test_the_filed_lists_download_as_three_sheets_of_text(client, with_items, cast, today):
    filing_file(campaign=with_items, kind=FilingKind.LISTS, user=cast.organizer_a)
    client.force_login(cast.observer)
    page = client.get(reverse("filings:snapshot", args=[with_items.pk, "lists"])).content.decode()
    assert "Grassroots organization building" in page and "制定年度学习计划" in page

    response = client.get(reverse("filings:lists_xlsx", args=[with_items.pk]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    with translation.override(settings.LANGUAGE_CODE):  # the site's language (问题清单 …)
        names = [gettext("Problems list"), gettext("Responsibility list"), gettext("Rectification list")]
    assert book.sheetnames == names
    problems, responsibility, rectification = (book[name] for name in names)
    assert problems["B2"].value == "=“三会一课”落实不够规范" and problems["B2"].data_type == "s"
    assert problems["D2"].value == "基层组织建设"
    assert [c.value for c in responsibility[3]] == [
        "2022-002",
        "党建与业务融合不够紧密",
        "江州市西区区委",
        "李明",
    ]
    assert rectification["C2"].value == "1. 制定年度学习计划\n2. 每月开展一次集中学习"
    assert client.get(reverse("filings:lists_xlsx", args=[with_items.pk + 1])).status_code == 404


def _superior(client, user, code="BJ", year=2022, **query):
    client.force_login(user)
    return client.get(reverse("filings:superior", args=[code, year]), query)


def test_the_superior_sees_each_host_what_was_filed_and_what_is_late(client, planned, cast, today):
    filing_file(campaign=planned, kind=FilingKind.PLAN, user=cast.organizer_a)
    today(D(2023, 1, 25))  # the meeting was due to be filed by 01-22
    html = _superior(client, cast.observer).content.decode()

    row = html.split('id="host-CA"', 1)[1].split("</tr>", 1)[0]
    assert "filed 20" in row and reverse("filings:snapshot", args=[planned.pk, "plan"]) in row
    meeting_cell = row.split("cell-meeting", 1)[1].split("</td>", 1)[0]
    assert "Late" in meeting_cell and "due 2023-01-22" in meeting_cell
    assert 'id="count-plan">Work arrangements of the debriefing: <strong>1</strong> filed' in html


def test_the_late_filter_keeps_the_late_hosts(client, planned, cast, counties, today):
    county = campaign_open(counties.a2, year=2022, meeting_date=D(2023, 2, 20))
    today(D(2023, 1, 25))
    html = _superior(client, cast.observer, late="1").content.decode()
    assert 'id="host-CA"' in html and 'id="host-CA2"' not in html
    html = _superior(client, cast.observer, level=Level.COUNTY).content.decode()
    assert 'id="host-CA"' not in html and 'id="host-CA2"' in html
    assert county.host == counties.a2


def test_hosts_a_plan_expects_without_a_campaign_are_listed(client, planned, tree, cast, today):
    PostFactory(organization=tree.county_b1, person=PersonFactory(name="孙伟"), start_date=D(2020, 1, 1))
    plan_published(tree.province, deadlines={Level.CITY: D(2023, 1, 20)})
    today(D(2023, 1, 28))
    html = _superior(client, cast.observer).content.decode()
    row = html.split('id="host-CB"', 1)[1].split("</tr>", 1)[0]
    assert "Not opened" in row
    assert "due 2023-01-19" in row  # the plan: the day before the level's deadline
    # The plan, the meeting and the results (the deadline + 7 days) are late; the lists are not yet.
    assert row.count("Late") == 3 and "due 2023-02-26" in row.split("cell-lists", 1)[1]


def _county_campaign(county, code, user):
    """A county's campaign over one township, its plan filed."""
    township = subordinate_with_secretary(
        county, code, f"{county.name}{code}镇党委", "周", level=Level.TOWNSHIP
    )
    campaign = campaign_open(county, year=2022, user=user)
    reporters_add(campaign=campaign, organizations=[township], mode="on_site")
    organizer = user_with_role(Role.ORGANIZER, county)
    filing_file(campaign=campaign, kind=FilingKind.PLAN, user=organizer)
    return campaign


def _queries(client, user) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert _superior(client, user).status_code == 200
    return len(queries)


def test_the_superiors_page_reads_a_fixed_number_of_queries(
    client, planned, tree, cast, counties, today, django_assert_num_queries
):
    plan_published(tree.province, deadlines={Level.CITY: D(2023, 1, 20), Level.COUNTY: D(2023, 2, 20)})
    filing_file(campaign=planned, kind=FilingKind.PLAN, user=cast.organizer_a)
    client.force_login(cast.observer)
    few = _queries(client, cast.observer)
    for n, county in enumerate([counties.a1, counties.a2, counties.a3]):
        _county_campaign(county, f"T{n}", cast.organizer_a)
    PostFactory(organization=tree.county_b1, person=PersonFactory(name="孙伟"), start_date=D(2020, 1, 1))
    many = _queries(client, cast.observer)
    assert few == many
    # session, user, grants, organization, campaigns, filings, notices, adoptions, plans and their
    # deadlines, the expected hosts without a campaign
    with django_assert_num_queries(11):
        html = client.get(reverse("filings:superior", args=["BJ", 2022])).content.decode()
    assert html.count('id="host-') == 5  # city A, its three counties, city B (expected)


def test_the_superiors_page_pages_at_a_hundred_rows(client, tree, cast, today, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for code in ("CA", "CB"):
        campaign_open(tree.city_a if code == "CA" else tree.city_b, year=2022)
    campaign_open(tree.county_a1, year=2022)
    html = _superior(client, cast.observer).content.decode()
    assert html.count('id="host-') == 2 and "Page 1 of 2" in html


def test_the_filed_meeting_and_results_read_as_filed(client, published, cast, today):
    filing_file(campaign=published, kind=FilingKind.MEETING, user=cast.organizer_a)
    filing_file(campaign=published, kind=FilingKind.RESULTS, user=cast.organizer_a)
    client.force_login(cast.observer)
    meeting = client.get(reverse("filings:snapshot", args=[published.pk, "meeting"])).content.decode()
    assert "机关三楼会议室" in meeting and "局党组专职副书记 马平科" in meeting
    attendance = meeting.split('id="snapshot-attendance"', 1)[1].split("</table>", 1)[0]
    assert '<td class="num">2</td><td class="num">1</td>' in attendance  # invited, present
    results = client.get(reverse("filings:snapshot", args=[published.pk, "results"])).content.decode()
    table = results.split('id="snapshot-results"', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == 4 and "江州市北县县委" in table and "Excellent" in table


def test_the_hosts_page_reads_a_fixed_number_of_queries(
    client, published, cast, today, django_assert_num_queries
):
    filing_file(campaign=published, kind=FilingKind.MEETING, user=cast.organizer_a)
    client.force_login(cast.organizer_a)
    url = reverse("filings:campaign", args=[published.pk])
    # session, user, campaign, grants, can file, the plan (adoption, plans), the first publication,
    # filings, what stands in the way of each kind not filed (3), the superior
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200


def test_the_start_opens_the_topmost_organization_overseen_at_the_latest_year(client, planned, cast, today):
    client.force_login(cast.observer)
    assert client.get(reverse("filings:start"))["Location"] == reverse("filings:superior", args=["BJ", 2022])
    client.force_login(cast.reporter_a1)
    assert client.get(reverse("filings:start")).status_code == 404
