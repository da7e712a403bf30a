"""Who reads which feedback sheet, and what it says."""

import pytest
from django.urls import reverse

from debrief.accounts.models import Role
from debrief.evaluation.models import Evaluation
from debrief.publication.feedback import own_feedback
from debrief.testing.factories import user_with_role

from .conftest import OPINION


def sheet_url(campaign, reporter):
    return reverse("publication:feedback", args=[campaign.pk, reporter.pk])


def pdf_url(campaign, reporter):
    return reverse("publication:feedback_pdf", args=[campaign.pk, reporter.pk])


def test_a_reporter_reads_their_own_sheet_once_published(client, published, cast):
    client.force_login(cast.reporter_a1)
    response = client.get(sheet_url(published.campaign, published.reporters.a1))
    assert response.status_code == 200
    sheet = response.context["sheet"]
    assert (sheet.grade, sheet.result.rank, sheet.ranked) == ("excellent", 1, 3)
    page = response.content.decode()
    assert OPINION in page
    assert "党员教育管理方式创新不够。" in page and "聚焦问题抓整改" in page  # the comment, problems included
    assert "2022-001" in page and "2022-002" in page  # the ledger items made of its problems
    assert 'id="preview"' not in page
    assert not response.context["can_list"]


def test_without_published_ranks_the_sheet_and_its_pdf_give_none(client, published, cast):
    Evaluation.objects.filter(campaign=published.campaign).update(publish_ranks=False)
    client.force_login(cast.reporter_a1)
    response = client.get(sheet_url(published.campaign, published.reporters.a1))
    assert response.context["sheet"].result.rank is None
    assert "Rank" not in response.content.decode()
    assert client.get(pdf_url(published.campaign, published.reporters.a1)).status_code == 200


def test_figures_are_rounded_as_on_the_results_page(client, published, cast):
    client.force_login(cast.reporter_a1)
    page = client.get(sheet_url(published.campaign, published.reporters.a1)).content.decode()
    # 60% × 100 + 40% × 95 = 98; good rate 12 of 12.
    assert "<strong>98.00</strong>" in page and "<strong>100.00%</strong>" in page


def test_small_categories_are_shown_only_combined(client, published, cast):
    client.force_login(cast.reporter_a1)
    response = client.get(sheet_url(published.campaign, published.reporters.a1))
    lines = response.context["sheet"].categories
    # The representatives' 2 ballots are too few to show; combined with them alone they could be
    # told apart, so the leadership team's 5 are combined with them and neither is named.
    assert [(line.label, line.tally.valid) for line in lines] == [
        ("Secretaries and department heads", 5),
        ("", 7),
    ]
    table = response.content.decode().split('id="feedback-categories"')[1].split("</table>")[0]
    assert "Party member and masses representatives" not in table and "Host leadership team" not in table
    assert table.count('class="combined"') == 1


def test_another_reporters_sheet_is_404_for_a_reporter(client, published, cast):
    client.force_login(cast.reporter_a1)
    for reporter in (published.reporters.a2, published.reporters.a3):
        assert client.get(sheet_url(published.campaign, reporter)).status_code == 404
        assert client.get(pdf_url(published.campaign, reporter)).status_code == 404


def test_before_publication_the_reporter_finds_nothing(client, assessed, cast):
    client.force_login(cast.reporter_a1)
    assert client.get(sheet_url(assessed.campaign, assessed.reporters.a1)).status_code == 404
    assert client.get(pdf_url(assessed.campaign, assessed.reporters.a1)).status_code == 404
    assert client.get(reverse("publication:feedback_list", args=[assessed.campaign.pk])).status_code == 404


def test_before_publication_the_organizer_previews_every_sheet_marked_as_a_preview(client, assessed, cast):
    client.force_login(cast.organizer_a)
    response = client.get(sheet_url(assessed.campaign, assessed.reporters.a2))
    assert response.status_code == 200
    assert 'id="preview"' in response.content.decode()
    listing = client.get(reverse("publication:feedback_list", args=[assessed.campaign.pk]))
    assert 'id="preview"' in listing.content.decode()


def test_before_publication_leaders_and_observers_have_no_preview(client, assessed, cast):
    for user in (cast.leader_a, cast.observer):
        client.force_login(user)
        assert client.get(sheet_url(assessed.campaign, assessed.reporters.a2)).status_code == 404


@pytest.mark.parametrize("username", ["organizer_a", "leader_a", "observer"])
def test_the_host_and_its_superiors_read_every_sheet_once_published(client, published, cast, username):
    client.force_login(getattr(cast, username))
    for reporter in (published.reporters.a1, published.reporters.a2, published.reporters.a3):
        assert client.get(sheet_url(published.campaign, reporter)).status_code == 200
        assert client.get(pdf_url(published.campaign, reporter)).status_code == 200
    listing = client.get(reverse("publication:feedback_list", args=[published.campaign.pk]))
    assert [row.reporter for row in listing.context["rows"]] == [
        published.reporters.a1,
        published.reporters.a2,
        published.reporters.a3,
    ]  # by rank


def test_others_find_nothing(client, published, cast, tree):
    outsiders = [
        cast.organizer_b,  # another city
        user_with_role(Role.ORGANIZER, tree.county_a1, username="county_organizer"),  # below the host
    ]
    for user in outsiders:
        client.force_login(user)
        assert client.get(sheet_url(published.campaign, published.reporters.a1)).status_code == 404
        assert (
            client.get(reverse("publication:feedback_list", args=[published.campaign.pk])).status_code == 404
        )
    client.logout()
    response = client.get(sheet_url(published.campaign, published.reporters.a1))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_sheet_of_another_campaigns_reporter_is_404(client, published, cast, tree):
    client.force_login(cast.organizer_a)
    url = reverse("publication:feedback", args=[published.campaign.pk + 1000, published.reporters.a1.pk])
    assert client.get(url).status_code == 404


def test_the_list_takes_a_reporter_to_their_own_sheet(client, published, cast):
    client.force_login(cast.reporter_a1)
    response = client.get(reverse("publication:feedback_list", args=[published.campaign.pk]))
    assert response.status_code == 302
    assert response["Location"] == sheet_url(published.campaign, published.reporters.a1)


def test_the_home_page_shows_your_results_once_published(client, assessed, cast):
    client.force_login(cast.reporter_a1)
    assert 'id="own-feedback"' not in client.get("/").content.decode()
    assert own_feedback(cast.organizer_a) == []
    from .conftest import publish

    publish(assessed.campaign)
    page = client.get("/").content.decode()
    assert 'id="own-feedback"' in page
    assert sheet_url(assessed.campaign, assessed.reporters.a1) in page


def test_the_sheet_costs_a_fixed_number_of_queries(client, published, cast, django_assert_num_queries):
    client.force_login(cast.reporter_a1)
    url = sheet_url(published.campaign, published.reporters.a1)
    # 1 the session, 2 the user; 3 the campaign with its host, 4 the reporter with organization and
    # person; 5 the user's grants (read once for every access question); 6 the evaluation;
    # the results: 7 the reporters, 8 the sub-indicators, 9 the categories, 10 the ballots, 11 the
    # paper tallies, 12 the routine scores; 13 the ledger items; 14 the assessment opinion;
    # 15 the comments and 16 their problems; 17 the interviews.
    with django_assert_num_queries(17):
        response = client.get(url)
    assert response.status_code == 200
