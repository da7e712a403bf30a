"""The JSON API for campaigns and reports is scoped like the pages."""

import json

from debrief.campaigns import services as campaign_services
from debrief.campaigns.models import CampaignState
from debrief.reports.models import Report
from debrief.testing.factories import GOOD_REPORT, advance_to


def put(client, url, data, **headers):
    return client.put(url, json.dumps(data), content_type="application/json", **headers)


def test_campaigns_are_listed_only_for_those_who_may_see_them(client, cast, campaign):
    client.force_login(cast.leader_a)
    assert [c["id"] for c in client.get("/api/v1/campaigns").json()["items"]] == [campaign.pk]
    client.force_login(cast.organizer_b)
    assert client.get("/api/v1/campaigns").json() == {"items": [], "count": 0}
    assert client.get(f"/api/v1/campaigns/{campaign.pk}").status_code == 404


def test_a_reporter_sees_only_their_own_line_of_the_campaign(client, cast, campaign, reporters):
    client.force_login(cast.reporter_a1)
    body = client.get(f"/api/v1/campaigns/{campaign.pk}").json()
    assert [r["organization_code"] for r in body["reporters"]] == ["CA1"]


def test_a_reporter_saves_and_submits_through_the_api(client, cast, campaign, reporters):
    campaign_services.indicator_add(campaign=campaign, name="发展党员数", unit="名")
    client.force_login(cast.reporter_a1)
    url = f"/api/v1/reports/{reporters.a1.pk}"
    response = put(client, url, {**GOOD_REPORT, "indicators": {"发展党员数": 12}, "revision": 0})
    assert response.status_code == 200
    assert response.json()["indicators"] == {"发展党员数": "12.00"}
    assert client.post(f"{url}/submit").json()["status"] == "submitted"


def test_an_unknown_indicator_is_refused_by_name(client, cast, reporters):
    client.force_login(cast.reporter_a1)
    response = put(
        client,
        f"/api/v1/reports/{reporters.a1.pk}",
        {**GOOD_REPORT, "indicators": {"不存在的指标": 1}},
        HTTP_IF_MATCH='"0"',
    )
    assert response.status_code == 409
    assert response.json() == {"detail": "未知指标：不存在的指标", "code": "unknown_indicators"}


def test_another_reporters_report_is_not_found(client, cast, reporters):
    client.force_login(cast.reporter_a1)
    assert client.get(f"/api/v1/reports/{reporters.a2.pk}").status_code == 404
    assert put(client, f"/api/v1/reports/{reporters.a2.pk}", GOOD_REPORT).status_code == 404
    assert not Report.objects.filter(reporter=reporters.a2).exists()


def test_an_archived_campaigns_report_cannot_be_changed_through_the_api(client, cast, campaign, reporters):
    campaign = advance_to(campaign, CampaignState.ARCHIVED, cast.organizer_a)
    client.force_login(cast.reporter_a1)
    response = put(client, f"/api/v1/reports/{reporters.a1.pk}", {**GOOD_REPORT, "revision": 0})
    assert response.status_code == 409
    assert response.json()["detail"] == "该述职评议考核已归档，不能再修改。"
    assert not Report.objects.filter(reporter=reporters.a1).exists()
