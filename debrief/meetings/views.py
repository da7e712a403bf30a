"""The organizer's meeting pages: setting up, the closing speech, the agenda, attendees and the
check-in desk."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from debrief.campaigns import selectors as campaign_selectors
from debrief.evaluation.selectors import evaluation_of
from debrief.lib import downloads
from debrief.lib.bad_input import id_from
from debrief.lib.errors import DomainError
from debrief.lib.redirects import safe_next

from . import attendance, attendee_import, selectors, services
from .access import context, meeting_for
from .forms import (
    AgendaItemEditForm,
    AgendaItemForm,
    AttendeeForm,
    AttendeeImportForm,
    ClosingSpeechForm,
    MeetingForm,
)
from .models import AgendaItem, Attendee


def _categories(campaign) -> list[str]:
    evaluation = evaluation_of(campaign)
    return [category.name for category in evaluation.categories.all()] if evaluation else []


@login_required
def overview(request, pk: int):
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk).campaign
    meeting = selectors.meeting_of(campaign)
    ctx = context(request, campaign, meeting)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST":
        if not ctx["can_manage"]:
            raise Http404
        if form.is_valid():
            data = {key: form.cleaned_data[key] for key in MeetingForm.Meta.fields}
            try:
                if meeting is None:
                    services.meeting_set_up(campaign=campaign, **data)
                    messages.success(
                        request, _("The meeting is set up with the usual agenda; adjust it below.")
                    )
                    return redirect("meetings:agenda", pk=campaign.pk)
                services.meeting_update(meeting=meeting, **data)
                messages.success(request, _("The meeting's details are saved."))
                return redirect("meetings:overview", pk=campaign.pk)
            except DomainError as error:
                form.add_error(None, str(error))
    elif meeting is None:
        form.initial.setdefault("starts_at", f"{campaign.meeting_date.isoformat()}T09:00")
    return _overview_page(request, ctx, form)


def _overview_page(request, ctx: dict, form, closing_form=None):
    meeting = ctx["meeting"]
    if meeting is not None:
        ctx.update(attendance=selectors.attendance(meeting), agenda=selectors.agenda(meeting))
        ctx.update(_closing_context(ctx, form=closing_form))
    status = 422 if form.errors or (closing_form is not None and closing_form.errors) else 200
    return render(request, "meetings/overview.html", {**ctx, "form": form}, status=status)


# --- The closing speech ---------------------------------------------------------------------------


def _closing_context(ctx: dict, *, form=None, saved: bool = False) -> dict:
    """The closing speech's card: its points, and the form for organizers until the campaign is
    archived (or while it shows why a save was refused)."""
    parts = selectors.closing_speech(ctx["meeting"])
    if ctx["can_manage"] and (form is not None or not ctx["campaign"].is_archived):
        form = form or ClosingSpeechForm.for_speech(parts)
    else:
        form = None
    recorded = any(part.points for part in parts)
    return {
        "closing_parts": parts,
        "closing_recorded": recorded,
        "closing_form": form,
        "closing_saved": saved,
    }


@login_required
@require_POST
def closing_speech(request, pk: int):
    """Save the closing speech's points; htmx gets the card back, a plain form post the page."""
    campaign, meeting = meeting_for(request, pk, manage=True)
    form = ClosingSpeechForm(request.POST)
    saved = False
    if form.is_valid():
        try:
            services.closing_speech_save(meeting=meeting, user=request.user, **form.points())
            saved = True
        except DomainError as error:
            form.add_error(None, str(error))
    ctx = context(request, campaign, meeting)
    if request.htmx:  # a refusal is shown in the card too, so the answer is 200 for htmx to swap it in
        ctx.update(_closing_context(ctx, form=None if saved else form, saved=saved))
        return render(request, "meetings/partials/closing_speech.html", ctx)
    if saved:
        messages.success(request, _("The closing speech is saved."))
        return redirect("meetings:overview", pk=campaign.pk)
    return _overview_page(request, ctx, MeetingForm(instance=meeting), closing_form=form)


# --- Agenda ---------------------------------------------------------------------------------------


