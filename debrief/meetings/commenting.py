"""Writes to comments (点评) on reporters, their problem items, and questions put to reporters."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from debrief.audit.models import Action
from debrief.audit.services import entry_record
from debrief.campaigns.models import Campaign, Reporter
from debrief.lib.ordered_texts import replace_texts
from debrief.lib.text import tidy, tidy_lines

from .access import can_change_record
from .models import Comment, CommentChange, CommentChangeKind, CommentProblem, CommentRole, Question
from .services import MeetingError, ensure_records_open


def ensure_can_change(*, user, campaign: Campaign, comment: Comment) -> None:
    if not can_change_record(user, campaign, comment):
        raise MeetingError(
            _(
                "Only an organizer or the leader who recorded this comment can change or delete it. "
                "Ask an organizer if it needs correcting."
            )
        )


def _lock(comment: Comment) -> None:
    """Lock the comment's row and read it afresh: an edit and a deletion at once go one after the other."""
    try:
        comment.refresh_from_db(from_queryset=Comment.objects.select_for_update())
    except Comment.DoesNotExist:
        raise MeetingError(_("This comment has been deleted in the meantime; reload the page.")) from None


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
    `at`: when it was said (recorded, or changed), by default now. A change is allowed to organizers
    and to the leader who recorded the comment, and keeps the text before it as a `CommentChange`."""
    ensure_records_open(reporter.campaign)
    before = None
    if comment is not None:
        if comment.reporter_id != reporter.pk:
            raise MeetingError(_("This comment belongs to another reporter."))
        _lock(comment)
        ensure_can_change(user=user, campaign=reporter.campaign, comment=comment)
        before = comment.content()
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
    after = {
        "role": role,
        "commenter": commenter,
        "achievements": achievements,
        "problems": problems,
        "requirements": requirements,
    }
    if after == before:
        return comment  # nothing changed: nothing to record
    at = at or timezone.now()
    if comment is None:
        comment = Comment(reporter=reporter, recorded_by=user, recorded_at=at)
    else:
        CommentChange.objects.create(
            reporter=reporter,
            comment=comment,
            kind=CommentChangeKind.EDITED,
            before=before,
            changed_by=user,
            changed_at=at,
        )
        comment.updated_by = user
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
    _audit(reporter, user, comment, before, after, at)
    return comment


def _audit(
    reporter: Reporter, user, comment: Comment | None, before: dict | None, after: dict | None, at
) -> None:
    entry_record(
        action=Action.COMMENT_CHANGED,
        actor=user,
        obj=comment,
        organization=reporter.campaign.host,
        label=f"{reporter.organization.name} · {(after or before or {}).get('commenter', '')}",
        before=before,
        after=after,
        at=at,
    )


@transaction.atomic
def comment_remove(*, comment: Comment, user, at: datetime.datetime | None = None) -> CommentChange:
    """Delete a comment (organizers, or the leader who recorded it); what it said is kept, with who
    deleted it and when, for the organizers to see."""
    campaign = comment.reporter.campaign
    ensure_records_open(campaign)
    _lock(comment)
    ensure_can_change(user=user, campaign=campaign, comment=comment)
    deletion = CommentChange.objects.create(
        reporter_id=comment.reporter_id,
        kind=CommentChangeKind.DELETED,
        before=comment.content(),
        changed_by=user,
        changed_at=at or timezone.now(),
    )
    _audit(comment.reporter, user, comment, deletion.before, None, deletion.changed_at)
    comment.delete()
    return deletion


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
    if existing is not None:
        _ensure_can_change_question(user, reporter.campaign, existing)
    record.asked_by, record.question, record.answer = asked_by, question, answer
    record.save()
    return record


def question_remove(*, question: Question, user) -> None:
    """Organizers remove any question; a leader only the ones they recorded, as with comments."""
    campaign = question.reporter.campaign
    ensure_records_open(campaign)
    _ensure_can_change_question(user, campaign, question)
    question.delete()


def _ensure_can_change_question(user, campaign: Campaign, question: Question) -> None:
    if not can_change_record(user, campaign, question):
        raise MeetingError(
            _(
                "Only an organizer or the leader who recorded this question can change or remove it. "
                "Ask an organizer if it needs correcting."
            )
        )
