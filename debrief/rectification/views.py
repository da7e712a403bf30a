"""The ledger and its items: thin views over `services`, `sources` and `selectors`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from debrief.campaigns import selectors as campaign_selectors
from debrief.campaigns.recurring import EarlierProblem, earlier_problems_of
from debrief.lib import uploads
from debrief.lib.bad_input import id_from
from debrief.lib.errors import DomainError
from debrief.lib.redirects import safe_next
from debrief.lib.text import join_names
from debrief.meetings.models import CommentProblem

from . import breakdown, selectors, services, sources
from .forms import BreakDownForm, ItemForm, PlanForm, ProgressForm, SubmitForm, VerifyForm
from .models import WORK_OWED, Evidence, Measure, Source, Status


def _ledger_url(campaign) -> str:
    return f"{reverse('rectification:ledger')}?{urlencode({'campaign': campaign.pk})}"


@login_required
def item_new(request):
    campaign_id = id_from(request.GET.get("campaign"))
    campaign = campaign_selectors.get_campaign_for_user(request.user, campaign_id, manage=True).campaign
    reporters = campaign_selectors.reporters_in_order(campaign)
    form = ItemForm(
        request.POST or None,
        reporters=reporters,
        initial={"deadline": services.default_deadline(timezone.localdate())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(
                campaign=campaign,
                reporter=form.cleaned_data["reporter"],
                user=request.user,
                **form.item_fields(),
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Item %(label)s is in the ledger.") % {"label": item.label})
            return redirect("rectification:item", pk=item.pk)
    return render(request, "rectification/item_form.html", {"form": form, "campaign": campaign, "item": None})


ADD_FROM = {
    "comments": (sources.items_from_comments, "No problem from the comments is waiting to be entered."),
    "evaluation": (
        sources.items_from_evaluation,
        "No reporter graded fair or poor is waiting to be entered.",
    ),
    "reports": (sources.items_from_reports, "No problem from the reports is waiting to be entered."),
}


@login_required
@require_POST
def add_from(request, pk: int):
    """Enter every problem one source has that the ledger does not hold yet."""
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk, manage=True).campaign
    entry = ADD_FROM.get(request.POST.get("source", ""))
    if entry is None:
        raise Http404
    add, nothing = entry
    try:
        created = add(campaign=campaign, user=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        if created:
            messages.success(
                request,
                ngettext(
                    "%(count)d item entered in the ledger.",
                    "%(count)d items entered in the ledger.",
                    len(created),
                )
                % {"count": len(created)},
            )
        else:
            messages.info(request, _(nothing))
    return redirect(_ledger_url(campaign))


@login_required
@require_POST
def carry_over(request, pk: int):
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk, manage=True).campaign
    try:
        outcome = sources.carry_over(campaign=campaign, user=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d item carried over from last year.",
                "%(count)d items carried over from last year.",
                len(outcome.carried),
            )
            % {"count": len(outcome.carried)},
        )
        if outcome.not_reporting:
            messages.warning(
                request,
                _("Not carried over, because their organizations do not report this year: %(items)s.")
                % {"items": join_names(f"{i.label} {i.unit.name}" for i in outcome.not_reporting)},
            )
    return redirect(_ledger_url(campaign))


@login_required
@require_POST
def from_comment(request, problem_id: int):
    """The one action on a comment's problem: enter it in the ledger."""
    problem = get_object_or_404(CommentProblem.objects.select_related("comment__reporter"), pk=problem_id)
    reporter = problem.comment.reporter
    # The campaign is read once, by the lookup that checks the user's rights, and serves the write too.
    reporter.campaign = campaign_selectors.get_campaign_for_user(
        request.user, reporter.campaign_id, manage=True
    ).campaign
    try:
        item = sources.item_from_comment_problem(problem=problem, user=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Item %(label)s is in the ledger; set its deadline and measures there.")
            % {"label": item.label},
        )
    fallback = reverse("meetings:reporter_comments", args=[reporter.campaign_id, reporter.pk])
    return HttpResponseRedirect(safe_next(request, fallback))


