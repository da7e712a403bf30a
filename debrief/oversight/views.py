"""Oversight of a subtree: the audit trail of everything organizers may oversee."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from debrief.accounts.models import Role
from debrief.accounts.selectors import grant_paths
from debrief.audit import selectors as audit

from .describe import described
from .forms import AuditFilterForm

PAGE_SIZE = 50


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@login_required
def audit_trail(request):
    """Organizers read the trail of their subtrees, superusers all of it; newest first."""
    paths = None if request.user.is_superuser else grant_paths(request.user, [Role.ORGANIZER])
    if paths == []:
        raise Http404
    form = AuditFilterForm(request.GET or None)
    entries = audit.entries_within(paths)
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["date_from"]:
            entries = entries.filter(at__gte=_day_start(data["date_from"]))
        if data["date_to"]:
            entries = entries.filter(at__lt=_day_start(data["date_to"] + datetime.timedelta(days=1)))
        if data["q"]:
            entries = entries.filter(
                Q(object_label__icontains=data["q"]) | Q(actor_name__icontains=data["q"])
            )
    page = Paginator(entries.select_related("organization"), PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page:
        entry.before_shown, entry.after_shown = described(entry.before), described(entry.after)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "oversight/audit.html", {"form": form, "page": page, "query": query.urlencode()})
