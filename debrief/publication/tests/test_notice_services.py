"""The results notice: drafted from the records, edited, published once (moving the campaign on),
corrected by new versions that supersede the old ones; and the assessment opinions."""

import io

import docx
import pytest

from debrief.audit.models import Action, Entry
from debrief.campaigns.models import CampaignState
from debrief.campaigns.services import CampaignError, campaign_advance
from debrief.evaluation.models import Evaluation, RoutineScore
from debrief.evaluation.selectors import results
from debrief.publication import selectors, services
from debrief.publication.models import AssessmentOpinion, NoticeState
from debrief.publication.notice_docx import notice_docx_bytes
from debrief.publication.opinions import opinion_draft
from debrief.publication.selectors import opinion_rows
from debrief.publication.services import PublicationError

from .conftest import COMMENT_PROBLEMS, evaluated


def _fields(notice, **changes):
    return {**{name: getattr(notice, name) for name in services.EDITABLE_FIELDS}, **changes}


@pytest.fixture
def draft(assessed, cast):
    return services.notice_draft_start(campaign=assessed, user=cast.organizer_a)


def test_the_draft_is_prefilled_from_the_meeting_the_evaluation_the_grades_and_the_problems(draft):
    assert "2022年度" in draft.title
    assert "局党组专职副书记 马平科" in draft.meeting_section  # who presided
    assert "江州市东区区委赵强" in draft.meeting_section and "江州市北县县委王芳" in draft.meeting_section
    assert "9 of 9 evaluators" in draft.evaluation_section
    # By grade, in rank order: 好, 较好, 一般.
    assert draft.grades_section.splitlines() == [
        "Excellent (1): 江州市东区区委赵强.",
        "Good (1): 江州市西区区委李明.",
        "Fair (1): 江州市北县县委王芳.",
    ]
    assert "“三会一课”落实不够规范，组织生活质量不高" in draft.problems_section  # from the comment
    assert "对年轻党员的教育管理不够到位" in draft.problems_section  # from A1's report
    assert draft.rectification_deadline is not None
    assert "2023-04-15" in draft.requirements_section
    assert draft.state == NoticeState.DRAFT and draft.version == 1


def test_candidate_problems_are_grouped_and_come_from_comments_and_reports(assessed):
    groups = selectors.problem_candidates(assessed)
    texts = [c.text for group in groups for c in group.candidates]
    assert set(COMMENT_PROBLEMS) <= set(texts)
    assert sum(1 for group in groups for c in group.candidates if not c.from_comment) == 3
    assert len({group.category for group in groups}) == len(groups)


def test_no_notice_before_the_campaign_is_assessed(campaign, reporters, cast):
    evaluated(campaign, reporters, cast)  # evaluating, not yet assessed
    with pytest.raises(PublicationError, match="once the campaign is assessed"):
        services.notice_draft_start(campaign=campaign, user=cast.organizer_a)


def test_the_campaign_cannot_leave_assessed_without_a_published_notice(assessed, draft, cast):
    with pytest.raises(CampaignError, match="Publish the results notice"):
        campaign_advance(campaign=assessed, user=cast.organizer_a)
    assessed.refresh_from_db()
    assert assessed.state == CampaignState.ASSESSED


def test_publishing_freezes_the_notice_with_its_table_and_moves_the_campaign_on(assessed, draft, cast):
    notice = services.notice_publish(notice=draft, user=cast.organizer_a)
    assessed.refresh_from_db()
    assert assessed.state == CampaignState.PUBLISHED
    assert notice.state == NoticeState.PUBLISHED and notice.published_by == cast.organizer_a
    assert [
        (row["organization"], row["grade"], row["comprehensive_score"]) for row in notice.results_table
    ] == [
        ("江州市东区区委", "excellent", "96.00"),
        ("江州市西区区委", "good", "87.00"),
        ("江州市北县县委", "fair", "78.00"),
    ]
    actions = list(Entry.objects.filter(object_type="publication.Notice").values_list("action", flat=True))
    assert sorted(actions) == sorted([Action.NOTICE_DRAFTED, Action.NOTICE_PUBLISHED])
    assert assessed.transitions.last().to_state == CampaignState.PUBLISHED


def test_a_published_notice_cannot_be_edited(draft, cast):
    services.notice_publish(notice=draft, user=cast.organizer_a)
    with pytest.raises(
        PublicationError, match="Version 1 of the notice is published and can no longer be changed"
    ):
        services.notice_update(notice=draft, user=cast.organizer_a, **_fields(draft, title="改过的标题"))
    draft.refresh_from_db()
    assert "改过" not in draft.title


@pytest.mark.parametrize(
    ("emptied", "message"),
    [
        ({"grades_section": ""}, "with the grades empty"),
        ({"requirements_section": "", "grades_section": ""}, "with the grades, the requirements empty"),
    ],
)
def test_publishing_with_a_required_section_empty_is_refused(assessed, draft, cast, emptied, message):
    services.notice_update(notice=draft, user=cast.organizer_a, **_fields(draft, **emptied))
    with pytest.raises(PublicationError, match=message):
        services.notice_publish(notice=draft, user=cast.organizer_a)
    draft.refresh_from_db()
    assessed.refresh_from_db()
    assert draft.state == NoticeState.DRAFT and assessed.state == CampaignState.ASSESSED


def test_an_empty_title_is_refused_at_once(draft, cast):
    with pytest.raises(PublicationError, match="Give the notice a title"):
        services.notice_update(notice=draft, user=cast.organizer_a, **_fields(draft, title="  "))


