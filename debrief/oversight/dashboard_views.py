"""The oversight dashboard's pages: a subtree's year at a glance, drilled down level by level, its
XLSX, and exempting a host from the year's campaign."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from debrief.accounts import selectors as access
from debrief.accounts.models import Role
from debrief.campaigns.models import Campaign, CampaignState
from debrief.lib import downloads, tree_paths
from debrief.lib.errors import DomainError
from debrief.orgs import selectors as org_selectors
from debrief.orgs.forms import suggestions
from debrief.orgs.models import Organization
from debrief.plans.models import Plan

from . import dashboard as figures
from . import dashboard_charts, dashboard_export, services
from .forms import ExemptionForm
from .models import HostExemption


def _organization(request, code: str) -> Organization:
    organization = get_object_or_404(Organization, code=code)
    if not access.can_view(request.user, organization):
        raise Http404
    return organization


def _default_year(organization: Organization) -> int:
    """The latest year with a campaign in the subtree, else this year."""
    upper = tree_paths.subtree_upper_bound(organization.path)
    latest = (
        Campaign.objects.filter(host__path__gte=organization.path, host__path__lt=upper)
        .order_by("-year")
        .values_list("year")
    )
    found = latest.first()
    return found[0] if found else timezone.localdate().year


@login_required
def dashboard_start(request):
    """The dashboard of the topmost organization the user may see."""
    roots = access.browse_roots(request.user)
    organization = (
        Organization.objects.filter(path__in=roots).order_by("path").first()
        if roots is not None
        else Organization.objects.filter(parent__isnull=True).order_by("code").first()
    )
    if organization is None:
        raise Http404
    return redirect("oversight:dashboard", code=organization.code, year=_default_year(organization))


@login_required
def dashboard_latest(request, code: str):
    """An organization's dashboard for the latest year with a campaign in its subtree."""
    organization = _organization(request, code)
    return redirect("oversight:dashboard", code=organization.code, year=_default_year(organization))


@login_required
def dashboard(request, code: str, year: int):
    organization = _organization(request, code)
    board = figures.dashboard(organization, year)
    ancestors = [a for a in org_selectors.ancestors_of(organization) if access.can_view(request.user, a)]
    exemptions = HostExemption.objects.filter(year=year, organization__parent=organization).select_related(
        "organization"
    )
    return render(
        request,
        "oversight/dashboard.html",
        {
            "board": board,
            "organization": organization,
            "year": year,
            "years": [year - 1, year, year + 1],
            "ancestors": ancestors,
            "stages": dashboard_charts.stage_choices(),
            "grades": dashboard_charts.grade_choices(),
            "chart_data": dashboard_charts.chart_data(board),
            "total_cells": dashboard_charts.table_cells(board.total),
            "own_cells": dashboard_charts.table_cells(board.own),
            "rows": [(row, dashboard_charts.table_cells(row.figures)) for row in board.rows],
            "exemptions": exemptions,
            "can_manage": access.can_manage(request.user, organization),
            "exemption_form": ExemptionForm(hosts=Organization.objects.none()),
            "states": CampaignState,
            # The plan this organization issued for the year: its progress is the cascade's other half.
            "plan": Plan.objects.filter(issuer=organization, year=year).only("pk", "state").first(),
        },
    )


@login_required
def dashboard_xlsx(request, code: str, year: int):
    organization = _organization(request, code)
    board = figures.dashboard(organization, year)
    return downloads.attachment(
        dashboard_export.dashboard_xlsx(board),
        downloads.XLSX,
        _("Oversight %(name)s %(year)d.xlsx") % {"name": organization.name, "year": year},
    )


def _hosts(user, organization: Organization):
    """What the user may exempt: organizations they organize below the one shown."""
    upper = tree_paths.subtree_upper_bound(organization.path)
    return access.organizations_visible_to(user, [Role.ORGANIZER]).filter(
        path__gt=organization.path, path__lt=upper
    )


@login_required
def host_options(request):
    """The exemption form's suggestions: organizations the user organizes."""
    found = suggestions(
        access.organizations_visible_to(request.user, [Role.ORGANIZER]), request.GET.get("host", "")
    )
    return render(request, "orgs/options.html", {"organizations": found})


@login_required
@require_POST
def exempt(request, code: str, year: int):
    organization = _organization(request, code)
    form = ExemptionForm(request.POST, hosts=_hosts(request.user, organization))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("oversight:dashboard", code=organization.code, year=year)
    host = form.cleaned_data["host"]
    try:
        services.host_exempt(
            organization=host, year=year, reason=form.cleaned_data["reason"], user=request.user
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s is not expected to hold a campaign in %(year)d.") % {"name": host.name, "year": year},
        )
    return redirect("oversight:dashboard", code=organization.code, year=year)


@login_required
@require_POST
def exemption_remove(request, pk: int):
    exemption = get_object_or_404(HostExemption.objects.select_related("organization__parent"), pk=pk)
    if not access.can_manage(request.user, exemption.organization):
        raise Http404
    services.host_exemption_remove(exemption=exemption, user=request.user)
    messages.success(request, _("The exemption is lifted."))
    parent = exemption.organization.parent
    target = (
        parent if parent is not None and access.can_view(request.user, parent) else exemption.organization
    )
    return redirect("oversight:dashboard", code=target.code, year=exemption.year)
