"""The organizer's pages: scheme, codes, opening and closing, paper tallies, routine scores, results."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from debrief.campaigns import selectors as campaign_selectors
from debrief.lib import downloads, slips, tally
from debrief.lib.errors import DomainError

from . import explain, exports, routine_import, selectors, services
from .forms import (
    CategoryFormSet,
    CloseForm,
    IssueCodesForm,
    RoutineImportForm,
    SaveSchemeForm,
    SchemeForm,
    SubIndicatorsForm,
)
from .models import Evaluation, EvaluatorCategory, Rating, SavedScheme, SchemeSettings

BALLOT_FIELDS = (
    "points_excellent",
    "points_good",
    "points_fair",
    "points_poor",
    "ballot_excellent_cap",
    "refuse_uniform_ballots",
)


def _context(request, campaign, evaluation, **extra):
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
        return render(request, "evaluation/start.html", _context(request, campaign, None))
    return render(
        request,
        "evaluation/overview.html",
        _context(
            request,
            campaign,
            evaluation,
            turnout=selectors.turnout(evaluation),
            paper=selectors.paper_status(evaluation),
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
        {"evaluation": evaluation, "turnout": selectors.turnout(evaluation), "now": timezone.now()},
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
    evaluation = selectors.evaluation_of(campaign) or services.evaluation_set_up(campaign)
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
            values = {name: form.cleaned_data[name] for name in form.Meta.fields}
            with transaction.atomic():
                services.scheme_update(evaluation=evaluation, **values)
                services.categories_set(evaluation=evaluation, rows=_category_rows(categories))
                services.sub_indicators_set(
                    evaluation=evaluation, names=indicators.cleaned_data["names"].splitlines()
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
        _context(
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
    scheme = get_object_or_404(SavedScheme, pk=request.POST.get("scheme"), host=campaign.host)
    try:
        services.scheme_apply(evaluation=evaluation, scheme=scheme)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The rules of “%(name)s” are applied.") % {"name": scheme.name})
    return redirect("evaluation:setup", pk=campaign.pk)


@login_required
def codes(request, pk: int):
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk, manage=True).campaign
    evaluation = get_object_or_404(Evaluation, campaign=campaign)
    categories = list(evaluation.categories.all())
    form = IssueCodesForm(request.POST or None, categories=categories)
    if request.method == "POST" and form.is_valid():
        category = get_object_or_404(
            EvaluatorCategory, pk=form.cleaned_data["category"], evaluation=evaluation
        )
        try:
            issued = services.codes_issue(
                evaluation=evaluation, category=category, count=form.cleaned_data["count"], user=request.user
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return _slips_download(request, evaluation, category, issued, form.cleaned_data["file_format"])
    return render(
        request,
        "evaluation/codes.html",
        _context(request, campaign, evaluation, form=form, turnout=selectors.turnout(evaluation)),
        status=422 if form.errors else 200,
    )


def _slips_download(
    request, evaluation, category, issued: services.IssuedCodes, file_format: str
) -> HttpResponse:
    url = request.build_absolute_uri("/vote/")
    first = issued.first_serial
    entries = [
        slips.Slip(code=code, url=f"{url}#{code}", category=category.name, serial=str(first + i))
        for i, code in enumerate(issued)
    ]
    name = f"{evaluation.campaign.host.name}-{category.name}-{first}-{first + len(issued) - 1}"
    if file_format == "csv":
        content = slips.slips_csv(
            entries,
            headers=[_("Serial"), _("Evaluator category"), pgettext("ballot", "Code"), _("Voting link")],
        )
        return downloads.attachment(content, "text/csv; charset=utf-8", f"{name}.csv", no_store=True)
    content = slips.slips_pdf(
        entries,
        title=_("Democratic evaluation · %(title)s") % {"title": evaluation.campaign.title},
        instructions=_(
            "Scan the QR code, or open the link and type the code. One code, one ballot; anonymous."
        ),
        code_label=pgettext("ballot", "Code"),
    )
    return downloads.attachment(content, "application/pdf", f"{name}.pdf", no_store=True)


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


@login_required
def paper(request, pk: int, category_id: int):
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk, manage=True).campaign
    evaluation = get_object_or_404(Evaluation, campaign=campaign)
    category = get_object_or_404(EvaluatorCategory, pk=category_id, evaluation=evaluation)
    reporters = list(campaign_selectors.reporters_in_order(campaign))
    status = next(s for s in selectors.paper_status(evaluation) if s.category.pk == category.pk)
    mine = next((t for t in status.entries if t.entered_by_id == request.user.pk), None)
    error, posted = None, None
    if request.method == "POST":
        posted = {
            r.pk: {rating: request.POST.get(f"c-{r.pk}-{rating}", "") for rating in Rating.values}
            for r in reporters
        }
        try:
            ballots = int(request.POST.get("ballots", "").strip() or -1)
        except ValueError:
            ballots = -1
        try:
            if ballots < 0:
                raise services.EvaluationError(_("Enter the number of valid paper ballots."))
            services.paper_tally_enter(
                evaluation=evaluation, category=category, user=request.user, ballots=ballots, counts=posted
            )
        except DomainError as problem:
            error = str(problem)
        else:
            messages.success(request, _("Your entry of the paper ballots is saved."))
            return redirect("evaluation:paper", pk=campaign.pk, category_id=category.pk)
    values = posted or ({int(k): v for k, v in mine.counts.items()} if mine else {})
    rows = [
        (r, [(rating, label, (values.get(r.pk) or {}).get(rating, "")) for rating, label in Rating.choices])
        for r in reporters
    ]
    return render(
        request,
        "evaluation/paper.html",
        _context(
            request,
            campaign,
            evaluation,
            category=category,
            status=status,
            mine=mine,
            rows=rows,
            ratings=Rating.choices,
            ballots=request.POST.get("ballots") if posted else (mine.ballots if mine else ""),
            error=error,
        ),
        status=422 if error else 200,
    )


@login_required
def routine(request, pk: int):
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk, manage=True).campaign
    evaluation = get_object_or_404(Evaluation, campaign=campaign)
    reporters = list(campaign_selectors.reporters_in_order(campaign))
    current = dict(evaluation.routine_scores.values_list("reporter_id", "score"))
    errors: dict[int, str] = {}
    general = None
    import_form = RoutineImportForm()
    posted = {}
    if request.method == "POST" and request.POST.get("action") == "import":
        import_form = RoutineImportForm(request.POST, request.FILES)
        if import_form.is_valid():
            upload = import_form.cleaned_data["file"]
            try:
                saved = routine_import.routine_scores_import(
                    evaluation=evaluation, file_name=upload.name, content=upload.read(), user=request.user
                )
            except DomainError as problem:
                general = problem.errors
            else:
                messages.success(request, _("%(n)d routine scores imported.") % {"n": saved})
                return redirect("evaluation:routine", pk=campaign.pk)
    elif request.method == "POST":
        scores = {}
        for reporter in reporters:
            text = request.POST.get(f"score-{reporter.pk}", "").strip()
            posted[reporter.pk] = text
            if not text:
                scores[reporter.pk] = None
                continue
            try:
                scores[reporter.pk] = services.parse_score(text)
            except ValueError as problem:
                errors[reporter.pk] = str(problem)
        if not errors:
            try:
                services.routine_scores_set(evaluation=evaluation, scores=scores, user=request.user)
            except DomainError as problem:
                general = [str(problem)]
            else:
                messages.success(request, _("Routine scores saved."))
                return redirect("evaluation:routine", pk=campaign.pk)
    rows = [(r, posted.get(r.pk, current.get(r.pk, "")), errors.get(r.pk)) for r in reporters]
    return render(
        request,
        "evaluation/routine.html",
        _context(
            request,
            campaign,
            evaluation,
            rows=rows,
            general=general,
            import_form=import_form,
            editable=campaign.state in services.ROUTINE_EDITABLE_STATES,
            missing=sum(1 for r in reporters if r.pk not in current),
        ),
        status=422 if errors or general else 200,
    )


@login_required
def routine_template(request, pk: int):
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk, manage=True).campaign
    evaluation = get_object_or_404(Evaluation, campaign=campaign)
    return downloads.attachment(
        routine_import.routine_template_xlsx(evaluation),
        downloads.XLSX,
        _("Routine scores - %(title)s.xlsx") % {"title": campaign.host.name},
    )


def _closed_evaluation(request, pk: int):
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk, manage=False).campaign
    evaluation = selectors.evaluation_of(campaign)
    if evaluation is None or not evaluation.is_closed:
        # No results page exists before close: nothing to leak, not even an empty table.
        raise Http404
    return campaign, evaluation


SORT_KEYS = {
    "rank": lambda row: (row.overall.rank is None, row.overall.rank or 0),
    "score": lambda row: -(row.overall.comprehensive_score or -1),
    "evaluation": lambda row: -(row.overall.evaluation_score or -1),
    "good_rate": lambda row: -(row.overall.good_rate or -1),
    "poor_rate": lambda row: -(row.overall.poor_rate or -1),
    "routine": lambda row: -(row.overall.routine_score or -1),
    "order": None,
}


@login_required
def results(request, pk: int):
    campaign, evaluation = _closed_evaluation(request, pk)
    outcome = selectors.results(evaluation)
    sort = request.GET.get("sort", "rank")
    rows = list(outcome.rows)
    if SORT_KEYS.get(sort):
        rows.sort(key=SORT_KEYS[sort])
    chart = sorted(
        (
            row
            for row in outcome.rows
            if row.overall.comprehensive_score is not None or row.overall.evaluation_score is not None
        ),
        key=lambda row: row.overall.comprehensive_score or row.overall.evaluation_score,
    )
    return render(
        request,
        "evaluation/results.html",
        _context(
            request,
            campaign,
            evaluation,
            results=outcome,
            rows=rows,
            sort=sort,
            chart_data={
                "names": [row.reporter.organization.name for row in chart],
                "scores": [
                    float(
                        tally.round_half_up(row.overall.comprehensive_score or row.overall.evaluation_score)
                    )
                    for row in chart
                ],
                "grades": [row.overall.grade or "" for row in chart],
                "score_label": _("Comprehensive score") if not outcome.is_preview else _("Evaluation score"),
                "grade_labels": dict(Rating.choices),
            },
            distribution=[
                {"name": label, "value": n, "grade": value} for value, label, n in outcome.grade_distribution
            ],
        ),
    )


@login_required
def results_sheet(request, pk: int, reporter_id: int):
    campaign, evaluation = _closed_evaluation(request, pk)
    outcome = selectors.results(evaluation)
    row = next((row for row in outcome.rows if row.reporter.pk == reporter_id), None)
    if row is None:
        raise Http404
    return render(
        request,
        "evaluation/sheet.html",
        _context(
            request,
            campaign,
            evaluation,
            results=outcome,
            row=row,
            lines=explain.calculation_sheet(outcome, row),
        ),
    )


@login_required
def results_xlsx(request, pk: int):
    campaign, evaluation = _closed_evaluation(request, pk)
    return downloads.attachment(
        exports.results_xlsx(selectors.results(evaluation)),
        downloads.XLSX,
        _("Evaluation results - %(title)s.xlsx") % {"title": campaign.title},
    )
