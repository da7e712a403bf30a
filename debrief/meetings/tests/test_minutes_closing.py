"""The minutes' last two sections: the democratic evaluation and the closing speech's points.

Like test_minutes.py, the wording is read through the zh-hans catalogue (`zh`), so these tests pin
the structure and the figures, not the msgstr.
"""

import io
from decimal import Decimal

import docx
import pytest
from django.utils import translation
from django.utils.translation import gettext

from debrief.campaigns.models import CampaignState
from debrief.evaluation import services as evaluation_services
from debrief.evaluation.models import Rating
from debrief.evaluation.selectors import results
from debrief.lib.tally import round_half_up
from debrief.meetings import services
from debrief.meetings.minutes import minutes_docx
from debrief.meetings.models import Meeting
from debrief.testing.factories import advance_to, evaluation_opened

pytestmark = pytest.mark.django_db

LEADERS = "Host leadership team"
SECRETARIES = "Secretaries and department heads"
REPRESENTATIVES = "Party member and masses representatives"
NOTICE = "The results of the evaluation are published with the notice."


def zh(message: str, **values) -> str:
    with translation.override("zh-hans"):
        return gettext(message) % values if values else gettext(message)


def paragraphs(meeting) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(minutes_docx(meeting))).paragraphs]


def section(meeting, heading: str) -> list[str]:
    """The lines of one numbered section, from its heading to the next numbered one, as the minutes
    read now (the meeting read afresh, as a request would: the campaign may have moved on)."""
    lines = paragraphs(Meeting.objects.select_related("campaign__host").get(pk=meeting.pk))
    start = next(n for n, line in enumerate(lines) if line.endswith("、" + zh(heading)))
    end = next((n for n in range(start + 1, len(lines)) if "、" in lines[n][:3]), len(lines))
    return lines[start + 1 : end]


# --- The closing speech ---------------------------------------------------------------------------


def test_the_closing_speech_gives_a_lone_point_after_its_label_and_numbers_several(meeting, cast):
    services.closing_speech_save(
        meeting=meeting,
        pointed_out=["一年来，各级党组织书记履行第一责任人职责，基层党建工作取得新成效。"],
        required=["对点评指出的问题建立清单，逐项整改。", "年底前将整改情况报局党组。"],
        stressed=[],
        user=cast.organizer_a,
    )

    assert section(meeting, "Closing speech") == [
        zh(
            "%(label)s: %(point)s",
            label=zh("The meeting pointed out"),
            point="一年来，各级党组织书记履行第一责任人职责，基层党建工作取得新成效。",
        ),
        zh("%(label)s:", label=zh("The meeting required")),
        "1. 对点评指出的问题建立清单，逐项整改。",
        "2. 年底前将整改情况报局党组。",
    ]


def test_without_points_the_closing_speech_says_none_were_recorded(meeting):
    assert section(meeting, "Closing speech") == [zh("No points of the closing speech were recorded.")]


# --- The democratic evaluation --------------------------------------------------------------------


def test_without_an_evaluation_the_minutes_say_it_is_not_set_up(meeting):
    assert section(meeting, "Democratic evaluation") == [zh("The democratic evaluation has not been set up.")]


def test_while_voting_is_open_the_minutes_give_the_turnout_so_far_and_no_results(
    meeting, campaign, reporters, cast
):
    evaluation, codes = evaluation_opened(
        campaign, cast.organizer_a, codes={LEADERS: 4, SECRETARIES: 2, REPRESENTATIVES: 0}
    )
    ratings = {r.pk: ["good"] for r in (reporters.a1, reporters.a2, reporters.a3)}
    for code in codes[LEADERS][:3]:
        evaluation_services.ballot_cast(code_text=code, ratings=ratings)

    voted = "%(category)s: %(voted)d of %(expected)d expected evaluators voted."
    assert section(meeting, "Democratic evaluation") == [
        zh("Voting is still open; the turnout so far by evaluator category:"),
        zh(voted, category=LEADERS, voted=3, expected=4),
        zh(voted, category=SECRETARIES, voted=0, expected=2),
        zh(voted, category=REPRESENTATIVES, voted=0, expected=0),
        zh(
            "In all, %(voted)d of %(expected)d expected evaluators voted (%(percent)s%%).",
            voted=3,
            expected=6,
            percent="50.00",
        ),
        zh(NOTICE),
    ]


def _closed_with_votes(campaign, reporters, cast):
    """Voting closed after three of four leaders rated A1 excellent, A2 good and A3 poor."""
    evaluation, codes = evaluation_opened(
        campaign, cast.organizer_a, codes={LEADERS: 4, SECRETARIES: 0, REPRESENTATIVES: 0}
    )
    for code in codes[LEADERS][:3]:
        ratings = {reporters.a1.pk: ["excellent"], reporters.a2.pk: ["good"], reporters.a3.pk: ["poor"]}
        evaluation_services.ballot_cast(code_text=code, ratings=ratings)
    evaluation = evaluation_services.voting_close(evaluation=evaluation, user=cast.organizer_a)
    evaluation_services.routine_scores_set(
        evaluation=evaluation,
        scores={r.pk: Decimal(90) for r in (reporters.a1, reporters.a2, reporters.a3)},
        user=cast.organizer_a,
    )
    return evaluation


def test_once_assessed_but_not_published_the_minutes_keep_the_results_for_the_notice(
    meeting, campaign, reporters, cast
):
    _closed_with_votes(campaign, reporters, cast)
    campaign = advance_to(campaign, CampaignState.ASSESSED, cast.organizer_a)

    lines = section(meeting, "Democratic evaluation")

    assert lines[0] == zh("Turnout by evaluator category:")
    assert zh("The quorum (more than %(quorum)s) was met.", quorum="50%") in lines
    assert lines[-1] == zh(NOTICE)
    assert zh("Grades in rank order:") not in lines


def test_once_published_the_minutes_give_the_grade_distribution_and_each_grade_by_rank(
    meeting, campaign, reporters, cast
):
    evaluation = _closed_with_votes(campaign, reporters, cast)
    advance_to(campaign, CampaignState.PUBLISHED, cast.organizer_a)
    outcome = results(evaluation)

    lines = section(meeting, "Democratic evaluation")

    assert zh(NOTICE) not in lines
    with translation.override("zh-hans"):
        counts = "、".join(
            gettext("%(grade)s: %(count)d") % {"grade": label, "count": count}
            for _value, label, count in outcome.grade_distribution
        )
    start = lines.index(zh("Grade distribution: %(counts)s.", counts=counts))
    assert lines[start + 1] == zh("Grades in rank order:")
    line = "%(rank)s. %(org)s, secretary %(name)s: %(grade)s (comprehensive score %(score)s)"
    expected = []
    for reporter in (reporters.a1, reporters.a2, reporters.a3):  # excellent, good, poor: in rank order
        result = next(row for row in outcome.rows if row.reporter == reporter).overall
        with translation.override("zh-hans"):
            grade = str(Rating(result.grade).label)
        values = {"org": reporter.organization.name, "name": reporter.person.name, "grade": grade}
        score = round_half_up(result.comprehensive_score)
        expected.append(zh(line, rank=result.rank, score=score, **values))
    assert lines[start + 2 :] == expected
    assert [line.split(". ")[0] for line in expected] == ["1", "2", "3"]
