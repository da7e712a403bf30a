"""Interviews (约谈) with reporters graded fair or poor: the rules, the audit trail, the pages."""

import datetime

import pytest
from django.urls import reverse

from debrief.audit.models import Action, Entry
from debrief.campaigns.models import Campaign, CampaignState
from debrief.lib.dates import DateError
from debrief.publication.interview_services import InterviewError, interview_remove, interview_save
from debrief.publication.models import Interview
from debrief.testing.factories import UserFactory

DAY = datetime.date(2023, 2, 10)
TODAY = datetime.date(2023, 3, 1)


def record(reporter, user=None, **changes):
    values = {
        "held_on": DAY,
        "held_by": "市委副书记 孙立",
        "points": "指出测评结果反映出的问题，要求深刻反思。",
        "commitments": "一个月内制定整改方案。",
        "today": TODAY,
        **changes,
    }
    return interview_save(reporter=reporter, user=user, **values)


def test_an_interview_with_a_reporter_graded_fair_is_recorded_and_audited(assessed, cast):
    interview = record(assessed.reporters.a2, cast.organizer_a, held_by="  市委副书记 孙立\x07 ")
    assert interview.held_by == "市委副书记 孙立"  # tidied
    entry = Entry.objects.get(action=Action.INTERVIEW_CHANGED)
    assert entry.actor == cast.organizer_a and entry.organization == assessed.campaign.host
    assert entry.after["held_on"] == "2023-02-10" and entry.before is None
    assert entry.object_label == str(assessed.reporters.a2)


def test_a_reporter_graded_poor_may_be_interviewed_too_and_after_publication(published):
    assert record(published.reporters.a3).pk


def test_an_edit_records_only_what_changed_and_an_unchanged_save_records_nothing(assessed, cast):
    interview = record(assessed.reporters.a2, cast.organizer_a)
    record(assessed.reporters.a2, cast.organizer_a, interview=interview)
    assert Entry.objects.filter(action=Action.INTERVIEW_CHANGED).count() == 1
    record(assessed.reporters.a2, cast.organizer_a, interview=interview, commitments="两个月内完成整改。")
    entry = Entry.objects.filter(action=Action.INTERVIEW_CHANGED).first()
    assert entry.before == {"commitments": "一个月内制定整改方案。"}
    assert entry.after == {"commitments": "两个月内完成整改。"}


def test_removing_keeps_what_it_said_in_the_audit_trail(assessed, cast):
    interview = record(assessed.reporters.a2, cast.organizer_a)
    interview_remove(interview=interview, user=cast.organizer_a)
    assert not Interview.objects.exists()
    entry = Entry.objects.filter(action=Action.INTERVIEW_CHANGED).first()
    assert entry.before["points"] == "指出测评结果反映出的问题，要求深刻反思。" and entry.after is None


def test_a_reporter_graded_excellent_is_not_interviewed(assessed):
    with pytest.raises(InterviewError, match="graded “Fair” or “Poor”; 江州市东区区委 is graded “Excellent”"):
        record(assessed.reporters.a1)


def test_no_interview_before_the_results_are_assessed(assessed):
    Campaign.objects.filter(pk=assessed.campaign.pk).update(state=CampaignState.EVALUATING)
    with pytest.raises(InterviewError, match="once the results are assessed"):
        record(assessed.reporters.a2)


def test_no_interview_in_an_archived_campaign(published):
    interview = record(published.reporters.a2)
    Campaign.objects.filter(pk=published.campaign.pk).update(state=CampaignState.ARCHIVED)
    with pytest.raises(Exception, match="archived"):
        record(published.reporters.a3)
    with pytest.raises(Exception, match="archived"):
        interview_remove(interview=interview)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"held_on": None}, "Enter the date"),
        ({"held_on": datetime.date(2023, 3, 2)}, "cannot be later than today"),
        ({"held_on": datetime.date(2023, 1, 14)}, "cannot be earlier than the meeting on 2023-01-15"),
        ({"held_by": " \x00 "}, "Say who held"),
        ({"held_by": "长" * 201}, "at most 200 characters"),
        ({"points": "\n"}, "main points"),
    ],
)
def test_what_an_interview_needs(assessed, changes, message):
    with pytest.raises(InterviewError, match=message):
        record(assessed.reporters.a2, **changes)
    assert (
        not Interview.objects.exists() and not Entry.objects.filter(action=Action.INTERVIEW_CHANGED).exists()
    )


