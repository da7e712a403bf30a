"""The plan's pages as the superior's and the lower organizers meet them, and who may see what."""

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document

from debrief.accounts.models import Role
from debrief.campaigns.models import Campaign, CampaignState
from debrief.campaigns.services import reporters_add
from debrief.orgs.models import Level, Organization
from debrief.plans import services
from debrief.plans.adoption import campaign_start_from_plan
from debrief.plans.models import Plan, PlanAdoption, PlanState
from debrief.testing.factories import (
    OrganizationFactory,
    advance_to,
    campaign_open,
    subordinate_with_secretary,
    user_with_role,
)

from .conftest import CATEGORIES, INDICATORS, PLAN_VALUES

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def log_in(user):
        client.force_login(user)
        return client

    return log_in


@pytest.fixture
def outsider(db):
    elsewhere = OrganizationFactory(code="ZZ", name="南海省委", level=Level.PROVINCE)
    return user_with_role(Role.ORGANIZER, elsewhere, username="outsider")


def form_data(days, **changes):
    data = {
        **{name: value for name, value in PLAN_VALUES.items()},
        "points_excellent": "100",
        "points_good": "85",
        "points_fair": "70",
        "points_poor": "50",
        "good_rate_counts_good": "on",
        "poor_rate_threshold": "1/3",
        "band_excellent": "90",
        "band_good": "80",
        "band_fair": "60",
        "quorum": "1/2",
        "publish_ranks": "on",
        "min_category_ballots_shown": "5",
        "category_name": [name for name, _w in CATEGORIES] + [""],
        "category_weight": [str(weight) for _n, weight in CATEGORIES] + [""],
        "indicator_name": [name for name, _u in INDICATORS],
        "indicator_unit": [unit for _n, unit in INDICATORS],
        "sub_indicators": "总揽全局\n工作成效",
        **{f"deadline_{level}": day.isoformat() for level, day in days.items()},
        **changes,
    }
    for name in ("scheme_locked", "indicators_locked", "categories_locked"):
        if data.get(name) is True:
            data[name] = "on"
        elif data.get(name) is False:
            data.pop(name)
    return data


