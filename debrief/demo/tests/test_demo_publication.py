from django.utils import timezone

from debrief.campaigns.models import Campaign, CampaignState
from debrief.demo import tree
from debrief.demo.years import cycle_year
from debrief.publication.models import AssessmentOpinion, NoticeState


def _housing(year_offset=0):
    return Campaign.objects.get(
        host__code=tree.HOUSING_BUREAU, year=cycle_year(timezone.localdate()) + year_offset
    )


def test_last_years_housing_campaign_published_its_notice_on_the_way_to_the_archive(demo):
    campaign = _housing(-1)
    (notice,) = campaign.notices.all()
    assert notice.state == NoticeState.PUBLISHED and notice.document_number.startswith("市住建党组")
    assert len(notice.results_table) == campaign.reporters.count()
    assert campaign.transitions.filter(
        from_state=CampaignState.ASSESSED, to_state=CampaignState.PUBLISHED
    ).exists()
    assert AssessmentOpinion.objects.filter(reporter__campaign=campaign).count() == campaign.reporters.count()


def test_this_years_housing_campaign_is_assessed_with_a_draft_notice(demo):
    campaign = _housing()
    assert campaign.state == CampaignState.ASSESSED
    (notice,) = campaign.notices.all()
    assert notice.state == NoticeState.DRAFT
    assert notice.grades_section and notice.problems_section and notice.requirements_section
    assert any(row.state == NoticeState.DRAFT for row in demo.notices)