def test_a_date_out_of_range_is_refused(assessed):
    with pytest.raises(DateError):
        record(assessed.reporters.a2, held_on=datetime.date(1999, 12, 31), today=datetime.date(2200, 1, 1))


def test_an_interview_belongs_to_its_reporter(assessed):
    interview = record(assessed.reporters.a2)
    with pytest.raises(InterviewError, match="another reporter"):
        record(assessed.reporters.a3, interview=interview)


# --- Pages ----------------------------------------------------------------------------------------


def add_url(campaign, reporter):
    return reverse("publication:interview_add", args=[campaign.pk, reporter.pk])


def form(**changes):
    return {
        "held_on": "2023-02-10",
        "held_by": "市委副书记 孙立",
        "points": "要求深刻反思。",
        "commitments": "",
        **changes,
    }


def test_the_organizer_records_an_interview_and_it_shows_on_the_sheet(client, published, cast):
    client.force_login(cast.organizer_a)
    campaign, reporter = published.campaign, published.reporters.a2
    sheet = reverse("publication:feedback", args=[campaign.pk, reporter.pk])
    assert f'href="{add_url(campaign, reporter)}"' in client.get(sheet).content.decode()
    response = client.post(add_url(campaign, reporter), form())
    assert response.status_code == 302 and response["Location"] == sheet
    client.force_login(cast.leader_a)  # read, not changed, by the host's leader
    page = client.get(sheet).content.decode()
    assert "市委副书记 孙立" in page and "要求深刻反思。" in page
    assert add_url(campaign, reporter) not in page


def test_the_reporter_reads_their_interview_on_their_sheet(client, published):
    reporter = published.reporters.a2
    record(reporter)
    client.force_login(UserFactory(username="li_ming", person=reporter.person))
    page = client.get(
        reverse("publication:feedback", args=[published.campaign.pk, reporter.pk])
    ).content.decode()
    assert "市委副书记 孙立" in page and "一个月内制定整改方案。" in page
    assert "/interviews/" not in page  # nothing to change


def test_the_form_says_why_an_interview_is_refused(client, assessed, cast):
    client.force_login(cast.organizer_a)
    url = add_url(assessed.campaign, assessed.reporters.a1)
    response = client.post(url, form(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Interviews are for reporters graded “Fair” or “Poor”" in response.content.decode()
    assert not Interview.objects.exists()
    # Asked for the form, the organizer is told at once, on the sheet.
    response = client.get(url, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert response.redirect_chain[-1][0].endswith(f"/feedback/{assessed.reporters.a1.pk}/")
    assert "Interviews are for reporters graded" in response.content.decode()


def test_only_organizers_record_edit_or_remove_interviews(client, published, cast):
    interview = record(published.reporters.a2)
    edit = reverse(
        "publication:interview_edit", args=[published.campaign.pk, published.reporters.a2.pk, interview.pk]
    )
    for user in (cast.leader_a, cast.observer, cast.reporter_a1, cast.organizer_b):
        client.force_login(user)
        assert client.post(add_url(published.campaign, published.reporters.a2), form()).status_code == 404
        assert client.post(edit, {"action": "remove"}).status_code == 404
    assert Interview.objects.count() == 1


def test_the_organizer_edits_and_removes_an_interview(client, published, cast):
    interview = record(published.reporters.a2)
    edit = reverse(
        "publication:interview_edit", args=[published.campaign.pk, published.reporters.a2.pk, interview.pk]
    )
    client.force_login(cast.organizer_a)
    assert client.get(edit).status_code == 200
    assert client.post(edit, form(points="改后的要点。")).status_code == 302
    interview.refresh_from_db()
    assert interview.points == "改后的要点。"
    assert client.post(edit, {"action": "remove"}).status_code == 302
    assert not Interview.objects.exists()


def test_an_interview_of_another_reporter_is_404(client, published, cast):
    interview = record(published.reporters.a2)
    client.force_login(cast.organizer_a)
    url = reverse(
        "publication:interview_edit", args=[published.campaign.pk, published.reporters.a3.pk, interview.pk]
    )
    assert client.get(url).status_code == 404
