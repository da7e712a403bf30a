"""The filings pages: a host files each kind with one action; its superiors read what was filed."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from debrief.accounts import selectors as access
from debrief.campaigns.models import Campaign, ReportMode
from debrief.campaigns.selectors import OVERSEEING_ROLES, get_campaign_for_user
from debrief.evaluation.models import Rating
from debrief.lib import downloads, tree_paths
from debrief.lib.errors import DomainError
from debrief.orgs.models import Level, Organization
from debrief.rectification.models import Category, Source, Status

from . import board as filing_board
from . import exports, selectors, services
from .models import Filing, FilingKind

PAGE_SIZE = 100


def today(request) -> datetime.date:
    """Today, as the pages count lateness (a seam for tests)."""
    return timezone.localdate()


@login_required
def campaign_filings(request, pk: int):
    """The host's filings: each kind with its state, due date and the one action that files it."""
    rights = get_campaign_for_user(request.user, pk)
    campaign = rights.campaign
    return render(
        request,
        "filings/campaign.html",
        {
            "campaign": campaign,
            "can_manage": rights.can_manage,
            "can_file": selectors.can_file(request.user, campaign),
            "filings": selectors.campaign_filings(campaign, today(request)),
            "superior": campaign.host.parent,
            "can_see_superior": campaign.host.parent is not None
            and access.has_role_on(request.user, campaign.host.parent, OVERSEEING_ROLES),
        },
    )


@login_required
@require_POST
def file(request, pk: int, kind: str):
    rights = get_campaign_for_user(request.user, pk)
    if kind not in FilingKind.values or not selectors.can_file(request.user, rights.campaign):
        raise Http404
    try:
        filing = services.filing_file(campaign=rights.campaign, kind=kind, user=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(kind)s is filed with %(superior)s.")
            % {"kind": filing.get_kind_display(), "superior": filing.filed_to.name},
        )
    return redirect("filings:campaign", pk=pk)


def _filing(request, pk: int, kind: str) -> tuple[Filing, bool]:
    """The filing, for those who oversee its campaign (its host's and its superiors' organizers,
    leaders and observers); anyone else finds nothing."""
    rights = get_campaign_for_user(request.user, pk)
    filing = get_object_or_404(
        Filing.objects.select_related("filed_to", "campaign__host"), campaign=rights.campaign, kind=kind
    )
    return filing, rights.can_manage


def _labelled(rows: list[dict], **choices) -> list[dict]:
    """Rows with each choice value's label beside it (`<name>_label`), in the reader's language."""
    shown = []
    for row in rows:
        row = dict(row)
        for name, kind in choices.items():
            value = row.get(name) or ""
            row[f"{name}_label"] = str(kind(value).label) if value in kind.values else value
        shown.append(row)
    return shown


@login_required
def snapshot(request, pk: int, kind: str):
    """What was filed, as filed: read-only for everyone."""
    filing, can_manage = _filing(request, pk, kind)
    data = filing.snapshot
    shown = {}
    if kind == FilingKind.PLAN:
        shown["reporters"] = _labelled(data.get("reporters", []), mode=ReportMode)
        scheme = data.get("scheme") or {}
        shown["points"] = [
            (Rating(k).label, v) for k, v in scheme.get("points", {}).items() if k in Rating.values
        ]
    elif kind == FilingKind.RESULTS:
        shown["rows"] = _labelled(data.get("rows", []), grade=Rating)
    elif kind == FilingKind.LISTS:
        shown["problems"] = _labelled(data.get("problems", []), source=Source, category=Category)
        shown["rectification"] = _labelled(data.get("rectification", []), status=Status)
    return render(
        request,
        "filings/snapshot.html",
        {
            "campaign": filing.campaign,
            "filing": filing,
            "data": data,
            "shown": shown,
            "can_manage": can_manage,
        },
    )


@login_required
def lists_xlsx(request, pk: int):
    filing, _can_manage = _filing(request, pk, FilingKind.LISTS)
    return downloads.attachment(exports.lists_xlsx(filing), downloads.XLSX, exports.lists_file_name(filing))


@login_required
def start(request):
    """The superior's page of the topmost organization the user oversees, for the latest year with a
    campaign below it (else this year)."""
    if request.user.is_superuser:
        tops = Organization.objects.filter(parent__isnull=True)
    else:
        tops = Organization.objects.filter(path__in=access.grant_paths(request.user, OVERSEEING_ROLES))
    organization = tops.order_by("path").first()
    if organization is None:
        raise Http404
    upper = tree_paths.subtree_upper_bound(organization.path)
    latest = Campaign.objects.filter(host__path__gt=organization.path, host__path__lt=upper).order_by("-year")
    year = latest.values_list("year", flat=True).first() or today(request).year
    return redirect("filings:superior", code=organization.code, year=year)


@login_required
def superior(request, code: str, year: int):
    """For each subordinate host of the year, what it filed, when, and what is late."""
    organization = get_object_or_404(Organization, code=code)
    if not access.has_role_on(request.user, organization, OVERSEEING_ROLES):
        raise Http404
    result = filing_board.board(organization, year, today(request))
    late_only = request.GET.get("late") == "1"
    level = request.GET.get("level", "")
    rows = result.rows
    if late_only:
        rows = [row for row in rows if row.late]
    if level in Level.values:
        rows = [row for row in rows if row.level == level]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "filings/superior.html",
        {
            "organization": organization,
            "year": year,
            "board": result,
            "kinds": FilingKind.choices,
            "counts": [
                (value, label, result.filed[value], result.late[value]) for value, label in FilingKind.choices
            ],
            "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
            "query": query.urlencode(),
            "late_only": late_only,
            "level": level,
            "levels": [(value, label) for value, label in Level.choices if value != Level.PROVINCE],
        },
    )
