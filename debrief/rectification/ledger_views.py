"""The ledger's list: the filtered items of every campaign one sees, their counts on top, the
organization filter's suggestions and the XLSX."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.vary import vary_on_headers

from debrief.campaigns import selectors as campaign_selectors
from debrief.lib import downloads
from debrief.orgs.forms import SUGGESTIONS, suggestions

from . import exports, selectors
from .forms import LedgerFilterForm

PAGE_SIZE = 50


def _filter_form(request) -> LedgerFilterForm:
    campaigns = campaign_selectors.campaigns_visible_to(request.user).order_by("-year", "host__path")
    return LedgerFilterForm(
        request.GET or None,
        campaigns=campaigns,
        organizations=selectors.filter_organizations(request.user),
    )


# The counters on top each choose one of these; the rest of the query stays as it is.
COUNTER_PARAMETERS = ("status", "overdue", "due_soon", "carried_over", "page")


def _query_without(request, names) -> str:
    return urlencode([(k, v) for k, v in request.GET.items() if k not in names])


def _counter_links(request, query: selectors.LedgerFilter, counts: selectors.LedgerCounts) -> dict:
    """Each counter on top as a link that filters the list to what it counts."""
    base = _query_without(request, COUNTER_PARAMETERS)

    def url(**chosen) -> str:
        return "?" + "&".join(part for part in (base, urlencode(chosen)) if part)

    no_counter = not (query.status or query.overdue or query.due_soon or query.carried_over)
    return {
        "total": (url(), no_counter),
        "by_status": [
            (label, n, url(status=status), query.status == status) for status, label, n in counts.by_status
        ],
        "overdue": (url(overdue=1), query.overdue),
        "due_soon": (url(due_soon=1), query.due_soon),
        "carried_over": (url(carried_over=1), query.carried_over),
    }


# The list's own element: the pager's links swap it by htmx (the counts and the filter stay as they are).
LIST_ID = "ledger-list"


@login_required
@vary_on_headers("HX-Request", "HX-Target")  # the same address answers the list alone to htmx
def ledger(request):
    form = _filter_form(request)
    query = form.ledger_filter()
    today = timezone.localdate()
    items = selectors.ledger_items(request.user, query, today)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    listing = {
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "campaign": query.campaign,
        "query": _query_without(request, ("page",)),
    }
    if request.htmx and request.htmx.target == LIST_ID:
        return render(request, "rectification/partials/ledger_list.html", listing)
    counts = selectors.ledger_counts(
        selectors.ledger_items(request.user, query.without_counters(), today), today
    )
    campaign = query.campaign
    manage = campaign is not None and campaign_selectors.can_manage_campaign(request.user, campaign)
    return render(
        request,
        "rectification/ledger.html",
        {
            **listing,
            "form": form,
            "organization": query.organization,
            "can_manage": manage,
            "counts": counts,
            "links": _counter_links(request, query, counts),
            "today": today,
            "pending": selectors.pending_sources(campaign) if manage and not campaign.is_archived else None,
            "reminder_days": selectors.reminder_days(),
        },
    )


@login_required
def campaign_options(request):
    """The campaign filter's suggestions as the user types (a year, a host's code or name)."""
    found = campaign_selectors.campaigns_matching(
        campaign_selectors.campaigns_visible_to(request.user),
        request.GET.get("campaign", ""),
        limit=SUGGESTIONS,
    )
    return render(request, "rectification/campaign_options.html", {"campaigns": found})


@login_required
def organization_options(request):
    """The organization filter's suggestions as the user types: <option>s of organizations in the
    subtrees they see, never one outside."""
    found = suggestions(selectors.filter_organizations(request.user), request.GET.get("organization", ""))
    return render(request, "orgs/options.html", {"organizations": found})


@login_required
def ledger_xlsx(request):
    form = _filter_form(request)
    query = form.ledger_filter()
    items = selectors.ledger_items(request.user, query, with_measures=True)
    title = exports.ledger_title(query.campaign)
    return downloads.attachment(
        exports.ledger_xlsx(items, title=title, with_host=query.campaign is None),
        downloads.XLSX,
        exports.ledger_file_name(query.campaign),
    )
