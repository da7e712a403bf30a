"""The host's leaders who comment: the list organizers keep for the comment form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from debrief.campaigns import selectors as campaign_selectors
from debrief.lib.errors import DomainError

from . import leaders as leader_services
from . import selectors
from .access import context
from .forms import LeaderForm
from .leader_models import HostLeader


@login_required
def leaders(request, pk: int):
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk, manage=True).campaign
    host = campaign.host
    form = LeaderForm(request.POST or None, logins=leader_services.leader_logins(host))
    if request.method == "POST" and form.is_valid():
        try:
            leader = leader_services.leader_add(organization=host, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(commenter)s is on the list.") % {"commenter": leader.commenter})
            return redirect("meetings:leaders", pk=campaign.pk)
    return render(
        request,
        "meetings/leaders.html",
        context(
            request,
            campaign,
            selectors.meeting_of(campaign),
            leaders=HostLeader.objects.filter(organization=host).select_related("user"),
            form=form,
        ),
    )


@login_required
@require_POST
def leader_remove(request, pk: int, leader_id: int):
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk, manage=True).campaign
    leader = get_object_or_404(HostLeader, pk=leader_id, organization=campaign.host)
    leader_services.leader_remove(leader=leader)
    messages.success(request, _("%(commenter)s is off the list.") % {"commenter": leader.commenter})
    return redirect("meetings:leaders", pk=campaign.pk)