@login_required
def agenda(request, pk: int):
    campaign, meeting = meeting_for(request, pk)
    ctx = context(request, campaign, meeting)
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST":
        if not ctx["can_manage"]:
            raise Http404
        if form.is_valid():
            try:
                services.agenda_item_add(
                    meeting=meeting,
                    kind=form.cleaned_data["kind"],
                    title=form.cleaned_data["title"],
                    minutes=form.cleaned_data["minutes"],
                    user=request.user,
                )
                return redirect("meetings:agenda", pk=campaign.pk)
            except DomainError as error:
                form.add_error(None, str(error))
    if ctx["can_manage"] and campaign.state in services.RECORDS_OPEN:
        services.agenda_sync(meeting)
    return render(request, "meetings/agenda.html", {**ctx, "rows": selectors.agenda(meeting), "form": form})


def _agenda_response(request, campaign, meeting):
    if request.htmx:
        ctx = context(request, campaign, meeting, rows=selectors.agenda(meeting))
        return render(request, "meetings/partials/agenda_list.html", ctx)
    return redirect("meetings:agenda", pk=campaign.pk)


@login_required
@require_POST
def agenda_item(request, pk: int, item_id: int):
    campaign, meeting = meeting_for(request, pk, manage=True)
    item = get_object_or_404(AgendaItem, pk=item_id, meeting=meeting)
    action = request.POST.get("action")
    try:
        if action in ("up", "down"):
            services.agenda_move(item=item, offset=-1 if action == "up" else 1, user=request.user)
        elif action == "remove":
            services.agenda_item_remove(item=item, user=request.user)
        elif action == "save":
            form = AgendaItemEditForm(request.POST, prefix=str(item.pk))
            if not form.is_valid():
                raise services.MeetingError(
                    _("The time limit must be a whole number of minutes from 1 to 240.")
                )
            services.agenda_item_update(
                item=item,
                title=form.cleaned_data["title"],
                minutes=form.cleaned_data["minutes"],
                user=request.user,
            )
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, str(error))
    return _agenda_response(request, campaign, meeting)


