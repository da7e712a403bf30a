"""Routine scores say on their page until when they may change, and are refused, on the page as in
the service, once the results notice is published."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from debrief.campaigns.models import CampaignState
from debrief.evaluation import services
from debrief.testing.factories import advance_to, evaluation_closed_without_votes, evaluation_opened

FIXED = "Routine assessment scores are fixed once the results are published."


def routine_url(campaign):
    return reverse("evaluation:routine", args=[campaign.pk])


@pytest.fixture
def published(campaign, reporters, cast):
    """Voting closed, every routine score 90, the campaign assessed and its notice published."""
    evaluation = evaluation_closed_without_votes(campaign, cast.organizer_a)
    advance_to(campaign, CampaignState.PUBLISHED, cast.organizer_a)
    return evaluation


def scores(evaluation):
    return sorted(evaluation.routine_scores.values_list("score", flat=True))


def test_before_voting_the_page_says_scores_may_change_until_the_notice_is_published(
    client, campaign, reporters, cast
):
    evaluation_opened(campaign, cast.organizer_a)
    client.force_login(cast.organizer_a)
    page = client.get(routine_url(campaign), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="routine-open"' in page
    assert "Scores may be entered and corrected until the results notice is published." in page
    assert f'name="score-{reporters.a1.pk}"' in page


def test_until_the_notice_is_published_the_results_say_grades_may_still_change(
    client, campaign, reporters, cast
):
    evaluation = evaluation_closed_without_votes(campaign, cast.organizer_a)
    advance_to(campaign, CampaignState.ASSESSED, cast.organizer_a)
    client.force_login(cast.organizer_a)
    results = client.get(
        reverse("evaluation:results", args=[campaign.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert 'id="grades-may-change"' in results
    page = client.get(routine_url(campaign), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="routine-after-close"' in page
    data = {f"score-{r.pk}": "80" for r in (reporters.a1, reporters.a2, reporters.a3)}
    assert client.post(routine_url(campaign), data).status_code == 302
    assert scores(evaluation) == [80, 80, 80]


def test_once_the_notice_is_published_the_page_says_since_when_and_why_scores_are_fixed(
    client, published, reporters, cast
):
    campaign = published.campaign
    client.force_login(cast.organizer_a)
    page = client.get(routine_url(campaign), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="routine-fixed"' in page and FIXED in page
    published_at = campaign.transitions.get(to_state=CampaignState.PUBLISHED).at
    assert "The results notice was published on " in page
    assert timezone.localtime(published_at).strftime("%Y-%m-%d %H:%M") in page
    assert "so they can no longer be changed here" in page
    assert 'name="score-' not in page and 'name="file"' not in page
    results = client.get(reverse("evaluation:results", args=[campaign.pk])).content.decode()
    assert 'id="grades-may-change"' not in results


def test_a_score_posted_after_the_notice_is_published_is_refused_with_the_reason(
    client, published, reporters, cast
):
    client.force_login(cast.organizer_a)
    # Even a row that would be an input error is not looked at: the page is closed to changes.
    data = {f"score-{reporters.a1.pk}": "10", f"score-{reporters.a2.pk}": "not a score"}
    refused = client.post(routine_url(published.campaign), data, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 409
    assert FIXED in refused.content.decode() and "is not a score" not in refused.content.decode()
    assert scores(published) == [90, 90, 90]


def test_a_sheet_imported_after_the_notice_is_published_is_refused(client, published, reporters, cast):
    workbook = Workbook()
    workbook.active.append(["Organization code", "Routine assessment score"])
    workbook.active.append(["CA1", 10])
    content = io.BytesIO()
    workbook.save(content)
    content.seek(0)
    content.name = "routine.xlsx"
    client.force_login(cast.organizer_a)
    refused = client.post(
        routine_url(published.campaign), {"action": "import", "file": content}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert refused.status_code == 409 and FIXED in refused.content.decode()
    assert scores(published) == [90, 90, 90]


def test_the_service_refuses_a_score_once_the_notice_is_published(published, reporters, cast):
    with pytest.raises(services.EvaluationError, match="fixed once the results are published"):
        services.routine_scores_set(
            evaluation=published, scores={reporters.a1.pk: Decimal(10)}, user=cast.organizer_a
        )
    assert scores(published) == [90, 90, 90]