# --- One item ----------------------------------------------------------------------------------


def _source_link(item, sees_campaign: bool) -> str:
    """A link back to where the problem was found, when the user may open it."""
    if item.source == Source.REPORT and item.reporter_id:
        return reverse("reports:detail", args=[item.reporter_id])
    if not sees_campaign:
        return ""
    if item.source == Source.COMMENT and item.comment_problem_id:
        comment = item.comment_problem.comment
        url = reverse("meetings:reporter_comments", args=[item.campaign_id, item.reporter_id])
        return f"{url}#comment-{comment.pk}"
    if item.source == Source.EVALUATION:
        return reverse("evaluation:sheet", args=[item.campaign_id, item.reporter_id])
    return ""


def _earlier_problem(item) -> EarlierProblem | None:
    """The problem of an earlier year this item repeats; a carried-over item is that one, continued."""
    if item.carried_from_id or item.reporter_id is None:  # a host's own task repeats no comment
        return None
    item.reporter.campaign = item.campaign
    return earlier_problems_of(item.reporter, {item.pk: item.description}).get(item.pk)


def _item_page(request, access: selectors.ItemAccess, **forms):
    item = access.item
    today = timezone.localdate()
    changeable = selectors.is_changeable(item)
    item.is_late = item.is_overdue(today)
    item.carried_away = item.is_carried_away
    sees_campaign = campaign_selectors.can_oversee_campaign(request.user, item.campaign)
    forms.setdefault("progress_form", ProgressForm())
    forms.setdefault("submit_form", SubmitForm())
    forms.setdefault("verify_form", VerifyForm())
    children = breakdown.children_progress(item, request.user, today)
    if access.can_break_down and changeable and "break_down_form" not in forms:
        forms["break_down_form"] = _break_down_form(item)
    return render(
        request,
        "rectification/item.html",
        {
            "item": item,
            "access": access,
            "campaign": item.campaign,
            "changeable": changeable,
            "measures": list(item.measures.all()),
            "timeline": selectors.timeline(item),
            "overdue": item.is_late,
            "overdue_days": (today - item.deadline).days,
            "source_link": _source_link(item, sees_campaign),
            "earlier": _earlier_problem(item),
            "open_for_work": access.can_work and item.status in WORK_OWED and changeable,
            "open_for_verification": access.can_verify and item.status == Status.SUBMITTED and changeable,
            "children": children,
            "parent_visible": breakdown.parent_visible(item, request.user),
            **forms,
        },
    )


def _break_down_form(item, data=None) -> BreakDownForm | None:
    """The form to break the item down, or None when its organization has no campaign of the year."""
    campaign = breakdown.own_campaign(item)
    if campaign is None:
        return None
    reporters = campaign_selectors.reporters_in_order(campaign).select_related("organization", "person")
    form = BreakDownForm(
        data, reporters=reporters, initial={"description": item.description, "deadline": item.deadline}
    )
    form.campaign = campaign
    return form


@login_required
@require_POST
def break_down(request, pk: int):
    access = selectors.item_access(request.user, pk)
    if not access.can_break_down:
        raise Http404
    form = _break_down_form(access.item, request.POST)
    if form is None:
        messages.error(
            request,
            _(
                "%(organization)s has no campaign of %(year)d over its subordinates, so there is no "
                "ledger for the sub-items. Open that campaign (or start it from the plan) first."
            )
            % {"organization": access.item.unit.name, "year": access.item.campaign.year},
        )
        return redirect("rectification:item", pk=pk)
    if form.is_valid():
        try:
            created = breakdown.item_break_down(
                parent=access.item,
                reporters=list(form.cleaned_data["reporters"]),
                description=form.cleaned_data["description"],
                deadline=form.cleaned_data["deadline"],
                user=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d sub-item entered in the ledger of %(host)s.",
                    "%(count)d sub-items entered in the ledger of %(host)s.",
                    len(created),
                )
                % {"count": len(created), "host": form.campaign.host.name},
            )
            return redirect("rectification:item", pk=pk)
    return _item_page(request, access, break_down_form=form)


