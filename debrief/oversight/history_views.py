"""Year over year: an organization's secretaries side by side, and a host's subordinates."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from debrief.accounts.selectors import can_view
from debrief.orgs.models import Organization

from .history import secretaries_over_the_years, subordinates_over_the_years


@login_required
def organization_history(request, code: str):
    """Any organization the user may see; anything else is missing (404)."""
    organization = get_object_or_404(Organization, code=code)
    if not can_view(request.user, organization):
        raise Http404
    return render(
        request,
        "oversight/history.html",
        {
            "organization": organization,
            "columns": secretaries_over_the_years(request.user, organization),
            "subordinates": subordinates_over_the_years(request.user, organization, request.GET.get("page")),
        },
    )