@login_required
@require_POST
def agenda_order(request, pk: int):
    campaign, meeting = meeting_for(request, pk, manage=True)
    ids = [id_from(value) for value in request.POST.getlist("item")]
    try:
        services.agenda_reorder(meeting=meeting, item_ids=ids, user=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    return _agenda_response(request, campaign, meeting)


# --- Attendees ------------------------------------------------------------------------------------


@login_required
def attendees(request, pk: int):
    campaign, meeting = meeting_for(request, pk)
    ctx = context(request, campaign, meeting)
    categories = _categories(campaign)
    form = AttendeeForm(request.POST or None, categories=categories)
    if request.method == "POST":
        if not ctx["can_manage"]:
            raise Http404
        if form.is_valid():
            try:
                attendance.attendee_add(meeting=meeting, user=request.user, **form.cleaned_data)
                messages.success(request, _("%(name)s is on the list.") % {"name": form.cleaned_data["name"]})
                return redirect("meetings:attendees", pk=campaign.pk)
            except DomainError as error:
                form.add_error(None, str(error))
    return render(
        request,
        "meetings/attendees.html",
        {
            **ctx,
            "form": form,
            "import_form": AttendeeImportForm(),
            "attendees": meeting.attendees.all(),
            "attendance": selectors.attendance(meeting),
        },
    )


@login_required
@require_POST
def attendee_change(request, pk: int, attendee_id: int):
    campaign, meeting = meeting_for(request, pk, manage=True)
    attendee = get_object_or_404(Attendee, pk=attendee_id, meeting=meeting)
    try:
        if request.POST.get("action") == "remove":
            attendance.attendee_remove(attendee=attendee, user=request.user)
            messages.success(request, _("%(name)s is off the list.") % {"name": attendee.name})
        else:
            form = AttendeeForm(request.POST, instance=attendee, categories=_categories(campaign))
            if form.is_valid():
                attendance.attendee_update(attendee=attendee, user=request.user, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("meetings:attendees", pk=campaign.pk)


@login_required
@require_POST
def attendees_import(request, pk: int):
    campaign, meeting = meeting_for(request, pk, manage=True)
    form = AttendeeImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            added = attendee_import.attendees_import(meeting, upload.read(), upload.name, user=request.user)
        except DomainError as error:
            for line in error.errors:
                messages.error(request, line)
        else:
            messages.success(request, _("%(n)d attendees imported.") % {"n": len(added)})
    else:
        messages.error(request, _("Choose an XLSX or CSV file to import."))
    return redirect("meetings:attendees", pk=campaign.pk)


@login_required
def attendees_template(request, pk: int):
    campaign, meeting = meeting_for(request, pk, manage=True)
    return downloads.attachment(
        attendee_import.attendee_template_xlsx(meeting), downloads.XLSX, _("attendees") + ".xlsx"
    )


@login_required
def attendee_cards(request, pk: int):
    """Printable check-in cards, one QR code per attendee, to hand out with the meeting notice."""
    campaign, meeting = meeting_for(request, pk, manage=True)
    cards = [
        (attendee, request.build_absolute_uri(reverse("checkin", args=[attendee.checkin_token])))
        for attendee in meeting.attendees.all()
    ]
    return render(request, "meetings/cards.html", context(request, campaign, meeting, cards=cards))


# --- Check-in desk --------------------------------------------------------------------------------


def _desk(request, campaign, meeting, **extra):
    query = request.GET.get("q", "") if request.method == "GET" else request.POST.get("q", "")
    return context(
        request,
        campaign,
        meeting,
        query=query,
        found=selectors.attendees_matching(meeting, query),
        attendance=selectors.attendance(meeting),
        **extra,
    )


@login_required
def checkin_desk(request, pk: int):
    """Scan a card (a scanner types its link into the box) or find a name, and check them in."""
    campaign, meeting = meeting_for(request, pk, manage=True)
    outcome = None
    if request.method == "POST":
        try:
            if request.POST.get("scan"):
                attendee, fresh = attendance.check_in_by_token(
                    meeting=meeting, text=request.POST["scan"], user=request.user
                )
            else:
                attendee = get_object_or_404(Attendee, pk=request.POST.get("attendee"), meeting=meeting)
                fresh = attendance.check_in(attendee=attendee, user=request.user)
            outcome = {"attendee": attendee, "fresh": fresh}
        except DomainError as error:
            outcome = {"error": str(error)}
    ctx = _desk(request, campaign, meeting, outcome=outcome)
    if request.htmx:
        return render(request, "meetings/partials/desk.html", ctx)
    return render(request, "meetings/checkin.html", ctx)


@login_required
@require_POST
def checkin_undo(request, pk: int, attendee_id: int):
    campaign, meeting = meeting_for(request, pk, manage=True)
    attendee = get_object_or_404(Attendee, pk=attendee_id, meeting=meeting)
    try:
        attendance.check_in_undo(attendee=attendee)
        messages.success(request, _("%(name)s's check-in is undone.") % {"name": attendee.name})
    except DomainError as error:
        messages.error(request, str(error))
    return HttpResponseRedirect(safe_next(request, reverse("meetings:attendees", args=[campaign.pk])))


@login_required
def attendance_summary(request, pk: int):
    campaign, meeting = meeting_for(request, pk)
    return render(request, "meetings/partials/attendance.html", {"attendance": selectors.attendance(meeting)})


@login_required
def checkin_link(request, token: str):
    """Where a card's QR code leads: a staff phone's camera opens it, and one tap checks them in."""
    attendee = get_object_or_404(
        Attendee.objects.select_related("meeting__campaign__host"), checkin_token=token
    )
    meeting = attendee.meeting
    campaign = campaign_selectors.get_campaign_for_user(
        request.user, meeting.campaign_id, manage=True
    ).campaign
    fresh = None
    error = ""
    if request.method == "POST":
        try:
            fresh = attendance.check_in(attendee=attendee, user=request.user, method="qr")
        except DomainError as problem:
            error = str(problem)
    return render(
        request,
        "meetings/checkin_link.html",
        context(
            request,
            campaign,
            meeting,
            attendee=attendee,
            fresh=fresh,
            error=error,
            attendance=selectors.attendance(meeting),
        ),
    )
