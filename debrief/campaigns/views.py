from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from debrief.accounts import selectors as access
from debrief.accounts.models import Role, RoleGrant
from debrief.lib.errors import DomainError
from debrief.orgs.forms import suggestions
from debrief.orgs.models import Organization

from . import selectors, services
from .forms import AdvanceForm, CampaignFilterForm, CampaignForm, CampaignOpenForm, ReportersAddForm
from .models import CampaignState, Reporter


def default_title(year: int) -> str:
    return _("%(year)d annual debriefing, review and assessment of Party organization secretaries") % {
        "year": year
    }


PAGE_SIZE = 50


@login_required
def campaign_list(request):
    form = CampaignFilterForm(request.GET or None, hosts=selectors.host_choices(request.user))
    query = form.campaign_filter()
    campaigns = selectors.campaigns_filtered(request.user, query)
    return render(
        request,
        "campaigns/list.html",
        {
            "form": form,
            "host": query.host,
            "page": Paginator(campaigns, PAGE_SIZE).get_page(request.GET.get("page")),
            "query": urlencode([(k, v) for k, v in request.GET.items() if k != "page"]),
            "can_open": access.can_import_anywhere(request.user),
        },
    )


@login_required
def host_options(request):
    """The host filter's suggestions as the user types: organizations in the subtrees they oversee."""
    found = suggestions(selectors.host_choices(request.user), request.GET.get("host", ""))
    return render(request, "orgs/options.html", {"organizations": found})


@login_required
def campaign_open(request):
    if not access.can_import_anywhere(request.user):
        raise Http404
    form = CampaignOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        host = Organization.objects.filter(code=data["host_code"].strip()).first()
        if host is None or not access.can_manage(request.user, host):
            form.add_error("host_code", _("You do not organize an organization with this code."))
        else:
            try:
                campaign = services.campaign_open(
                    host=host,
                    year=data["year"],
                    title=data["title"] or default_title(data["year"]),
                    report_deadline=data["report_deadline"],
                    meeting_date=data["meeting_date"],
                    user=request.user,
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The campaign is open. Add its reporters next."))
                return redirect("campaigns:reporters", pk=campaign.pk)
    hosts = Organization.objects.filter(
        pk__in=RoleGrant.objects.filter(user=request.user, role=Role.ORGANIZER).values("organization")
    )
    return render(request, "campaigns/open.html", {"form": form, "hosts": hosts})


@login_required
def campaign_edit(request, pk: int):
    campaign = selectors.get_campaign_for_user(request.user, pk, manage=True).campaign
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(campaign=campaign, user=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, "campaigns/edit.html", {"campaign": campaign, "form": form, "can_manage": True})


@login_required
@require_POST
def campaign_advance(request, pk: int):
    campaign = selectors.get_campaign_for_user(request.user, pk, manage=True).campaign
    form = AdvanceForm(request.POST)
    form.is_valid()
    try:
        campaign = services.campaign_advance(
            campaign=campaign, user=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The campaign is now at “%(state)s”.") % {"state": campaign.get_state_display()}
        )
    return redirect("campaigns:detail", pk=campaign.pk)


def _reporters_page(request, campaign, add_form=None, status=200):
    candidates = selectors.candidate_organizations(campaign)
    return render(
        request,
        "campaigns/reporters.html",
        {
            "campaign": campaign,
            "reporters": selectors.reporters_in_order(campaign),
            "candidates": candidates,
            "add_form": add_form or ReportersAddForm(candidates=candidates),
            "editable": campaign.state == CampaignState.PREPARING,
            "can_manage": True,
        },
        status=status,
    )


@login_required
def reporters(request, pk: int):
    campaign = selectors.get_campaign_for_user(request.user, pk, manage=True).campaign
    if request.method != "POST":
        return _reporters_page(request, campaign)
    candidates = selectors.candidate_organizations(campaign)
    form = ReportersAddForm(request.POST, candidates=candidates)
    if form.is_valid():
        organizations = Organization.objects.filter(pk__in=form.cleaned_data["organizations"]).order_by(
            "code"
        )
        try:
            added = services.reporters_add(
                campaign=campaign,
                organizations=organizations,
                mode=form.cleaned_data["mode"],
                user=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(n)d reporters added.") % {"n": len(added)})
            return redirect("campaigns:reporters", pk=campaign.pk)
    return _reporters_page(request, campaign, form, status=422)


@login_required
@require_POST
def reporter_change(request, pk: int, reporter_id: int):
    """One action on one reporter: move up or down, switch mode, remove."""
    campaign = selectors.get_campaign_for_user(request.user, pk, manage=True).campaign
    reporter = get_object_or_404(Reporter, pk=reporter_id, campaign=campaign)
    action = request.POST.get("action")
    try:
        if action in ("up", "down"):
            services.speaking_order_move(reporter=reporter, offset=-1 if action == "up" else 1)
        elif action in ("on_site", "written"):
            services.reporter_set_mode(reporter=reporter, mode=action, user=request.user)
        elif action == "remove":
            services.reporter_remove(reporter=reporter, user=request.user)
        else:
            raise services.CampaignError(_("Unknown action."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("campaigns:reporters", pk=campaign.pk)
