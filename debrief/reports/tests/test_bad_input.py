"""Odd input to reports answers with a message, never a server error, and stores clean text."""

import json

import pytest
from django.urls import reverse

from debrief.campaigns import services as campaign_services
from debrief.reports.models import Report
from debrief.testing.factories import GOOD_REPORT

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def indicator(campaign):
    return campaign_services.indicator_add(campaign=campaign, name="发展党员数", unit="名")


def put(client, reporter, data):
    return client.put(
        f"/api/v1/reports/{reporter.pk}",
        json.dumps(data),
        content_type="application/json",
        HTTP_IF_MATCH="*",
        **EN,
    )


def test_a_report_saved_through_the_api_is_stored_without_nul_and_control_characters(client, cast, reporters):
    client.force_login(cast.reporter_a1)
    report = {**GOOD_REPORT, "duties": "履职\u0000尽责\x0b情况", "problems": ["学习\x01不够深入", "\x0c"]}
    assert put(client, reporters.a1, report).status_code == 200
    stored = Report.objects.get(reporter=reporters.a1)
    assert (stored.duties, stored.problems) == ("履职尽责情况", ["学习不够深入"])


@pytest.mark.parametrize("figure", [-3, 1e30, "999999999999.999"])
def test_a_figure_out_of_range_is_refused_by_the_api_with_the_indicator_named(
    client, cast, reporters, indicator, figure
):
    client.force_login(cast.reporter_a1)
    response = put(client, reporters.a1, {**GOOD_REPORT, "indicators": {"发展党员数": figure}})
    assert response.status_code == 409
    assert response.json()["detail"].startswith(
        "The figure for “发展党员数” must be a number from 0 to 999,999,999,999.99;"
    )
    assert not Report.objects.get(reporter=reporters.a1).indicator_values.exists()


def test_a_negative_figure_is_refused_by_the_page_with_the_same_rule_as_the_api(
    client, cast, reporters, indicator
):
    client.force_login(cast.reporter_a1)
    response = client.post(
        reverse("reports:edit", args=[reporters.a1.pk]),
        {"duties": "x", f"indicator-{indicator.pk}": "-3"},
        **EN,
    )
    assert response.status_code == 422
    assert "The figure for “发展党员数” must be a number from 0 to 999,999,999,999.99; “-3” is not." in (
        response.content.decode()
    )


def test_a_nul_character_in_a_form_field_is_refused_with_400_and_says_why(client, cast, reporters):
    client.force_login(cast.reporter_a1)
    response = client.post(reverse("reports:edit", args=[reporters.a1.pk]), {"duties": "履职\x00情况"}, **EN)
    assert response.status_code == 400
    assert "The request holds a NUL character, which no text may contain" in response.content.decode()
    assert not Report.objects.filter(reporter=reporters.a1).exists()


def test_a_nul_character_in_a_search_box_is_refused_with_400(client, cast, tree):
    client.force_login(cast.organizer_a)
    assert client.get(reverse("directory:tree"), {"q": "江州\x00"}, **EN).status_code == 400
    response = client.get("/api/v1/orgs", {"q": "\x00"}, **EN)
    assert response.status_code == 400
    assert response.json()["detail"].startswith("The request holds a NUL character")
