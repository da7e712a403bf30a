"""Writes to comments (点评) on reporters, their problem items, and questions put to reporters."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from debrief.campaigns.models import Reporter
from debrief.lib.ordered_texts import replace_texts
from debrief.lib.text import tidy, tidy_lines

from .models import Comment, CommentProblem, CommentRole, Question
from .services import MeetingError, ensure_records_open


@transaction.atomic
def comment_save(
    *,
    reporter: Reporter,
    role: str,
    commenter: str,
    achievements: str = "",
    problems: Iterable[str] = (),
    requirements: str = "",
    user=None,
    comment: Comment | None = None,
    at: datetime.datetime | None = None,
) -> Comment:
    """Record a leader's comment on a reporter, or change one; problems are kept as separate items.
    `at`: when it was said (recorded, or changed), by default now."""
    ensure_records_open(reporter.campaign)
    if role not in CommentRole.values:
        raise MeetingError(_("Choose the commenter's role."))
    commenter, achievements, requirements = tidy(commenter), tidy(achievements), tidy(requirements)
    if not commenter:
        raise MeetingError(_("Say who made the comment."))
    if len(commenter) > 100:
        raise MeetingError(_("The commenter's name and post may have at most 100 characters."))
    problems = tidy_lines(problems)
    if not (achievements or problems or requirements):
        raise MeetingError(_("The comment is empty: record its achievements, problems or requirements."))
    at = at or timezone.now()
    if comment is None:
        comment = Comment(reporter=reporter, recorded_by=user, recorded_at=at)
    elif comment.reporter_id != reporter.pk:
        raise MeetingError(_("This comment belongs to another reporter."))
    comment.updated_at = at
    comment.role = role
    comment.commenter = commenter
    comment.achievements = achievements
    comment.requirements = requirements
    comment.save()
    # Unchanged problems keep their identity, so a ledger item made from one stays linked.
    replace_texts(
        comment.problems.all(),
        problems,
        lambda position, text: CommentProblem.objects.create(comment=comment, position=position, text=text),
    )
    return comment


def comment_remove(*, comment: Comment) -> None:
    ensure_records_open(comment.reporter.campaign)
    comment.delete()


def question_save(
    *,
    reporter: Reporter,
    asked_by: str,
    question: str,
    answer: str = "",
    user=None,
    existing: Question | None = None,
    at: datetime.datetime | None = None,
) -> Question:
    """Record a question and its answer, or change them; `at`: when it was asked, by default now."""
    ensure_records_open(reporter.campaign)
    asked_by, question, answer = tidy(asked_by), tidy(question), tidy(answer)
    if not asked_by:
        raise MeetingError(_("Say who asked the question."))
    if not question:
        raise MeetingError(_("Write down the question."))
    record = existing or Question(reporter=reporter, recorded_by=user, recorded_at=at or timezone.now())
    if record.reporter_id != reporter.pk:
        raise MeetingError(_("This question was put to another reporter."))
    record.asked_by, record.question, record.answer = asked_by, question, answer
    record.save()
    return record


def question_remove(*, question: Question) -> None:
    ensure_records_open(question.reporter.campaign)
    question.delete()
