"""Comments (点评) and questions on each reporter, and the meeting's minutes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from debrief.campaigns import selectors as campaign_selectors
from debrief.campaigns.recurring import earlier_problems_of
from debrief.campaigns.selectors import reporters_in_order
from debrief.lib import downloads
from debrief.lib.errors import DomainError

from . import commenting, leaders, minutes, selectors
from .access import can_change_record, can_comment, context, meeting_for
from .forms import CommentForm, QuestionForm
from .models import Comment, CommentChange, Question


def _comment_form(request, campaign, comment=None, data=None) -> CommentForm:
    """The comment form offering the host's leaders. A leader recording their own comment finds
    themselves chosen (or their name typed when not on the list); an organizer, who records for
    whoever spoke, chooses."""
    host_leaders = leaders.host_leaders(campaign.host)
    by_organizer = campaign_selectors.can_manage_campaign(request.user, campaign)
    initial = CommentForm.initial_for(
        comment,
        leaders=host_leaders,
        user=request.user,
        typed_by_default="" if by_organizer else request.user.display_name,
    )
    return CommentForm(data, initial=initial, leaders=host_leaders)


@login_required
def comments(request, pk: int):
    access = campaign_selectors.get_campaign_for_user(request.user, pk)
    campaign = access.campaign
    records = selectors.comments_by_reporter(campaign)
    # Organizers see what was deleted, by whom and when; no one else does.
    deletions = (
        CommentChange.objects.filter(reporter__campaign=campaign).deletions() if access.can_manage else []
    )
    return render(
        request,
        "meetings/comments.html",
        context(request, campaign, selectors.meeting_of(campaign), records=records, deletions=deletions),
    )


def _reporter_for(request, pk: int, reporter_id: int, *, write: bool = False):
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk).campaign
    if write and not can_comment(request.user, campaign):
        raise Http404
    reporter = get_object_or_404(reporters_in_order(campaign), pk=reporter_id)
    return campaign, reporter


@login_required
def reporter_comments(request, pk: int, reporter_id: int):
    """One reporter's comments and questions; the form records a new comment."""
    campaign, reporter = _reporter_for(request, pk, reporter_id, write=request.method == "POST")
    form = _comment_form(request, campaign, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            commenting.comment_save(
                reporter=reporter,
                user=request.user,
                **form.comment_fields(),
            )
            messages.success(request, _("The comment is recorded."))
            return redirect("meetings:reporter_comments", pk=campaign.pk, reporter_id=reporter.pk)
        except DomainError as error:
            form.add_error(None, str(error))
    return _render_reporter(request, campaign, reporter, form=form)


def _mark_recurring(campaign, reporter, comments) -> None:
    """Each problem that repeats one raised for the organization in an earlier year gets `earlier`."""
    problems = [problem for comment in comments for problem in comment.problems.all()]
    reporter.campaign = campaign
    earlier = earlier_problems_of(reporter, {problem.pk: problem.text for problem in problems})
    for problem in problems:
        problem.earlier = earlier.get(problem.pk)


def _render_reporter(request, campaign, reporter, status: int = 200, **forms):
    record = selectors.reporter_record(reporter)
    prefetch_related_objects(record.comments, "updated_by")  # "edited by"; no query when none was edited
    previous, following = selectors.reporter_neighbours(campaign, reporter)
    _mark_recurring(campaign, reporter, record.comments)
    if "form" not in forms:
        forms["form"] = _comment_form(request, campaign)
    forms.setdefault("question_form", QuestionForm())
    can_manage = campaign_selectors.can_manage_campaign(request.user, campaign)
    return render(
        request,
        "meetings/reporter_comments.html",
        context(
            request,
            campaign,
            selectors.meeting_of(campaign),
            record=record,
            reporter=reporter,
            previous=previous,
            next=following,
            changeable={c.pk for c in record.comments if can_change_record(request.user, campaign, c)},
            removable={q.pk for q in record.questions if can_change_record(request.user, campaign, q)},
            deletions=reporter.comment_changes.deletions() if can_manage else [],
            **forms,
        ),
        status=status,
    )


@login_required
def comment_edit(request, pk: int, reporter_id: int, comment_id: int):
    campaign, reporter = _reporter_for(request, pk, reporter_id, write=True)
    comment = get_object_or_404(Comment, pk=comment_id, reporter=reporter)
    try:
        commenting.ensure_can_change(user=request.user, campaign=campaign, comment=comment)
    except DomainError as error:  # another leader's comment: the reporter's page, saying why
        messages.error(request, str(error))
        return _render_reporter(request, campaign, reporter, status=403)
    if request.method == "POST" and request.POST.get("action") == "remove":
        try:
            commenting.comment_remove(comment=comment, user=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The comment is removed."))
        return redirect("meetings:reporter_comments", pk=campaign.pk, reporter_id=reporter.pk)
    form = _comment_form(request, campaign, comment, data=request.POST or None)
    form.initial.update(
        achievements=comment.achievements,
        problems="\n".join(problem.text for problem in comment.problems.all()),
        requirements=comment.requirements,
    )
    if request.method == "POST" and form.is_valid():
        try:
            commenting.comment_save(
                reporter=reporter,
                comment=comment,
                user=request.user,
                **form.comment_fields(),
            )
            messages.success(request, _("The comment is saved."))
            return redirect("meetings:reporter_comments", pk=campaign.pk, reporter_id=reporter.pk)
        except DomainError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "meetings/comment_edit.html",
        context(
            request,
            campaign,
            selectors.meeting_of(campaign),
            reporter=reporter,
            comment=comment,
            form=form,
            edits=comment.changes.select_related("changed_by").order_by("-changed_at", "-pk"),
        ),
    )


@login_required
@require_POST
def question_add(request, pk: int, reporter_id: int):
    campaign, reporter = _reporter_for(request, pk, reporter_id, write=True)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            commenting.question_save(reporter=reporter, user=request.user, **form.cleaned_data)
            messages.success(request, _("The question is recorded."))
            return redirect("meetings:reporter_comments", pk=campaign.pk, reporter_id=reporter.pk)
        except DomainError as error:
            form.add_error(None, str(error))
    return _render_reporter(request, campaign, reporter, question_form=form)


@login_required
@require_POST
def question_remove(request, pk: int, reporter_id: int, question_id: int):
    campaign, reporter = _reporter_for(request, pk, reporter_id, write=True)
    question = get_object_or_404(Question, pk=question_id, reporter=reporter)
    try:
        commenting.question_remove(question=question, user=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The question is removed."))
    return redirect("meetings:reporter_comments", pk=campaign.pk, reporter_id=reporter.pk)


@login_required
def minutes_docx(request, pk: int):
    campaign, meeting = meeting_for(request, pk)
    return downloads.attachment(
        minutes.minutes_docx(meeting), downloads.DOCX, minutes.minutes_file_name(meeting)
    )
