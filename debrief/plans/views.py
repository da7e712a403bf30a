"""The plan's pages: the list, drafting, the plan itself with publishing, and its notice as DOCX.
The progress page and starting a campaign are in `start_views.py`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from debrief.accounts import selectors as access
from debrief.evaluation.models import SavedScheme, SchemeSettings
from debrief.lib import downloads
from debrief.lib.bad_input import id_from
from debrief.lib.errors import DomainError
from debrief.orgs.models import Organization

from . import notice, selectors, services
from .forms import SPARE_ROWS, DeadlinesForm, PlanCreateForm, PlanForm, posted_rows, weights

CATEGORY_FIELDS = ("category_name", "category_weight")
INDICATOR_FIELDS = ("indicator_name", "indicator_unit")


@login_required
def plan_list(request):
    lists = selectors.plans_for(request.user)
    return render(
        request,
        "plans/list.html",
        {"lists": lists, "can_issue": bool(selectors.issuers_for(request.user))},
    )


@login_required
def plan_create(request):
    issuers = selectors.issuers_for(request.user)
    if not issuers:
        raise Http404
    schemes = SavedScheme.objects.filter(host__in=issuers).select_related("host")
    form = PlanCreateForm(request.POST or None, issuers=issuers, schemes=schemes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        issuer = get_object_or_404(Organization, pk=id_from(data["issuer"]))
        if not access.can_manage(request.user, issuer):
            raise Http404
        scheme = schemes.filter(pk=id_from(data["scheme"])).first() if data["scheme"] else None
        try:
            plan = services.plan_create(
                issuer=issuer, year=data["year"], title=data["title"], user=request.user, scheme=scheme
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The draft plan is made; set its deadlines and rules."))
            return redirect("plans:edit", pk=plan.pk)
    return render(request, "plans/create.html", {"form": form})


@login_required
def plan_detail(request, pk: int):
    plan = selectors.get_plan_for_user(request.user, pk)
    can_manage = access.can_manage(request.user, plan.issuer)
    deadlines = list(plan.deadlines.all())
    return render(
        request,
        "plans/detail.html",
        {
            "plan": plan,
            "deadlines": deadlines,
            "can_manage": can_manage,
            "can_oversee": access.can_view(request.user, plan.issuer),
            "problems": (
                services.publish_problems(plan, timezone.localdate())
                if can_manage and not plan.is_published
                else []
            ),
            "scheme_lines": notice.scheme_lines(plan),
            "freedom_lines": notice.freedom_lines(plan),
            "filing_lines": notice.filing_lines(plan),
            "to_start": [row for row in selectors.plans_to_start(request.user) if row.plan.pk == plan.pk],
        },
    )


def _category_rows(plan, posted):
    if posted is not None:
        rows = posted_rows(posted, CATEGORY_FIELDS)
    else:
        rows = [(c["name"], c["weight"]) for c in plan.categories]
    return [row for row in rows if any(cell.strip() for cell in row)] + [("", "")] * SPARE_ROWS


def _indicator_rows(plan, posted):
    if posted is not None:
        rows = posted_rows(posted, INDICATOR_FIELDS)
    else:
        rows = [(row["name"], row["unit"]) for row in plan.indicators]
    return [row for row in rows if any(cell.strip() for cell in row)] + [("", "")] * SPARE_ROWS


@login_required
def plan_edit(request, pk: int):
    plan = selectors.get_plan_for_user(request.user, pk, manage=True)
    if plan.is_published:
        messages.error(request, _("The plan is published and can no longer be changed."))
        return redirect("plans:detail", pk=plan.pk)
    levels = selectors.deadline_levels(plan.issuer)
    posted = request.POST if request.method == "POST" else None
    initial = {f"deadline_{d.level}": d.deadline for d in plan.deadlines.all()}
    form = PlanForm(posted, instance=plan)
    deadlines = DeadlinesForm(posted, levels=levels, initial=initial)
    sub_indicators = posted.get("sub_indicators", "") if posted else "\n".join(plan.sub_indicators)
    error = ""
    if posted is not None:
        categories, weight_errors = weights(posted_rows(posted, CATEGORY_FIELDS))
        if weight_errors:
            error = " ".join(weight_errors)
        elif form.is_valid() and deadlines.is_valid():
            try:
                services.plan_update(
                    plan=plan,
                    values=form.cleaned_data,
                    categories=categories,
                    sub_indicators=sub_indicators.splitlines(),
                    indicators=posted_rows(posted, INDICATOR_FIELDS),
                    deadlines=deadlines.deadlines(),
                    user=request.user,
                )
            except DomainError as failure:
                error = str(failure)
            else:
                messages.success(request, _("The plan is saved."))
                return redirect("plans:detail", pk=plan.pk)
        else:
            error = _("Correct the fields marked below.")
        plan.refresh_from_db()  # the form's instance took the posted values; the page names the stored plan
    return render(
        request,
        "plans/edit.html",
        {
            "plan": plan,
            "form": form,
            "deadlines": deadlines,
            "category_rows": _category_rows(plan, posted),
            "indicator_rows": _indicator_rows(plan, posted),
            "sub_indicators": sub_indicators,
            "error": error,
            "lock_fields": [
                form[name] for name in ("scheme_locked", "categories_locked", "indicators_locked")
            ],
            "text_fields": [form[name] for name in ("title", "document_number", "guidance", "requirements")],
            "day_fields": [form[name] for name in ("filing_days", "conveyance_days")],
            "scheme_fields": [form[name] for name in SchemeSettings.SETTINGS_FIELDS],
        },
    )


@login_required
@require_POST
def plan_publish(request, pk: int):
    plan = selectors.get_plan_for_user(request.user, pk, manage=True)
    try:
        services.plan_publish(plan=plan, user=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The plan is published: every expected host sees it on its home page."))
    return redirect("plans:detail", pk=plan.pk)


@login_required
@require_POST
def plan_delete(request, pk: int):
    plan = selectors.get_plan_for_user(request.user, pk, manage=True)
    try:
        services.plan_delete(plan=plan, user=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("plans:detail", pk=plan.pk)
    messages.success(request, _("The draft plan is deleted."))
    return redirect("plans:list")


@login_required
def plan_docx(request, pk: int):
    plan = selectors.get_plan_for_user(request.user, pk)
    return downloads.attachment(notice.plan_docx_bytes(plan), downloads.DOCX, notice.plan_file_name(plan))
