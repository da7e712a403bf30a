"""Last year's housing-bureau campaign: each secretary graded fair or poor was interviewed."""

from debrief.audit.models import Action, Entry
from debrief.campaigns.models import Campaign, CampaignState
from debrief.demo import tree
from debrief.demo.interviews import hold_interviews
from debrief.publication.feedback import GRADES_FOR_INTERVIEW, ranked_results
from debrief.publication.models import Interview


def last_year(demo):
    return (
        Campaign.objects.filter(host__code=tree.HOUSING_BUREAU, state=CampaignState.ARCHIVED)
        .order_by("-year")
        .first()
    )


def test_every_secretary_graded_fair_or_poor_was_interviewed_and_no_other(demo, db):
    campaign = last_year(demo)
    results = ranked_results(campaign).results
    graded = {row.reporter.pk for row in results.rows if row.overall.grade in GRADES_FOR_INTERVIEW}
    assert graded, "the demo's weak units are graded fair or poor"
    interviews = Interview.objects.filter(reporter__campaign=campaign)
    assert set(interviews.values_list("reporter_id", flat=True)) == graded
    for interview in interviews:
        assert interview.held_by and interview.points and interview.commitments
        assert interview.held_on > campaign.meeting_date
    assert Entry.objects.filter(action=Action.INTERVIEW_CHANGED).count() >= len(graded)


def test_holding_the_interviews_again_adds_none(demo, db):
    campaign = last_year(demo)
    before = Interview.objects.count()
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.RECTIFYING)
    campaign.refresh_from_db()
    assert hold_interviews(campaign, None) == 0
    assert Interview.objects.count() == before