@login_required
def item(request, pk: int):
    return _item_page(request, selectors.item_access(request.user, pk))


def _post_entry(request, pk: int, form_class, action, form_name: str, done: str):
    access = selectors.item_access(request.user, pk)
    if not access.can_work:
        raise Http404
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            action(
                item=access.item,
                user=request.user,
                text=form.cleaned_data["text"],
                files=form.cleaned_data["files"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done)
            return redirect("rectification:item", pk=pk)
    return _item_page(request, access, **{form_name: form})


@login_required
@require_POST
def progress(request, pk: int):
    return _post_entry(
        request, pk, ProgressForm, services.progress_add, "progress_form", _("The progress is recorded.")
    )


@login_required
@require_POST
def submit(request, pk: int):
    return _post_entry(
        request,
        pk,
        SubmitForm,
        services.item_submit,
        "submit_form",
        _("The item is submitted for verification."),
    )


@login_required
@require_POST
def verify(request, pk: int):
    access = selectors.item_access(request.user, pk)
    if not access.can_verify:
        raise Http404
    form = VerifyForm(request.POST)
    if form.is_valid():
        remarks = form.cleaned_data["remarks"]
        try:
            if request.POST.get("action") == "sign_off":
                services.item_sign_off(item=access.item, user=request.user, remarks=remarks)
                messages.success(request, _("Item %(label)s is signed off.") % {"label": access.item.label})
            else:
                services.item_return(item=access.item, user=request.user, remarks=remarks)
                messages.success(
                    request, _("Item %(label)s is returned to the reporter.") % {"label": access.item.label}
                )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return redirect("rectification:item", pk=pk)
    return _item_page(request, access, verify_form=form)


@login_required
def item_edit(request, pk: int):
    """Organizers change everything; the item's own secretary plans its measures and who answers for it."""
    access = selectors.item_access(request.user, pk)
    item = access.item
    if not access.can_work:
        raise Http404
    responsible = selectors.responsible_choices(item.reporter, item.responsible_id, host=item.campaign.host)
    initial = {
        "description": item.description,
        "category": item.category,
        "deadline": item.deadline,
        "responsible": item.responsible,
        "measures": "\n".join(m.text for m in item.measures.all()),
    }
    if access.can_verify:
        form = ItemForm(request.POST or None, responsible=responsible, initial=initial)
    else:
        form = PlanForm(request.POST or None, responsible=responsible, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(item=item, user=request.user, **form.item_fields())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Item %(label)s is saved.") % {"label": item.label})
            return redirect("rectification:item", pk=pk)
    return render(
        request, "rectification/item_form.html", {"form": form, "campaign": item.campaign, "item": item}
    )


@login_required
@require_POST
def measure_mark(request, pk: int, measure_id: int):
    access = selectors.item_access(request.user, pk)
    if not access.can_work:
        raise Http404
    measure = get_object_or_404(Measure, pk=measure_id, item=access.item)
    try:
        services.measure_mark(measure=measure, done=request.POST.get("done") == "1", user=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    if request.htmx:
        context = {"measure": measure, "item": access.item, "access": access, "changeable": True}
        return render(request, "rectification/partials/measure.html", context)
    return redirect("rectification:item", pk=pk)


@login_required
def evidence_download(request, pk: int):
    evidence = get_object_or_404(Evidence.objects.select_related("event"), pk=pk)
    selectors.item_access(request.user, evidence.event.item_id)  # 404 unless the item is visible
    return uploads.served(evidence.file, evidence.original_name)
