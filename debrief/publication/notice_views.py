"""The results notice's pages: the notice as published (and each version), drafting, editing,
publishing, corrected versions and the DOCX. Overseers of the campaign read published versions;
only its organizers see drafts and change anything."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from debrief.campaigns import selectors as campaign_selectors
from debrief.campaigns.models import CampaignState
from debrief.lib import downloads
from debrief.lib.errors import DomainError

from . import notice_docx, selectors, services
from .models import Notice, NoticeState
from .notice_forms import CorrectionForm, NoticeForm


def _visible(notices: list[Notice], can_manage: bool) -> list[Notice]:
    return [n for n in notices if can_manage or n.state != NoticeState.DRAFT]


def _page(request, rights, notices: list[Notice], shown: Notice | None, *, correction_form=None, status=200):
    campaign = rights.campaign
    table = notice_docx.results_table(shown) if shown else []
    ranks = notice_docx.has_ranks(table)
    draft = next((n for n in notices if n.state == NoticeState.DRAFT), None)
    published = next((n for n in notices if n.state == NoticeState.PUBLISHED), None)
    return render(
        request,
        "publication/notice.html",
        {
            "campaign": campaign,
            "can_manage": rights.can_manage,
            "notice": shown,
            "notices": _visible(notices, rights.can_manage),
            "draft": draft,
            "published": published,
            "rows": [(row, notice_docx.table_cells(row, ranks)) for row in table],
            "headers": notice_docx.table_headers(ranks),
            "attachment_title": notice_docx.attachment_title(shown) if shown else "",
            "interviews": list(selectors.follow_up_interviews(campaign, table))
            if shown and shown.state != NoticeState.DRAFT
            else [],
            "can_draft": rights.can_manage and not notices and campaign.state == CampaignState.ASSESSED,
            "correction_form": correction_form or CorrectionForm(),
            "can_correct": rights.can_manage and published and not draft and not campaign.is_archived,
        },
        status=status,
    )


@login_required
def notice(request, pk: int):
    """The published notice; an organizer sees the draft while none is published."""
    rights = campaign_selectors.get_campaign_for_user(request.user, pk)
    notices = selectors.notices_of(rights.campaign)
    shown = next((n for n in notices if n.state == NoticeState.PUBLISHED), None)
    if shown is None and rights.can_manage:
        shown = next(iter(notices), None)
    return _page(request, rights, notices, shown)


def _version(rights, number: int) -> tuple[list[Notice], Notice]:
    notices = selectors.notices_of(rights.campaign)
    found = next((n for n in notices if n.version == number), None)
    if found is None or (found.state == NoticeState.DRAFT and not rights.can_manage):
        raise Http404
    return notices, found


@login_required
def version(request, pk: int, version: int):
    rights = campaign_selectors.get_campaign_for_user(request.user, pk)
    notices, shown = _version(rights, version)
    return _page(request, rights, notices, shown)


@login_required
def version_docx(request, pk: int, version: int):
    rights = campaign_selectors.get_campaign_for_user(request.user, pk)
    _notices, shown = _version(rights, version)
    shown.campaign = rights.campaign
    return downloads.attachment(
        notice_docx.notice_docx_bytes(shown), downloads.DOCX, notice_docx.notice_file_name(shown)
    )


@login_required
@require_POST
def draft_start(request, pk: int):
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk, manage=True).campaign
    try:
        services.notice_draft_start(campaign=campaign, user=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("publication:notice", pk=campaign.pk)
    messages.success(request, _("The notice is drafted from the records; check and edit each section."))
    return redirect("publication:edit", pk=campaign.pk)


@login_required
def draft_edit(request, pk: int):
    rights = campaign_selectors.get_campaign_for_user(request.user, pk, manage=True)
    campaign = rights.campaign
    draft = selectors.draft_notice(campaign)
    if draft is None:
        messages.error(
            request, _("There is no draft to edit: a published notice is changed by a corrected version.")
        )
        return redirect("publication:notice", pk=campaign.pk)
    draft.campaign = campaign
    candidates = selectors.problem_candidates(campaign)
    form = NoticeForm(request.POST or None, instance=draft, candidates=candidates)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            picked = selectors.candidate_texts(campaign, data.pop("picks"))
            if picked:
                data["problems_section"] = "\n".join([data["problems_section"], *picked]).strip()
            try:
                # The form's instance holds the submitted values: the service reads the stored row.
                services.notice_update(notice=Notice(pk=draft.pk), user=request.user, **data)
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The draft is saved."))
                return redirect("publication:edit", pk=campaign.pk)
        status = 422
    outcome = selectors.results_of(campaign)
    return render(
        request,
        "publication/notice_edit.html",
        {
            "campaign": campaign,
            "can_manage": True,
            "notice": draft,
            "form": form,
            "groups": candidates,
            "missing_routine": outcome.missing_routine if outcome else [],
        },
        status=status,
    )


@login_required
@require_POST
def publish(request, pk: int):
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk, manage=True).campaign
    draft = selectors.draft_notice(campaign)
    if draft is None:
        messages.error(request, _("There is no draft to publish."))
        return redirect("publication:notice", pk=campaign.pk)
    try:
        published = services.notice_publish(notice=draft, user=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("publication:edit", pk=campaign.pk)
    messages.success(
        request, _("Version %(version)d of the notice is published.") % {"version": published.version}
    )
    return redirect("publication:notice", pk=campaign.pk)


@login_required
@require_POST
def correction_start(request, pk: int):
    rights = campaign_selectors.get_campaign_for_user(request.user, pk, manage=True)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            services.notice_correction_start(
                campaign=rights.campaign, reason=form.cleaned_data["reason"], user=request.user
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("A corrected version is drafted from the published one."))
            return redirect("publication:edit", pk=rights.campaign.pk)
    notices = selectors.notices_of(rights.campaign)
    shown = next((n for n in notices if n.state == NoticeState.PUBLISHED), None)
    return _page(request, rights, notices, shown, correction_form=form, status=422)
