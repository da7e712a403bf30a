"""What organizers enter besides the electronic ballots: paper tallies and routine scores."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from debrief.campaigns import selectors as campaign_selectors
from debrief.lib import downloads
from debrief.lib.errors import DomainError

from . import paper_selectors, routine_import, selectors, services
from .forms import RoutineImportForm
from .models import Evaluation, EvaluatorCategory, Rating
from .views import context


@login_required
def paper(request, pk: int, category_id: int):
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk, manage=True).campaign
    evaluation = get_object_or_404(Evaluation, campaign=campaign)
    category = get_object_or_404(EvaluatorCategory, pk=category_id, evaluation=evaluation)
    reporters = list(campaign_selectors.reporters_in_order(campaign))
    status = next(s for s in paper_selectors.paper_status(evaluation) if s.category.pk == category.pk)
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
        context(
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
    editable = services.routine_editable(campaign)
    if request.method == "POST" and not editable:
        # Refused before anything posted is read: errors in the rows would be beside the point.
        general = [services.routine_fixed_message()]
    elif request.method == "POST" and request.POST.get("action") == "import":
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
        context(
            request,
            campaign,
            evaluation,
            rows=rows,
            general=general,
            import_form=import_form,
            editable=editable,
            fixed_since=None if editable else selectors.routine_fixed_since(campaign),
            missing=sum(1 for r in reporters if r.pk not in current),
        ),
        status=409 if request.method == "POST" and not editable else 422 if errors or general else 200,
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
