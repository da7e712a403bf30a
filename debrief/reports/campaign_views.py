"""The pages of a campaign that read its reports: the campaign page (where every reporter
stands), key indicators with every reporter's figures, repeated passages, and the volume.

They keep their `campaigns:` URL names (debrief/urls.py serves them under that namespace):
to users they are the campaign's pages, but they read reports, which build on campaigns.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from debrief.campaigns import selectors as campaign_selectors
from debrief.campaigns import services as campaign_services
from debrief.campaigns.forms import AdvanceForm, IndicatorForm
from debrief.campaigns.models import CampaignState, KeyIndicator
from debrief.lib import background, downloads
from debrief.lib.errors import DomainError

from . import exports, overview, side_by_side, similarity, tasks, volume_files
from .selectors import MIN_PROBLEMS, SELF_CRITICAL_WARNING


@login_required
def campaign_detail(request, pk: int):
    rights = campaign_selectors.get_campaign_for_user(request.user, pk, reporters_too=True)
    campaign, can_manage = rights.campaign, rights.can_manage
    if not rights.can_oversee:
        # A reporter sees only their own report.
        own = campaign_selectors.own_reporters(request.user, campaign).first()
        return redirect("reports:detail", reporter_id=own.pk)
    rows = overview.campaign_overview(
        campaign,
        with_similarity=can_manage,
        compute=not background.runs_in_worker(),
        when_missing=tasks.ask_for_similarity,
    )
    counts = {}
    for row in rows:
        counts[row.status_label] = counts.get(row.status_label, 0) + 1
    return render(
        request,
        "reports/campaign.html",
        {
            "campaign": campaign,
            "rows": rows,
            "counts": counts,
            "overdue": sum(row.overdue for row in rows),
            "can_manage": can_manage,
            "copy_warning": similarity.COPY_SHARE_WARNING,
            "similarity_pending": any(row.similarity_pending for row in rows),
            "poll_url": reverse("campaigns:similarity_status", args=[campaign.pk]),
            "poll_seconds": background.POLL_SECONDS,
            "min_problems": MIN_PROBLEMS,
            "ratio_warning": SELF_CRITICAL_WARNING,
            "advance_form": AdvanceForm(),
            "transitions": campaign.transitions.select_related("actor"),
            "missing": [row.reporter for row in rows if row.missing]
            if campaign.state == CampaignState.PREPARING
            else [],
        },
    )


@login_required
def indicators(request, pk: int):
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk, manage=True).campaign
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign_services.indicator_add(campaign=campaign, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return redirect("campaigns:indicators", pk=campaign.pk)
    return render(
        request,
        "reports/indicators.html",
        {
            "campaign": campaign,
            "indicators": campaign.indicators.all(),
            "figures": overview.indicator_table(campaign),
            "can_manage": True,
            "form": form,
            "editable": campaign.state == CampaignState.PREPARING,
        },
    )


@login_required
@require_POST
def indicator_remove(request, pk: int, indicator_id: int):
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk, manage=True).campaign
    indicator = get_object_or_404(KeyIndicator, pk=indicator_id, campaign=campaign)
    try:
        campaign_services.indicator_remove(indicator=indicator)
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("campaigns:indicators", pk=campaign.pk)


@login_required
def similarity_page(request, pk: int):
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk, manage=True).campaign
    return render(
        request,
        "reports/similarity.html",
        {
            "campaign": campaign,
            "rows": tasks.similarity_rows_when_ready(campaign),
            "copy_warning": similarity.COPY_SHARE_WARNING,
            "poll_url": reverse("campaigns:similarity_status", args=[campaign.pk]),
            "poll_seconds": background.POLL_SECONDS,
            "previous": campaign_selectors.previous_campaign(campaign),
            "can_manage": True,
        },
    )


@login_required
def similarity_status(request, pk: int):
    """Polled by a page waiting for the similarity figures: the waiting notice again while the worker
    computes them, then a refresh of the page that shows them."""
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk, manage=True).campaign
    if tasks.similarity_ready(campaign):
        if request.htmx:
            return HttpResponseClientRefresh()
        return redirect("campaigns:similarity", pk=campaign.pk)
    return render(
        request,
        "reports/_similarity_pending.html",
        {
            "campaign": campaign,
            "poll_url": reverse("campaigns:similarity_status", args=[campaign.pk]),
            "poll_seconds": background.POLL_SECONDS,
        },
    )


@login_required
def side_by_side_page(request, pk: int, reporter_id: int, other_id: int):
    """One report beside another (or its own of last year), the passages it repeats marked in both."""
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk, manage=True).campaign
    reporter = get_object_or_404(
        campaign.reporters.select_related("organization", "person", "campaign"), pk=reporter_id
    )
    other = side_by_side.comparable_reporter(campaign, reporter, other_id)
    pair = tasks.side_by_side_when_ready(campaign, reporter, other) if other else None
    if pair is None:
        raise Http404
    waiting = pair == side_by_side.PENDING
    if waiting or request.htmx:
        # The worker compares the pair; the notice asks this page again until it has.
        if request.htmx and not waiting:
            return HttpResponseClientRefresh()
        context = {
            "campaign": campaign,
            "reporter": reporter,
            "can_manage": True,
            "poll_url": request.get_full_path(),
            "poll_seconds": background.POLL_SECONDS,
        }
        template = "reports/_similarity_pending.html" if request.htmx else "reports/side_by_side_pending.html"
        return render(request, template, context)
    return render(
        request,
        "reports/side_by_side.html",
        {
            "campaign": campaign,
            "pair": pair,
            "can_manage": True,
            "copy_warning": similarity.COPY_SHARE_WARNING,
        },
    )


@login_required
def volume_docx(request, pk: int):
    """The volume: built here for a small campaign; for a large one (with a worker) served from
    storage once the worker has built it, else asked for, and the status page waits for it."""
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk).campaign
    filename = _("%(title)s-reports volume.docx") % {"title": campaign.title}
    if not volume_files.built_in_background(campaign):
        return downloads.attachment(exports.campaign_volume(campaign), downloads.DOCX, filename)
    digest = volume_files.volume_digest(campaign, translation.get_language())
    content = volume_files.stored_volume(campaign, digest)
    if content is not None:
        return downloads.attachment(content, downloads.DOCX, filename)
    volume_files.ask_for_volume(campaign, digest, tasks.build_volume)
    return redirect("campaigns:volume_status", pk=campaign.pk)


@login_required
def volume_status(request, pk: int):
    """Waits for the worker to build the volume: polled every few seconds, then the download link."""
    rights = campaign_selectors.get_campaign_for_user(request.user, pk)
    campaign = rights.campaign
    digest = volume_files.volume_digest(campaign, translation.get_language())
    state, error = volume_files.volume_state(campaign, digest)
    context = {
        "campaign": campaign,
        "can_manage": rights.can_manage,
        "state": state,
        "error": error,
        "poll_seconds": background.POLL_SECONDS,
    }
    template = "reports/_volume_state.html" if request.htmx else "reports/volume_status.html"
    return render(request, template, context)
