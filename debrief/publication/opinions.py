"""The first draft of each reporter's assessment opinion (综合评价意见): the grade, the evaluation's
figures and what the leaders said in their comments, in the site's language."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from debrief.lib import tally
from debrief.lib.text import join_clauses, join_names

from . import notice_prefill
from .selectors import OpinionRow, grade_label


def _figures(row: OpinionRow) -> str:
    overall = row.result.overall
    parts = []
    if overall.good_rate is not None:
        parts.append(_("good rate %(rate)s%%") % {"rate": tally.percent(overall.good_rate)})
    if overall.evaluation_score is not None:
        parts.append(
            _("evaluation score %(score)s") % {"score": tally.round_half_up(overall.evaluation_score)}
        )
    if overall.routine_score is not None:
        parts.append(
            _("routine assessment score %(score)s") % {"score": tally.round_half_up(overall.routine_score)}
        )
    if overall.comprehensive_score is not None:
        parts.append(
            _("comprehensive score %(score)s") % {"score": tally.round_half_up(overall.comprehensive_score)}
        )
    if overall.rank is not None:
        parts.append(_("rank %(rank)d") % {"rank": overall.rank})
    return join_names(parts)


def opinion_draft(row: OpinionRow) -> str:
    """What the page offers for a reporter without a saved opinion."""
    with translation.override(notice_prefill.NOTICE_LANGUAGE):
        sentences = []
        if row.result is not None and row.result.overall.grade:
            sentences.append(
                _("In the democratic evaluation: %(figures)s; graded “%(grade)s”.")
                % {"figures": _figures(row), "grade": grade_label(row.result.overall.grade)}
            )
        achievements = [c.achievements.strip().rstrip("。.") for c in row.comments if c.achievements.strip()]
        if achievements:
            sentences.append(
                _("Achievements noted in the comments: %(text)s.") % {"text": join_clauses(achievements)}
            )
        problems = [p.text.strip().rstrip("。.；;") for c in row.comments for p in c.problems.all()]
        if problems:
            sentences.append(_("Problems pointed out: %(text)s.") % {"text": join_clauses(problems)})
        requirements = [c.requirements.strip().rstrip("。.") for c in row.comments if c.requirements.strip()]
        if requirements:
            sentences.append(_("Requirements: %(text)s.") % {"text": join_clauses(requirements)})
        joiner = "" if translation.get_language().startswith("zh") else " "
        return joiner.join(sentences)
