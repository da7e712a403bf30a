"""The organizer's pages: scheme, codes, opening and closing.

Paper tallies and routine scores are in `entry_views`, the results in `result_views`.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from debrief.campaigns import selectors as campaign_selectors
from debrief.lib.bad_input import id_from
from debrief.lib.errors import DomainError

from . import code_selectors, paper_selectors, selectors, services
from .forms import (
    CategoryFormSet,
    CloseForm,
    IssueCodesForm,
    SaveSchemeForm,
    SchemeForm,
    SubIndicatorsForm,
    VoidCodeForm,
)
from .models import Evaluation, EvaluatorCategory, SavedScheme, SchemeSettings
from .slip_files import slips_download
from .venues import venues_of

BALLOT_FIELDS = (
    "points_excellent",
    "points_good",
    "points_fair",
    "points_poor",
    "ballot_excellent_cap",
    "refuse_uniform_ballots",
)


def context(request, campaign, evaluation, **extra):
    return {
        "campaign": campaign,
        "evaluation": evaluation,
        "can_manage": campaign_selectors.can_manage_campaign(request.user, campaign),
        **extra,
    }


@login_required
def overview(request, pk: int):
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk, manage=False).campaign
    evaluation = selectors.evaluation_of(campaign)
    if evaluation is None:
        if not campaign_selectors.can_manage_campaign(request.user, campaign):
            raise Http404
        if request.method == "POST":
            services.evaluation_set_up(campaign)
            return redirect("evaluation:setup", pk=campaign.pk)
        return render(request, "evaluation/start.html", context(request, campaign, None))
    return render(
        request,
        "evaluation/overview.html",
        context(
            request,
            campaign,
            evaluation,
            turnout=selectors.turnout(evaluation),
            venue_turnout=_venue_rows(evaluation, venues_of(campaign)),
            paper=paper_selectors.paper_status(evaluation),
            close_form=CloseForm(),
            events=evaluation.events.select_related("actor"),
            sub_indicators=evaluation.sub_indicators.all(),
        ),
    )


@login_required
def turnout(request, pk: int):
    """The live turnout fragment, polled by the overview page (and the big screen later)."""
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk, manage=False).campaign
    evaluation = selectors.evaluation_of(campaign)
    if evaluation is None:
        raise Http404
    return render(
        request,
        "evaluation/_turnout.html",
        {
            "evaluation": evaluation,
            "turnout": selectors.turnout(evaluation),
            "venue_turnout": _venue_rows(evaluation, venues_of(campaign)),
            "now": timezone.now(),
        },
    )


def _category_rows(formset) -> list[tuple[str, Decimal | None, int | None]]:
    return [
        (
            form.cleaned_data.get("name") or "",
            form.cleaned_data.get("weight"),
            form.cleaned_data.get("expected"),
        )
        for form in formset.forms
        if form.cleaned_data
    ]


@login_required
def setup(request, pk: int):
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk, manage=True).campaign
    evaluation = selectors.evaluation_of(campaign)
    if evaluation is None:
        if request.method != "POST":
            # A GET writes nothing: the overview's button sets the evaluation up.
            return redirect("evaluation:overview", pk=campaign.pk)
        evaluation = services.evaluation_set_up(campaign)
    initial_categories = [
        {"name": c.name, "weight": c.weight, "expected": c.expected} for c in evaluation.categories.all()
    ]
    initial_names = "\n".join(evaluation.sub_indicators.values_list("name", flat=True))
    post = request.POST if request.method == "POST" and request.POST.get("action") == "save" else None
    form = SchemeForm(post, instance=evaluation)
    categories = CategoryFormSet(post, initial=initial_categories, prefix="categories")
    indicators = SubIndicatorsForm(post, initial={"names": initial_names})
    error = None
    if post is not None and form.is_valid() and categories.is_valid() and indicators.is_valid():
        try:
            services.scheme_set(
                evaluation=evaluation,
                values={name: form.cleaned_data[name] for name in form.Meta.fields},
                categories=_category_rows(categories),
                sub_indicators=indicators.cleaned_data["names"].splitlines(),
                user=request.user,
            )
        except DomainError as problem:
            error = str(problem)
            evaluation.refresh_from_db()
        else:
            messages.success(request, _("The evaluation scheme is saved."))
            return redirect("evaluation:overview", pk=campaign.pk)
    return render(
        request,
        "evaluation/setup.html",
        context(
            request,
            campaign,
            evaluation,
            form=form,
            categories=categories,
            indicators=indicators,
            error=error,
            ballot_fields=[form[name] for name in BALLOT_FIELDS],
            grading_fields=[
                form[name] for name in SchemeSettings.SETTINGS_FIELDS if name not in BALLOT_FIELDS
            ],
            editable=evaluation.is_setup,
            saved_schemes=SavedScheme.objects.filter(host=campaign.host),
            save_form=SaveSchemeForm(),
        ),
        status=422 if error or (post is not None) else 200,
    )


@login_required
@require_POST
def scheme_save(request, pk: int):
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk, manage=True).campaign
    evaluation = get_object_or_404(Evaluation, campaign=campaign)
    form = SaveSchemeForm(request.POST)
    if form.is_valid():
        try:
            scheme = services.scheme_save(evaluation=evaluation, name=form.cleaned_data["name"])
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Saved as the scheme “%(name)s”.") % {"name": scheme.name})
    else:
        messages.error(request, _("Give the scheme a name."))
    return redirect("evaluation:setup", pk=campaign.pk)


@login_required
@require_POST
def scheme_apply(request, pk: int):
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk, manage=True).campaign
    evaluation = get_object_or_404(Evaluation, campaign=campaign)
    scheme = get_object_or_404(SavedScheme, pk=id_from(request.POST.get("scheme")), host=campaign.host)
    try:
        services.scheme_apply(evaluation=evaluation, scheme=scheme, user=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The rules of “%(name)s” are applied.") % {"name": scheme.name})
    return redirect("evaluation:setup", pk=campaign.pk)


@login_required
def codes(request, pk: int):
    """Issue codes (their slips or list are the download), warning before issuing beyond the
    expected evaluators of a category; voiding a lost slip's code posts to `code_void`."""
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk, manage=True).campaign
    evaluation = get_object_or_404(Evaluation, campaign=campaign)
    categories = list(evaluation.categories.all())
    venue_names = venues_of(campaign)
    form = IssueCodesForm(request.POST or None, categories=categories, venues=venue_names)
    excess = None
    if request.method == "POST" and form.is_valid():
        category = get_object_or_404(
            EvaluatorCategory, pk=form.cleaned_data["category"], evaluation=evaluation
        )
        count = form.cleaned_data["count"]
        venue = form.cleaned_data.get("venue", "")
        # The confirmation names the category and count it was given for: changing either asks again.
        confirmed = request.POST.get("beyond_expected") == f"{category.pk}:{count}"
        excess = None if confirmed else code_selectors.codes_excess(category, count)
        if excess is None:
            try:
                issued = services.codes_issue(
                    evaluation=evaluation, category=category, count=count, user=request.user, venue=venue
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                return slips_download(
                    request,
                    evaluation,
                    category,
                    issued,
                    form.cleaned_data["file_format"],
                    venue_name=venue_names.get(venue, venue),
                )
    return _codes_page(
        request,
        campaign,
        evaluation,
        form=form,
        void_form=VoidCodeForm(categories=categories),
        venue_names=venue_names,
        excess=excess,
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def code_void(request, pk: int):
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk, manage=True).campaign
    evaluation = get_object_or_404(Evaluation, campaign=campaign)
    categories = list(evaluation.categories.all())
    void_form = VoidCodeForm(request.POST, categories=categories)
    if void_form.is_valid():
        category = next(c for c in categories if str(c.pk) == void_form.cleaned_data["category"])
        serial = void_form.cleaned_data["serial"]
        try:
            services.code_void(
                evaluation=evaluation,
                category=category,
                serial=serial,
                reason=void_form.cleaned_data["reason"],
                user=request.user,
            )
        except DomainError as error:
            void_form.add_error("serial", str(error))
        else:
            messages.success(
                request,
                _('The code of slip %(serial)d of "%(category)s" is voided: it admits no ballot.')
                % {"serial": serial, "category": category.name},
            )
            return redirect("evaluation:codes", pk=campaign.pk)
    venue_names = venues_of(campaign)
    return _codes_page(
        request,
        campaign,
        evaluation,
        form=IssueCodesForm(categories=categories, venues=venue_names),
        void_form=void_form,
        venue_names=venue_names,
        status=422,
    )


def _codes_page(request, campaign, evaluation, *, form, void_form, venue_names, excess=None, status=200):
    return render(
        request,
        "evaluation/codes.html",
        context(
            request,
            campaign,
            evaluation,
            form=form,
            void_form=void_form,
            excess=excess,
            turnout=selectors.turnout(evaluation),
            venue_turnout=_venue_rows(evaluation, venue_names),
            voided=code_selectors.voided_codes(evaluation),
        ),
        status=status,
    )


def _venue_rows(evaluation, venue_names: dict[str, str]) -> list[tuple[str, code_selectors.VenueTurnout]]:
    """Turnout by venue, the main venue first, then the sub-venues in order; none without them."""
    counts = code_selectors.turnout_by_venue(evaluation)
    if not venue_names and set(counts) <= {""}:
        return []
    labels = ["", *venue_names, *sorted(set(counts) - set(venue_names) - {""})]
    return [
        (
            venue_names.get(label, label) or _("Main venue"),
            counts.get(label, code_selectors.VenueTurnout(label, 0, 0)),
        )
        for label in labels
    ]


@login_required
@require_POST
def voting_open(request, pk: int):
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk, manage=True).campaign
    evaluation = get_object_or_404(Evaluation, campaign=campaign)
    try:
        services.voting_open(evaluation=evaluation, user=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Voting is open."))
    return redirect("evaluation:overview", pk=campaign.pk)


@login_required
@require_POST
def voting_close(request, pk: int):
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk, manage=True).campaign
    evaluation = get_object_or_404(Evaluation, campaign=campaign)
    form = CloseForm(request.POST)
    form.is_valid()
    try:
        services.voting_close(
            evaluation=evaluation, user=request.user, override_reason=form.cleaned_data.get("reason", "")
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("evaluation:overview", pk=campaign.pk)
    messages.success(request, _("Voting is closed and the results are frozen."))
    return redirect("evaluation:results", pk=campaign.pk)