def test_the_issuers_organizer_drafts_edits_and_publishes_a_plan(as_user, tree, cascade, year, days):
    client = as_user(cascade.province_organizer)
    assert client.get(reverse("plans:create")).status_code == 200
    response = client.post(
        reverse("plans:create"), {"issuer": tree.province.pk, "year": year, "title": "工作方案", "scheme": ""}
    )
    plan = Plan.objects.get(issuer=tree.province, year=year)
    assert response.url == reverse("plans:edit", args=[plan.pk])
    html = client.get(response.url).content.decode()
    assert 'data-clone-last="category-rows"' in html and 'name="deadline_city"' in html
    assert 'name="deadline_province"' in html  # its own level, for its own campaign
    response = client.post(reverse("plans:edit", args=[plan.pk]), form_data(days))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title == PLAN_VALUES["title"] and plan.deadlines.count() == 3
    assert plan.categories_locked is False and plan.indicators_locked is True
    html = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Before it can be published" not in html and "党员群众代表" in html
    client.post(reverse("plans:publish", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.state == PlanState.PUBLISHED
    response = client.get(reverse("plans:edit", args=[plan.pk]))
    assert response.status_code == 302  # published: back to the plan, which says why


def test_bad_input_is_shown_with_the_reason_and_nothing_typed_is_lost(as_user, draft, cascade, days):
    client = as_user(cascade.province_organizer)
    data = form_data(days, category_weight=["30", "abc", "30", ""], indicator_name=["新增指标", ""])
    response = client.post(reverse("plans:edit", args=[draft.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "“abc” is not a weight" in html
    assert 'value="abc"' in html and 'value="新增指标"' in html
    data = form_data(days, category_weight=["30", "50", "30", ""])
    html = client.post(reverse("plans:edit", args=[draft.pk]), data).content.decode()
    assert "they add up to 110%" in html and 'value="50"' in html
    draft.refresh_from_db()
    assert draft.categories[1]["weight"] == "40"


def test_a_draft_lists_what_keeps_it_from_being_published(as_user, tree, cascade, year):
    plan = services.plan_create(issuer=tree.province, year=year, title="草稿")
    client = as_user(cascade.province_organizer)
    html = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Set the deadline of at least one level" in html
    response = client.post(reverse("plans:publish", args=[plan.pk]), follow=True)
    assert "Set the deadline of at least one level" in response.content.decode()
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT


def test_the_notice_downloads_as_an_official_document(as_user, plan, cascade, cast):
    response = as_user(cast.organizer_a).get(reverse("plans:docx", args=[plan.pk]))
    assert response["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    document = Document(io.BytesIO(response.content))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[0] == PLAN_VALUES["document_number"] and texts[1] == PLAN_VALUES["title"]
    body = "\n".join(texts)
    assert PLAN_VALUES["guidance"] in body and PLAN_VALUES["requirements"] in body
    assert "党组织书记 40%" in body and "1. 软弱涣散党组织整顿（个）" in body
    assert "北江省委" in texts  # the issuer signs it
    table = document.tables[0]
    assert [cell.text for cell in table.rows[1].cells][1:3] == ["软弱涣散党组织整顿", "个"]


def test_lower_organizers_see_published_plans_of_their_superiors_only(
    as_user, draft, cascade, cast, outsider
):
    client = as_user(cast.organizer_a)
    assert client.get(reverse("plans:detail", args=[draft.pk])).status_code == 404  # a draft
    services.plan_publish(plan=draft)
    assert client.get(reverse("plans:detail", args=[draft.pk])).status_code == 200
    html = client.get(reverse("plans:list")).content.decode()
    assert PLAN_VALUES["title"] in html
    assert client.get(reverse("plans:progress", args=[draft.pk])).status_code == 404
    assert client.get(reverse("plans:edit", args=[draft.pk])).status_code == 404
    assert client.post(reverse("plans:publish", args=[draft.pk])).status_code == 404
    client = as_user(outsider)
    for name in ("plans:detail", "plans:docx", "plans:progress", "plans:edit"):
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404
    assert PLAN_VALUES["title"] not in client.get(reverse("plans:list")).content.decode()


def test_a_lower_organizer_starts_the_campaign_from_the_home_page(as_user, plan, tree, cascade, days):
    client = as_user(cascade.county_organizer)
    html = client.get(reverse("home")).content.decode()
    start_url = reverse("plans:start", args=[plan.pk, tree.county_a1.pk])
    assert 'id="plans-to-start"' in html and start_url in html
    assert days[Level.COUNTY].isoformat() in html
    response = client.post(
        start_url,
        {
            "title": "东区2026年度述职评议考核",
            "report_deadline": (days[Level.COUNTY] - datetime.timedelta(days=10)).isoformat(),
            "meeting_date": days[Level.COUNTY].isoformat(),
        },
    )
    campaign = Campaign.objects.get(host=tree.county_a1)
    assert response.url == reverse("campaigns:detail", args=[campaign.pk])
    assert PlanAdoption.objects.filter(plan=plan, campaign=campaign).exists()
    assert 'id="plans-to-start"' not in client.get(reverse("home")).content.decode()


def test_a_meeting_after_the_deadline_is_refused_and_the_form_kept(as_user, plan, tree, cascade, days):
    late = days[Level.COUNTY] + datetime.timedelta(days=5)
    response = as_user(cascade.county_organizer).post(
        reverse("plans:start", args=[plan.pk, tree.county_a1.pk]),
        {
            "title": "我的标题",
            "report_deadline": days[Level.COUNTY].isoformat(),
            "meeting_date": late.isoformat(),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "outside the plan’s deadlines" in html
    assert 'value="我的标题"' in html and late.isoformat() in html
    assert not Campaign.objects.exists()


def test_only_organizers_of_the_host_may_start_it(as_user, plan, tree, cast, cascade):
    url = reverse("plans:start", args=[plan.pk, tree.county_a1.pk])
    assert as_user(cast.organizer_b).get(url).status_code == 404
    assert as_user(cast.reporter_a1).get(url).status_code == 404


def test_progress_lists_each_expected_host_with_its_status(as_user, plan, tree, cascade, cast, days):
    client = as_user(cast.organizer_a)
    client.post(
        reverse("plans:start", args=[plan.pk, tree.city_a.pk]),
        {
            "title": "江州市考核",
            "report_deadline": days[Level.CITY].isoformat(),
            "meeting_date": days[Level.CITY].isoformat(),
        },
    )
    html = as_user(cascade.province_organizer).get(reverse("plans:progress", args=[plan.pk])).content.decode()
    assert html.count("progress-not_started") == 3 and html.count("progress-started") == 1
    assert "as planned" in html
    html = (
        as_user(cascade.province_organizer)
        .get(reverse("plans:progress", args=[plan.pk]) + "?show=started")
        .content.decode()
    )
    assert "江州市委" in html and "川北市委" not in html


def _more_hosts(tree, count):
    for n in range(count):
        county = subordinate_with_secretary(
            tree.city_b, f"CBX{n}", f"川北市第{n}县", f"书记{n}", level=Level.COUNTY
        )
        subordinate_with_secretary(
            county, f"CBX{n}a", f"川北市第{n}县某镇", f"镇书记{n}", level=Level.TOWNSHIP
        )


def test_progress_reads_each_kind_of_thing_once(
    as_user, plan, tree, cascade, cast, days, django_assert_num_queries
):
    client = as_user(cascade.province_organizer)
    campaign_start_from_plan(
        plan=plan,
        host=tree.city_a,
        user=cast.organizer_a,
        meeting_date=days[Level.CITY],
        report_deadline=days[Level.CITY],
    )
    url = reverse("plans:progress", args=[plan.pk])
    client.get(url)  # the session, once
    # session, user, grants, plan, deadlines, hosts, campaigns, adoptions, four for the changes
    with django_assert_num_queries(12):
        assert client.get(url).status_code == 200
    _more_hosts(tree, 5)
    campaign_start_from_plan(
        plan=plan,
        host=Organization.objects.get(code="CBX0"),
        user=cascade.province_organizer,
        meeting_date=days[Level.COUNTY],
        report_deadline=days[Level.COUNTY],
    )
    with django_assert_num_queries(12):
        html = client.get(url).content.decode()
    assert "川北市第4县" in html


def test_the_campaign_edit_page_names_the_plan_it_was_started_from(as_user, plan, tree, cascade, days):
    campaign = campaign_start_from_plan(
        plan=plan,
        host=tree.county_a1,
        user=cascade.county_organizer,
        meeting_date=days[Level.COUNTY],
        report_deadline=days[Level.COUNTY],
    )
    html = (
        as_user(cascade.county_organizer).get(reverse("campaigns:edit", args=[campaign.pk])).content.decode()
    )
    assert f'href="{reverse("plans:detail", args=[plan.pk])}" id="campaign-plan"' in html


def test_the_api_answers_the_plan_as_its_page_shows_it(as_user, plan, cast, outsider):
    response = as_user(cast.organizer_a).get(f"/api/v1/plans/{plan.pk}")
    body = response.json()
    assert response.status_code == 200 and body["title"] == PLAN_VALUES["title"]
    assert [d["level"] for d in body["deadlines"]] == [Level.CITY, Level.COUNTY, Level.TOWNSHIP]
    assert body["categories"][1] == {"name": "党组织书记", "weight": "40"}
    assert body["scheme"]["evaluation_weight"] == "60.00" and body["indicators_locked"] is True
    assert as_user(outsider).get(f"/api/v1/plans/{plan.pk}").status_code == 404


def test_a_host_with_a_campaign_opened_without_the_plan_links_it_from_the_home_page(
    as_user, plan, tree, cascade, year, days
):
    meeting = days[Level.COUNTY]
    campaign = campaign_open(tree.county_a1, year=year, meeting_date=meeting, report_deadline=meeting)
    client = as_user(cascade.county_organizer)
    html = client.get(reverse("home")).content.decode()
    link = reverse("plans:link", args=[plan.pk, campaign.pk])
    assert link in html and 'name="meeting_date"' not in html
    response = client.post(
        reverse("plans:start", args=[plan.pk, tree.county_a1.pk]),
        {"title": "新的", "report_deadline": meeting.isoformat(), "meeting_date": meeting.isoformat()},
    )
    assert (
        "Link that campaign to the plan instead" in response.content.decode()
        and link in response.content.decode()
    )
    assert client.post(link).url == reverse("campaigns:detail", args=[campaign.pk])
    assert PlanAdoption.objects.get(campaign=campaign).plan == plan
    assert 'id="plans-to-start"' not in client.get(reverse("home")).content.decode()


def test_a_campaign_already_past_preparing_is_not_offered_to_link(as_user, plan, tree, cascade, year, days):
    meeting = days[Level.COUNTY]
    campaign = campaign_open(tree.county_a1, year=year, meeting_date=meeting, report_deadline=meeting)
    reporters_add(campaign=campaign, organizations=[tree.street_a1a], mode="on_site")
    advance_to(campaign, CampaignState.MEETING, cascade.county_organizer)
    html = as_user(cascade.county_organizer).get(reverse("home")).content.decode()
    # Its scheme is in use: there is nothing to link or start, and the home page does not ask.
    assert 'id="plans-to-start"' not in html
