"""The big screen and the control page that drives it.

The screen opens by the meeting's screen key, without a login, on the projector's computer. It
polls its state every second with the version it shows; an unchanged state costs a 204 and no
rendering. The countdown runs in the browser from the elapsed time the state carries, so a
screen that loses the network for a while keeps counting and catches up on its next answer.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from debrief.evaluation.code_selectors import VenueTurnout, turnout_by_venue
from debrief.evaluation.selectors import evaluation_of, turnout
from debrief.lib.bad_input import id_from
from debrief.lib.errors import DomainError

from . import screen, selectors, services
from .access import context, meeting_for
from .models import AgendaItem, AgendaKind, Meeting, SubVenue
from .venue_selectors import venue_rows

SCREEN_LANGUAGES = {code for code, _name in settings.LANGUAGES}


def _screen_context(request, meeting: Meeting, sub_venue: SubVenue | None = None) -> dict:
    """What the main screen shows, or a sub-venue's screen (the same item, speaker and timer, with
    the venue's own turnout): venues' turnout is only counts of codes used, never anything voted."""
    state = selectors.screen_state(meeting)
    ctx = {
        "state": state,
        "meeting": meeting,
        "campaign": meeting.campaign,
        "sub_venue": sub_venue,
        "state_url": reverse("venues:screen_state", args=[sub_venue.screen_key])
        if sub_venue
        else reverse("screen_state", args=[meeting.screen_key]),
    }
    if state.kind == AgendaKind.EVALUATION:
        evaluation = evaluation_of(meeting.campaign)
        ctx["evaluation"] = evaluation
        if evaluation is not None:
            ctx["turnout"] = turnout(evaluation)
            ctx["vote_url"] = request.build_absolute_uri(reverse("vote:enter"))
            if sub_venue is not None:
                counts = turnout_by_venue(evaluation)
                ctx["venue_turnout"] = counts.get(sub_venue.code, VenueTurnout(sub_venue.code, 0, 0))
            else:
                rows = venue_rows(meeting, evaluation, attendance=False)
                ctx["venue_rows"] = rows if len(rows) > 1 else []
    return ctx


def _screen_language(request) -> str:
    # The hall reads Chinese whatever the projector's browser prefers; ?lang=en switches.
    asked = request.GET.get("lang", "")
    return asked if asked in SCREEN_LANGUAGES else settings.LANGUAGE_CODE


@never_cache
def screen_page(request, key: str):
    meeting = get_object_or_404(Meeting.objects.select_related("campaign__host"), screen_key=key)
    language = _screen_language(request)
    with translation.override(language):
        return render(
            request,
            "meetings/screen.html",
            {**_screen_context(request, meeting), "screen_language": language},
        )


@never_cache
def screen_state(request, key: str):
    meeting = get_object_or_404(
        Meeting.objects.select_related("campaign__host", "current_item"), screen_key=key
    )
    # Turnout moves without the version changing, so the evaluation item always re-renders.
    on_evaluation = meeting.current_item is not None and meeting.current_item.kind == AgendaKind.EVALUATION
    if request.GET.get("v", "") == str(meeting.screen_version) and not on_evaluation:
        return HttpResponse(status=204)
    language = _screen_language(request)
    with translation.override(language):
        return render(
            request,
            "meetings/partials/screen_body.html",
            {**_screen_context(request, meeting), "screen_language": language},
        )


# --- A sub-venue's screen -------------------------------------------------------------------------


def _sub_venue(key: str) -> SubVenue:
    return get_object_or_404(
        SubVenue.objects.select_related("meeting__campaign__host", "meeting__current_item"), screen_key=key
    )


@never_cache
def venue_screen_page(request, key: str):
    """A sub-venue's own screen: by its key, without a login, read-only like the main one."""
    sub_venue = _sub_venue(key)
    language = _screen_language(request)
    with translation.override(language):
        return render(
            request,
            "meetings/screen.html",
            {**_screen_context(request, sub_venue.meeting, sub_venue), "screen_language": language},
        )


@never_cache
def venue_screen_state(request, key: str):
    """The sub-venue screen's poll: the main screen's version decides, as on the main screen."""
    sub_venue = _sub_venue(key)
    meeting = sub_venue.meeting
    on_evaluation = meeting.current_item is not None and meeting.current_item.kind == AgendaKind.EVALUATION
    if request.GET.get("v", "") == str(meeting.screen_version) and not on_evaluation:
        return HttpResponse(status=204)
    language = _screen_language(request)
    with translation.override(language):
        return render(
            request,
            "meetings/partials/screen_body.html",
            {**_screen_context(request, meeting, sub_venue), "screen_language": language},
        )


# --- Control --------------------------------------------------------------------------------------

ACTIONS = {
    "next": screen.screen_next,
    "previous": screen.screen_previous,
    "start": screen.timer_start,
    "stop": screen.timer_stop,
    "reset": screen.timer_reset,
}


def _control_context(request, campaign, meeting) -> dict:
    meeting.refresh_from_db()
    rows = selectors.agenda(meeting)
    return context(
        request,
        campaign,
        meeting,
        state=selectors.screen_state(meeting, rows),
        rows=rows,
        screen_url=request.build_absolute_uri(reverse("screen", args=[meeting.screen_key])),
    )


@login_required
def control(request, pk: int):
    campaign, meeting = meeting_for(request, pk, manage=True)
    if campaign.state in services.RECORDS_OPEN:
        services.agenda_sync(meeting)
    return render(request, "meetings/control.html", _control_context(request, campaign, meeting))


@login_required
@require_POST
def control_action(request, pk: int):
    campaign, meeting = meeting_for(request, pk, manage=True)
    action = request.POST.get("action", "")
    error = ""
    try:
        if action == "show":
            item_id = request.POST.get("item", "")
            item = get_object_or_404(AgendaItem, pk=id_from(item_id), meeting=meeting) if item_id else None
            screen.screen_show(meeting=meeting, item=item)
        elif action in ACTIONS:
            ACTIONS[action](meeting=meeting)
        else:
            raise Http404
    except DomainError as problem:
        error = str(problem)
    if request.htmx:
        ctx = _control_context(request, campaign, meeting)
        return render(request, "meetings/partials/control_panel.html", {**ctx, "error": error})
    if error:
        messages.error(request, error)
    return redirect("meetings:control", pk=campaign.pk)
