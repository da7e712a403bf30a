"""Conveyance pages: a lower level records its conveyance of a superior's meeting with the tasks it
sets; the superior sees who conveyed its meeting and when."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from debrief.campaigns import selectors as campaign_selectors
from debrief.lib.bad_input import id_from
from debrief.lib.errors import DomainError

from . import selectors, services
from .forms import ConveyanceForm, TaskRow, rows_from_tasks, task_rows


@login_required
def index(request):
    """The organizations one organizes: their conveyances, and the superiors' meetings not yet conveyed."""
    sections = []
    for organization in selectors.managed_roots(request.user):
        recorded = list(selectors.conveyances_of(organization))
        conveyed = {conveyance.meeting_id for conveyance in recorded}
        pending = [m for m in selectors.meetings_to_convey(organization)[:20] if m.pk not in conveyed]
        sections.append({"organization": organization, "recorded": recorded, "pending": pending})
    return render(request, "conveyance/index.html", {"sections": sections})


def _render_form(request, *, organization, form, rows, conveyance=None, owners, errors=()):
    if not rows:
        rows = [TaskRow()]
    elif not any(not row.pk and not row.text for row in rows):
        rows = [*rows, TaskRow()]  # an empty row to type the next task in
    return render(
        request,
        "conveyance/form.html",
        {
            "organization": organization,
            "form": form,
            "rows": rows,
            "owners": owners,
            "conveyance": conveyance,
            "row_errors": errors,
            "secretary_id": _secretary_id(organization),
        },
    )


def _secretary_id(organization) -> str:
    post = organization.posts.current().filter(role="secretary").first()
    return str(post.person_id) if post else ""


@login_required
def record(request, pk: int):
    organization = selectors.organization_for_user(request.user, pk, manage=True)
    meetings = selectors.meetings_to_convey(organization)
    owners = list(services.owner_choices(organization))
    chosen = request.GET.get("meeting")
    initial = {"held_on": timezone.localdate(), "meeting": id_from(chosen) if chosen else None}
    form = ConveyanceForm(request.POST or None, meetings=meetings, initial=initial)
    rows, errors = [], []
    if request.method == "POST":
        rows, inputs, errors = task_rows(request.POST, owners)
        if form.is_valid() and not errors:
            data = form.cleaned_data
            try:
                conveyance = services.conveyance_record(
                    organization=organization,
                    meeting=data["meeting"],
                    held_on=data["held_on"],
                    presided_by=data["presided_by"],
                    attendance=data["attendance"],
                    expected=data["expected"],
                    points=data["points"],
                    tasks=inputs,
                    user=request.user,
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The conveyance is recorded; its tasks are in your ledger."))
                return redirect("conveyance:detail", pk=conveyance.pk)
    return _render_form(
        request, organization=organization, form=form, rows=rows, owners=owners, errors=errors
    )


@login_required
def edit(request, pk: int):
    rights = selectors.conveyance_for_user(request.user, pk)
    if not rights.can_edit:
        raise Http404
    conveyance = rights.conveyance
    organization = conveyance.organization
    recorded = {task.pk: task for task in selectors.tasks_with_items(conveyance)}
    owners = list(services.owner_choices(organization, [t.owner_id for t in recorded.values()]))
    initial = {
        "held_on": conveyance.held_on,
        "presided_by": conveyance.presided_by,
        "attendance": conveyance.attendance,
        "expected": conveyance.expected,
        "points": conveyance.points,
    }
    form = ConveyanceForm(request.POST or None, initial=initial)
    rows, errors = rows_from_tasks(recorded.values()), []
    if request.method == "POST":
        rows, inputs, errors = task_rows(request.POST, owners, recorded)
        if form.is_valid() and not errors:
            data = form.cleaned_data
            try:
                services.conveyance_update(
                    conveyance=conveyance,
                    held_on=data["held_on"],
                    presided_by=data["presided_by"],
                    attendance=data["attendance"],
                    expected=data["expected"],
                    points=data["points"],
                    tasks=inputs,
                    user=request.user,
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The conveyance is saved."))
                return redirect("conveyance:detail", pk=conveyance.pk)
    return _render_form(
        request,
        organization=organization,
        form=form,
        rows=rows,
        owners=owners,
        conveyance=conveyance,
        errors=errors,
    )


@login_required
def detail(request, pk: int):
    rights = selectors.conveyance_for_user(request.user, pk)
    conveyance = rights.conveyance
    today = timezone.localdate()
    tasks = list(selectors.tasks_with_items(conveyance))
    for task in tasks:
        task.late = task.item is not None and task.item.is_overdue(today)
    return render(
        request,
        "conveyance/detail.html",
        {
            "conveyance": conveyance,
            "can_edit": rights.can_edit,
            "tasks": tasks,
            "meeting_day": services.meeting_day(conveyance.meeting),
            "sees_meeting": campaign_selectors.can_oversee_campaign(
                request.user, conveyance.meeting.campaign
            ),
        },
    )


@login_required
def meeting(request, pk: int):
    """The superior's page: each subordinate that should convey the meeting, and whether it did."""
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk).campaign
    report = selectors.meeting_conveyances(campaign)
    return render(request, "conveyance/meeting.html", {"campaign": campaign, "report": report})
