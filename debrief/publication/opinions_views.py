"""The assessment opinions page: one text per reporter, prefilled, saved together."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from debrief.campaigns import selectors as campaign_selectors
from debrief.lib.errors import DomainError

from . import selectors, services
from .opinions import opinion_draft

FIELD = "opinion-%d"


@login_required
def opinions(request, pk: int):
    rights = campaign_selectors.get_campaign_for_user(request.user, pk, manage=True)
    campaign = rights.campaign
    outcome = selectors.results_of(campaign)
    rows = selectors.opinion_rows(campaign, outcome)
    editable = selectors.opinions_editable(campaign)
    error = ""
    if request.method == "POST":
        texts = {
            row.reporter.pk: request.POST[FIELD % row.reporter.pk]
            for row in rows
            if FIELD % row.reporter.pk in request.POST
        }
        try:
            changed = services.opinions_save(campaign=campaign, texts=texts, user=request.user)
        except DomainError as err:
            error = str(err)
        else:
            messages.success(request, _("%(n)d assessment opinions saved.") % {"n": changed})
            return redirect("publication:opinions", pk=campaign.pk)
    entries = [
        {
            "row": row,
            "name": FIELD % row.reporter.pk,
            "text": request.POST.get(FIELD % row.reporter.pk, "")
            if error
            else (row.opinion.text if row.opinion else opinion_draft(row)),
            "saved": row.opinion is not None,
            "grade": selectors.grade_label(row.result.overall.grade)
            if row.result and row.result.overall.grade
            else "",
        }
        for row in rows
    ]
    return render(
        request,
        "publication/opinions.html",
        {"campaign": campaign, "can_manage": True, "entries": entries, "editable": editable, "error": error},
        status=422 if error else 200,
    )
