"""The sub-venue pages: the main organizer's list (add, remove, attendance and turnout by venue),
each sub-venue's own page for its host's organizers (attendance, codes and slips, the screen link),
and the list of sub-venues a user runs.

A sub-venue's organizers need not see the main campaign: their page is found by the sub-venue
alone (`venue_selectors.sub_venue_for`), and it links to nothing of the campaign's own pages.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from debrief.accounts import selectors as access
from debrief.accounts.models import Role
from debrief.campaigns.selectors import can_manage_campaign
from debrief.evaluation.code_selectors import VenueTurnout, turnout_by_venue
from debrief.evaluation.forms import IssueCodesForm
from debrief.evaluation.models import EvaluatorCategory
from debrief.evaluation.selectors import evaluation_of
from debrief.evaluation.slip_files import slips_download
from debrief.lib.errors import DomainError
from debrief.orgs.forms import suggestions

from . import selectors, venue_selectors, venues
from .access import context, meeting_for
from .venue_forms import SubVenueForm, VenueAttendanceForm
from .venue_models import SubVenue


def _organizations(user):
    return access.organizations_visible_to(user, [Role.ORGANIZER])


@login_required
def sub_venues(request, pk: int):
    campaign, meeting = meeting_for(request, pk, manage=True)
    form = SubVenueForm(request.POST or None, organizations=_organizations(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            sub_venue = venues.sub_venue_add(meeting=meeting, user=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The sub-venue “%(name)s” is added.") % {"name": sub_venue.name})
            return redirect("meetings:sub_venues", pk=campaign.pk)
    evaluation = evaluation_of(campaign)
    return render(
        request,
        "meetings/venues.html",
        context(
            request,
            campaign,
            meeting,
            form=form,
            rows=venue_selectors.venue_rows(meeting, evaluation),
            main_attendance=selectors.attendance(meeting),
            evaluation=evaluation,
        ),
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def sub_venue_remove(request, pk: int, venue_id: int):
    campaign, meeting = meeting_for(request, pk, manage=True)
    sub_venue = get_object_or_404(SubVenue, pk=venue_id, meeting=meeting)
    try:
        venues.sub_venue_remove(sub_venue=sub_venue, user=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The sub-venue “%(name)s” is removed.") % {"name": sub_venue.name})
    return redirect("meetings:sub_venues", pk=campaign.pk)


@login_required
def sub_venue_page(request, pk: int, venue_id: int):
    """A sub-venue's page: its attendance by category, its codes and slips, its screen."""
    sub_venue = venue_selectors.sub_venue_for(request.user, pk, venue_id)
    campaign = sub_venue.meeting.campaign
    evaluation = evaluation_of(campaign)
    categories = list(evaluation.categories.all()) if evaluation else []
    counts = {row.category: (row.expected, row.present) for row in sub_venue.attendance.all()}
    action = request.POST.get("action") if request.method == "POST" else None
    attendance_form = VenueAttendanceForm(
        request.POST if action == "attendance" else None,
        categories=[c.name for c in categories],
        counts=counts,
    )
    codes_form = IssueCodesForm(request.POST if action == "codes" else None, categories=categories)
    if action == "attendance" and attendance_form.is_valid():
        try:
            venues.venue_attendance_set(
                sub_venue=sub_venue, counts=attendance_form.counts(), user=request.user
            )
        except DomainError as error:
            attendance_form.add_error(None, str(error))
        else:
            messages.success(request, _("The venue's attendance is saved."))
            return redirect("meetings:sub_venue", pk=campaign.pk, venue_id=sub_venue.pk)
    if action == "codes" and codes_form.is_valid():
        category = get_object_or_404(
            EvaluatorCategory, pk=codes_form.cleaned_data["category"], evaluation=evaluation
        )
        try:
            issued = venues.venue_codes_issue(
                sub_venue=sub_venue,
                category=category,
                count=codes_form.cleaned_data["count"],
                user=request.user,
            )
        except DomainError as error:
            codes_form.add_error(None, str(error))
        else:
            file_format = codes_form.cleaned_data["file_format"]
            return slips_download(
                request, evaluation, category, issued, file_format, venue_name=sub_venue.name
            )
    turnout = VenueTurnout(sub_venue.code, 0, 0)
    if evaluation is not None:
        turnout = turnout_by_venue(evaluation).get(sub_venue.code, turnout)
    failed = attendance_form.errors or codes_form.errors
    main_organizer = can_manage_campaign(request.user, campaign)
    return render(
        request,
        "meetings/venue.html",
        {
            "sub_venue": sub_venue,
            "meeting": sub_venue.meeting,
            "campaign": campaign,
            "evaluation": evaluation,
            "attendance": sub_venue.attendance.all(),
            "attendance_form": attendance_form,
            "codes_form": codes_form,
            "turnout": turnout,
            "main_organizer": main_organizer,
            "can_manage": main_organizer,  # the campaign's tabs, shown to the main organizer only
        },
        status=422 if failed else 200,
    )


@login_required
def my_sub_venues(request):
    """The sub-venues of others' meetings that the user's organizations host."""
    return render(
        request, "meetings/my_venues.html", {"sub_venues": venue_selectors.sub_venues_run_by(request.user)}
    )


@login_required
def organization_options(request):
    """The sub-venue form's suggestions: organizations in the subtrees the user organizes."""
    found = suggestions(_organizations(request.user), request.GET.get("organization", ""))
    return render(request, "orgs/options.html", {"organizations": found})
