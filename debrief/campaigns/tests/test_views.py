"""The campaign pages as users meet them, and who may see or change what."""

import pytest
from django.urls import reverse

from debrief.accounts.models import User
from debrief.campaigns.models import Campaign, CampaignState
from debrief.reports import services as report_services
from debrief.testing.factories import advance_to, report_write


def client_for(client, user):
    client.force_login(user)
    return client


def test_an_organizer_opens_a_campaign_with_the_usual_title(client, cast, tree):
    response = client_for(client, cast.organizer_a).post(
        reverse("campaigns:open"),
        {
            "host_code": "CA",
            "year": 2023,
            "title": "",
            "report_deadline": "2024-01-10",
            "meeting_date": "2024-01-15",
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    campaign = Campaign.objects.get(host=tree.city_a, year=2023)
    assert response.url == reverse("campaigns:reporters", args=[campaign.pk])
    assert campaign.title == "2023年度党组织书记抓基层党建工作述职评议考核"


def test_the_host_code_box_suggests_the_organizations_one_organizes_without_a_script(client, cast, tree):
    html = client_for(client, cast.organizer_a).get(reverse("campaigns:open")).content.decode()
    assert 'name="host_code"' in html and 'list="hosts"' in html
    assert '<datalist id="hosts"><option value="CA">' in html
    assert "<script>" not in html


def test_an_organizer_cannot_open_a_campaign_for_another_subtree(client, cast):
    response = client_for(client, cast.organizer_a).post(
        reverse("campaigns:open"),
        {
            "host_code": "CB",
            "year": 2023,
            "title": "",
            "report_deadline": "2024-01-10",
            "meeting_date": "2024-01-15",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "You do not organize an organization with this code." in response.content.decode()
    assert not Campaign.objects.filter(year=2023).exists()


def test_the_campaign_page_shows_every_reporter_with_their_report_status(client, cast, campaign, reporters):
    report_services.report_submit(report=report_write(reporters.a1), user=None)
    page = client_for(client, cast.organizer_a).get(
        reverse("campaigns:detail", args=[campaign.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    text = page.content.decode()
    assert "江州市东区区委" in text and "江州市北县县委" in text
    assert "已提交" in text and "未开始" in text


def test_the_campaign_list_shows_only_campaigns_the_user_may_see(client, cast, campaign):
    assert campaign.title in client_for(client, cast.observer).get(reverse("campaigns:list")).content.decode()
    assert (
        campaign.title
        not in client_for(client, cast.organizer_b).get(reverse("campaigns:list")).content.decode()
    )


@pytest.mark.parametrize("name", ["detail", "reporters", "indicators", "similarity", "volume_docx", "edit"])
def test_another_subtrees_organizer_gets_not_found(client, cast, campaign, name):
    assert (
        client_for(client, cast.organizer_b).get(reverse(f"campaigns:{name}", args=[campaign.pk])).status_code
        == 404
    )


@pytest.mark.parametrize("name", ["reporters", "indicators", "similarity", "edit"])
def test_a_leader_sees_the_campaign_but_cannot_manage_it(client, cast, campaign, name):
    client_for(client, cast.leader_a)
    assert client.get(reverse("campaigns:detail", args=[campaign.pk])).status_code == 200
    assert client.get(reverse(f"campaigns:{name}", args=[campaign.pk])).status_code == 404


def test_a_reporter_opening_the_campaign_lands_on_their_own_report(client, cast, campaign, reporters):
    response = client_for(client, cast.reporter_a1).get(reverse("campaigns:detail", args=[campaign.pk]))
    assert response.url == reverse("reports:detail", args=[reporters.a1.pk])


def test_a_reporter_cannot_read_another_reporters_report(client, cast, reporters):
    report_write(reporters.a2)
    client_for(client, cast.reporter_a1)
    assert client.get(reverse("reports:detail", args=[reporters.a2.pk])).status_code == 404
    assert client.get(reverse("reports:docx", args=[reporters.a2.pk])).status_code == 404
    assert client.get(reverse("reports:edit", args=[reporters.a2.pk])).status_code == 404


def test_a_reporter_of_no_campaign_sees_none(client, cast, campaign):
    assert (
        client_for(client, cast.reporter_a1).get(reverse("campaigns:detail", args=[campaign.pk])).status_code
        == 404
    )


def test_reporters_are_added_from_the_subordinates_and_reordered(client, cast, campaign, counties):
    client_for(client, cast.organizer_a)
    url = reverse("campaigns:reporters", args=[campaign.pk])
    client.post(url, {"organizations": [counties.a1.pk, counties.a2.pk], "mode": "on_site"})
    a2 = campaign.reporters.get(organization=counties.a2)
    client.post(reverse("campaigns:reporter_change", args=[campaign.pk, a2.pk]), {"action": "up"})
    order = list(campaign.reporters.order_by("speaking_order").values_list("organization__code", flat=True))
    assert order == ["CA2", "CA1"]


def test_adding_no_organization_says_so(client, cast, campaign):
    response = client_for(client, cast.organizer_a).post(
        reverse("campaigns:reporters", args=[campaign.pk]), {"mode": "written"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()


def test_the_meeting_goes_ahead_without_all_reports_only_with_a_reason(client, cast, campaign, reporters):
    client_for(client, cast.organizer_a)
    url = reverse("campaigns:advance", args=[campaign.pk])
    page = client.post(url, {"reason": ""}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "3 reporters have not submitted a report" in page.content.decode()
    client.post(url, {"reason": "部分书记因公出差，会后补交"})
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.MEETING


def test_an_archived_campaign_cannot_be_changed_through_the_pages(client, cast, campaign, reporters):
    report = report_write(reporters.a1)
    campaign = advance_to(campaign, CampaignState.ARCHIVED, cast.organizer_a)
    client_for(client, cast.organizer_a)
    page = client.post(
        reverse("campaigns:edit", args=[campaign.pk]),
        {"title": "改名", "report_deadline": "2023-01-10", "meeting_date": "2023-01-15"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "archived and can no longer be changed" in page.content.decode()
    assert client.get(reverse("reports:edit", args=[reporters.a1.pk])).status_code == 404
    client.post(reverse("reports:review", args=[reporters.a1.pk]), {"decision": "accept"})
    report.refresh_from_db()
    campaign.refresh_from_db()
    assert campaign.title != "改名"
    assert report.state == "draft"


def test_the_admin_shows_an_archived_campaign_read_only(client, cast, campaign, reporters):
    admin = User.objects.create_superuser(username="root", password="secret-pass")
    campaign = advance_to(campaign, CampaignState.ARCHIVED, cast.organizer_a)
    client.force_login(admin)
    url = reverse("admin:campaigns_campaign_change", args=[campaign.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()  # shown, not editable
    client.post(url, {"title": "改名", "report_deadline": "2023-01-10", "meeting_date": "2023-01-15"})
    delete = client.post(reverse("admin:campaigns_campaign_delete", args=[campaign.pk]), {"post": "yes"})
    assert delete.status_code == 403
    campaign.refresh_from_db()
    assert campaign.title != "改名"


def test_a_leader_is_not_offered_the_organizers_tabs(client, cast, campaign):
    text = (
        client_for(client, cast.leader_a)
        .get(reverse("campaigns:detail", args=[campaign.pk]))
        .content.decode()
    )
    assert reverse("campaigns:reporters", args=[campaign.pk]) not in text
    assert reverse("campaigns:similarity", args=[campaign.pk]) not in text
