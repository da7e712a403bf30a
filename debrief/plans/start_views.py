"""The issuer's progress page over a plan, and a host starting its campaign from it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from debrief.accounts import selectors as access
from debrief.campaigns.models import Campaign
from debrief.lib.errors import DomainError
from debrief.orgs.models import Organization

from . import adoption, progress, selectors
from .forms import StartForm, suggested_dates

PAGE_SIZE = 100
SHOWN = {
    "late": lambda row: row.late,
    progress.NOT_STARTED: lambda row: row.status == progress.NOT_STARTED,
    progress.STARTED: lambda row: row.status == progress.STARTED,
    progress.HELD: lambda row: row.status == progress.HELD,
}


@login_required
def plan_progress(request, pk: int):
    plan = selectors.get_plan_for_user(request.user, pk, oversee=True)
    shown = progress.progress(plan)
    show = request.GET.get("show", "")
    rows = [row for row in shown.rows if SHOWN[show](row)] if show in SHOWN else shown.rows
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    progress.add_changes(plan, list(page))
    return render(
        request,
        "plans/progress.html",
        {
            "plan": plan,
            "progress": shown,
            "page": page,
            "show": show if show in SHOWN else "",
            "query": urlencode({"show": show}) if show in SHOWN else "",
            "filters": [
                ("", _("All")),
                (progress.NOT_STARTED, progress.STATUS_LABELS[progress.NOT_STARTED]),
                (progress.STARTED, progress.STATUS_LABELS[progress.STARTED]),
                (progress.HELD, progress.STATUS_LABELS[progress.HELD]),
                ("late", _("Late")),
            ],
        },
    )


@login_required
def plan_start(request, pk: int, host_id: int):
    """The start form (the home page shows the same one); refused input is shown again with the reason."""
    plan = selectors.get_plan_for_user(request.user, pk)
    host = get_object_or_404(Organization, pk=host_id)
    if not access.can_manage(request.user, host):
        raise Http404
    deadline = selectors.deadline_for(plan, host.level)
    if deadline is None:
        raise Http404
    report_deadline, meeting_date = suggested_dates(deadline, timezone.localdate())
    form = StartForm(
        request.POST or None,
        initial={
            "title": adoption.default_title(plan, host),
            "report_deadline": report_deadline,
            "meeting_date": meeting_date,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            campaign = adoption.campaign_start_from_plan(
                plan=plan, host=host, user=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The campaign is open with the plan’s scheme and key indicators. Add its reporters next."),
            )
            return redirect("campaigns:detail", pk=campaign.pk)
    existing = Campaign.objects.filter(host=host, year=plan.year, plan_adoption__isnull=True).first()
    return render(
        request,
        "plans/start.html",
        {"plan": plan, "host": host, "deadline": deadline, "form": form, "existing": existing},
    )


@login_required
@require_POST
def plan_link(request, pk: int, campaign_id: int):
    """A campaign opened without the plan follows it from now on."""
    plan = selectors.get_plan_for_user(request.user, pk)
    campaign = get_object_or_404(Campaign.objects.select_related("host"), pk=campaign_id)
    if not access.can_manage(request.user, campaign.host):
        raise Http404
    try:
        adoption.campaign_link_to_plan(plan=plan, campaign=campaign, user=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("plans:start", pk=plan.pk, host_id=campaign.host_id)
    messages.success(request, _("The campaign now follows the plan; what the plan fixes is set as it says."))
    return redirect("campaigns:detail", pk=campaign.pk)
