"""Organizers record, change and remove the interviews (约谈) held with reporters graded fair or poor."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from debrief.lib.errors import DomainError

from . import feedback, interview_services
from .interview_forms import InterviewForm
from .models import Interview


def _managed(request, pk: int, reporter_id: int) -> feedback.FeedbackAccess:
    access = feedback.feedback_access(request.user, pk, reporter_id)
    if not access.can_manage:
        raise Http404
    return access


def _back(access: feedback.FeedbackAccess):
    return redirect("publication:feedback", pk=access.campaign.pk, reporter_id=access.reporter.pk)


def _render(request, access, form, interview=None):
    return render(
        request,
        "publication/interview_form.html",
        {"campaign": access.campaign, "reporter": access.reporter, "form": form, "interview": interview},
    )


def _save(request, access, form, interview=None) -> bool:
    if not form.is_valid():
        return False
    try:
        interview_services.interview_save(
            reporter=access.reporter, user=request.user, interview=interview, **form.cleaned_data
        )
    except DomainError as error:
        form.add_error(None, str(error))
        return False
    return True


@login_required
def interview_add(request, pk: int, reporter_id: int):
    access = _managed(request, pk, reporter_id)
    form = InterviewForm(request.POST or None)
    if request.method == "POST":
        if _save(request, access, form):
            messages.success(request, _("The interview is recorded."))
            return _back(access)
    else:
        try:  # say at once why no interview can be recorded, rather than after filling the form in
            interview_services.ensure_interview_due(access.reporter)
        except DomainError as error:
            messages.error(request, str(error))
            return _back(access)
    return _render(request, access, form)


@login_required
def interview_edit(request, pk: int, reporter_id: int, interview_id: int):
    access = _managed(request, pk, reporter_id)
    interview = get_object_or_404(Interview, pk=interview_id, reporter=access.reporter)
    interview.reporter = access.reporter
    if request.method == "POST" and request.POST.get("action") == "remove":
        try:
            interview_services.interview_remove(interview=interview, user=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The interview is removed."))
        return _back(access)
    form = InterviewForm(request.POST or None, initial=InterviewForm.initial_for(interview))
    if request.method == "POST" and _save(request, access, form, interview):
        messages.success(request, _("The interview is saved."))
        return _back(access)
    return _render(request, access, form, interview)