def test_publishing_with_routine_scores_missing_is_refused_and_names_them(assessed, draft, cast, reporters):
    RoutineScore.objects.filter(reporter=reporters.a2).delete()
    with pytest.raises(PublicationError, match="Routine assessment scores are missing for 江州市西区区委"):
        services.notice_publish(notice=draft, user=cast.organizer_a)
    draft.refresh_from_db()
    assert draft.state == NoticeState.DRAFT and draft.results_table == []


def test_editing_records_only_what_changed(draft, cast):
    services.notice_update(
        notice=draft, user=cast.organizer_a, **_fields(draft, document_number="江组通〔2023〕3号")
    )
    entry = Entry.objects.filter(action=Action.NOTICE_EDITED).get()
    assert entry.before == {"document_number": ""} and entry.after == {"document_number": "江组通〔2023〕3号"}


def test_a_correction_is_a_new_version_and_supersedes_the_old_one_when_published(assessed, draft, cast):
    first = services.notice_publish(notice=draft, user=cast.organizer_a)
    with pytest.raises(PublicationError, match="Give the reason"):
        services.notice_correction_start(campaign=assessed, reason=" ", user=cast.organizer_a)
    second = services.notice_correction_start(campaign=assessed, reason="名单有误", user=cast.organizer_a)
    assert (second.version, second.state, second.title) == (2, NoticeState.DRAFT, first.title)
    with pytest.raises(PublicationError, match="already being drafted"):
        services.notice_correction_start(campaign=assessed, reason="再改", user=cast.organizer_a)
    assert selectors.published_notice(assessed) == first  # still published until the correction is
    services.notice_update(notice=second, user=cast.organizer_a, **_fields(second, title="更正后的通报"))
    services.notice_publish(notice=second, user=cast.organizer_a)
    first.refresh_from_db()
    assert first.state == NoticeState.SUPERSEDED and "更正" not in first.title
    assert [(n.version, n.state) for n in selectors.notices_of(assessed)] == [
        (2, NoticeState.PUBLISHED),
        (1, NoticeState.SUPERSEDED),
    ]
    assessed.refresh_from_db()
    assert assessed.state == CampaignState.PUBLISHED  # a correction does not move the campaign again


def test_a_correction_needs_a_published_notice(draft, assessed, cast):
    with pytest.raises(PublicationError, match="Only a published notice can be corrected"):
        services.notice_correction_start(campaign=assessed, reason="更正", user=cast.organizer_a)


# --- Assessment opinions ---------------------------------------------------------------------------


def test_opinions_are_saved_frozen_at_publication_and_editable_again_with_a_correction(
    assessed, draft, cast, reporters
):
    assert (
        services.opinions_save(
            campaign=assessed, texts={reporters.a1.pk: "表现突出。"}, user=cast.organizer_a
        )
        == 1
    )
    assert AssessmentOpinion.objects.get(reporter=reporters.a1).text == "表现突出。"
    assert Entry.objects.filter(action=Action.OPINION_CHANGED).count() == 1
    services.notice_publish(notice=draft, user=cast.organizer_a)
    with pytest.raises(PublicationError, match="frozen with the published notice"):
        services.opinions_save(campaign=assessed, texts={reporters.a1.pk: "改写"}, user=cast.organizer_a)
    services.notice_correction_start(campaign=assessed, reason="意见需调整", user=cast.organizer_a)
    services.opinions_save(campaign=assessed, texts={reporters.a1.pk: "改写。"}, user=cast.organizer_a)
    assert AssessmentOpinion.objects.get(reporter=reporters.a1).text == "改写。"


def test_opinions_wait_for_the_assessment_and_stay_within_the_campaign(campaign, reporters, cast, counties):
    with pytest.raises(PublicationError, match="once the campaign is assessed"):
        services.opinions_save(campaign=campaign, texts={reporters.a1.pk: "x"}, user=cast.organizer_a)


def test_an_opinion_on_a_stranger_is_refused(assessed, cast):
    with pytest.raises(PublicationError, match="reporter of this campaign"):
        services.opinions_save(campaign=assessed, texts={999999: "x"}, user=cast.organizer_a)


def test_the_suggested_opinion_names_the_grade_figures_and_comments(assessed, reporters):
    from debrief.publication.opinions import opinion_draft

    rows = selectors.opinion_rows(assessed, selectors.results_of(assessed))
    text = opinion_draft(next(row for row in rows if row.reporter == reporters.a1))
    assert (
        "Excellent" in text
        and "96.00" in text
        and "抓党建责任意识较强" in text
        and "组织生活质量不高" in text
    )


def test_a_scheme_that_does_not_publish_ranks_leaves_them_out_of_the_notice_and_the_opinions(assessed, cast):
    Evaluation.objects.filter(campaign=assessed).update(publish_ranks=False)
    notice = services.notice_draft_start(campaign=assessed, user=cast.organizer_a)
    rows = opinion_rows(assessed, selectors.results_of(assessed))
    assert "rank" not in opinion_draft(rows[0]) and "96.00" in opinion_draft(rows[0])
    notice = services.notice_publish(notice=notice, user=cast.organizer_a)
    assert [row["rank"] for row in notice.results_table] == [None, None, None]
    table = docx.Document(io.BytesIO(notice_docx_bytes(notice))).tables[0]
    assert [cell.text for cell in table.rows[0].cells][:2] == ["Organization", "Secretary"]
    assert [row.overall.rank for row in results(Evaluation.objects.get(campaign=assessed)).rows] == [1, 2, 3]
