"""Writes of publication. The results notice: drafting (prefilled from the records), editing,
publishing (which freezes it and moves the campaign on), and corrected versions. Assessment
opinions on each reporter."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from debrief.audit.models import Action
from debrief.audit.services import campaign_entry_record, changes
from debrief.campaigns.models import Campaign, CampaignState
from debrief.campaigns.services import campaign_advance, ensure_writable
from debrief.lib.dates import ensure_in_range
from debrief.lib.errors import DomainError
from debrief.lib.text import join_names, tidy

from . import notice_prefill, selectors
from .models import AssessmentOpinion, Notice, NoticeState


class PublicationError(DomainError):
    """A change the rules of publication refuse; the message is for the user."""


# The sections the organizer edits; the first three must not be empty when the notice is published.
TEXT_FIELDS = (
    "title",
    "document_number",
    "meeting_section",
    "evaluation_section",
    "grades_section",
    "problems_section",
    "requirements_section",
)
EDITABLE_FIELDS = (*TEXT_FIELDS, "rectification_deadline")


def _required_labels() -> dict[str, str]:
    return {
        "title": _("the title"),
        "grades_section": _("the grades"),
        "requirements_section": _("the requirements"),
    }


def _lock_campaign(campaign: Campaign) -> Campaign:
    campaign = Campaign.objects.select_for_update().select_related("host").get(pk=campaign.pk)
    ensure_writable(campaign)
    return campaign


def _lock_notice(notice: Notice) -> Notice:
    return Notice.objects.select_for_update().select_related("campaign__host").get(pk=notice.pk)


def _record(notice: Notice, action: str, user, before=None, after=None) -> None:
    campaign_entry_record(
        campaign=notice.campaign,
        action=action,
        actor=user,
        obj=notice,
        before=before,
        after=after,
        label=f"{notice.title} (v{notice.version})",
    )


@transaction.atomic
def notice_draft_start(*, campaign: Campaign, user) -> Notice:
    """The first version of the notice, each section prefilled from the records."""
    campaign = _lock_campaign(campaign)
    if campaign.state != CampaignState.ASSESSED:
        raise PublicationError(_("The results notice is drafted once the campaign is assessed."))
    if campaign.notices.exists():
        raise PublicationError(_("The campaign already has a results notice; open it to continue."))
    notice = Notice.objects.create(
        campaign=campaign, created_by=user, **notice_prefill.prefill(campaign).fields()
    )
    _record(notice, Action.NOTICE_DRAFTED, user, after={"version": notice.version})
    return notice


@transaction.atomic
def notice_correction_start(*, campaign: Campaign, reason: str, user) -> Notice:
    """A corrected version, drafted from the last published one; that one stays published until
    the correction is."""
    campaign = _lock_campaign(campaign)
    reason = tidy(reason)
    published = selectors.published_notice(campaign)
    if published is None:
        raise PublicationError(_("Only a published notice can be corrected."))
    if selectors.draft_notice(campaign) is not None:
        raise PublicationError(_("A corrected version is already being drafted; continue that one."))
    if not reason:
        raise PublicationError(_("Give the reason for the correction."))
    notice = Notice.objects.create(
        campaign=campaign,
        version=published.version + 1,
        correction_reason=reason,
        created_by=user,
        **{name: getattr(published, name) for name in EDITABLE_FIELDS},
    )
    _record(notice, Action.NOTICE_DRAFTED, user, after={"version": notice.version, "reason": reason})
    return notice


def _ensure_draft(notice: Notice) -> None:
    ensure_writable(notice.campaign)
    if notice.state != NoticeState.DRAFT:
        raise PublicationError(
            _(
                "Version %(version)d of the notice is published and can no longer be changed; draft a corrected version instead."
            )
            % {"version": notice.version}
        )


@transaction.atomic
def notice_update(
    *,
    notice: Notice,
    user,
    title: str,
    document_number: str = "",
    meeting_section: str = "",
    evaluation_section: str = "",
    grades_section: str = "",
    problems_section: str = "",
    requirements_section: str = "",
    rectification_deadline: datetime.date | None = None,
) -> Notice:
    notice = _lock_notice(notice)
    _ensure_draft(notice)
    if rectification_deadline is not None:
        ensure_in_range(rectification_deadline)
    values = {
        "title": tidy(title),
        "document_number": tidy(document_number),
        "meeting_section": tidy(meeting_section),
        "evaluation_section": tidy(evaluation_section),
        "grades_section": tidy(grades_section),
        "problems_section": tidy(problems_section),
        "requirements_section": tidy(requirements_section),
        "rectification_deadline": rectification_deadline,
    }
    if not values["title"]:
        raise PublicationError(_("Give the notice a title."))
    before, after = changes({name: getattr(notice, name) for name in EDITABLE_FIELDS}, values)
    if not after:
        return notice
    for name, value in after.items():
        setattr(notice, name, value)
    notice.full_clean()
    notice.save(update_fields=[*after, "updated_at"])
    _record(notice, Action.NOTICE_EDITED, user, before=before, after=after)
    return notice


@transaction.atomic
def notice_publish(*, notice: Notice, user) -> Notice:
    """Freeze the draft with the results table attached; the first publication moves the campaign
    on to "published", a correction supersedes the version it corrects."""
    notice = _lock_notice(notice)
    campaign = _lock_campaign(notice.campaign)
    _ensure_draft(notice)
    outcome = selectors.results_of(campaign)
    if outcome is None:
        raise PublicationError(_("The notice is published from a closed evaluation; close it first."))
    if outcome.missing_routine:
        raise PublicationError(
            _("Routine assessment scores are missing for %(names)s; enter them before publishing the notice.")
            % {"names": join_names(r.organization.name for r in outcome.missing_routine)}
        )
    empty = [label for name, label in _required_labels().items() if not getattr(notice, name).strip()]
    if empty:
        raise PublicationError(
            _("The notice cannot be published with %(sections)s empty; fill them in first.")
            % {"sections": join_names(empty)}
        )
    previous = selectors.published_notice(campaign)
    if previous is not None:
        previous.state = NoticeState.SUPERSEDED
        previous.save(update_fields=["state", "updated_at"])
    notice.state = NoticeState.PUBLISHED
    notice.results_table = selectors.table_rows(outcome)
    notice.published_by = user
    notice.published_at = timezone.now()
    notice.save(update_fields=["state", "results_table", "published_by", "published_at", "updated_at"])
    after = {"version": notice.version}
    if previous is not None:
        after["reason"] = notice.correction_reason
    _record(notice, Action.NOTICE_PUBLISHED, user, after=after)
    if campaign.state == CampaignState.ASSESSED:
        campaign_advance(campaign=campaign, user=user, reason=_("Results notice published."))
    return notice


def notice_published_check(campaign: Campaign, reason: str) -> list[str]:
    """The step check: the campaign leaves "assessed" only with its results notice published."""
    if selectors.has_published_notice(campaign):
        return []
    return [_("Publish the results notice before moving the campaign on.")]


# --- Assessment opinions -------------------------------------------------------------------------------


@transaction.atomic
def opinions_save(*, campaign: Campaign, texts: dict[int, str], user) -> int:
    """Save the opinions on the given reporters (reporter id -> text); a blank text removes one.
    Returns how many changed."""
    campaign = _lock_campaign(campaign)
    if not selectors.opinions_editable(campaign):
        raise PublicationError(
            _(
                "The assessment opinions are frozen with the published notice; draft a corrected notice to change them."
            )
            if campaign.state in selectors.ASSESSED_OR_LATER
            else _("Assessment opinions are written once the campaign is assessed.")
        )
    reporters = set(campaign.reporters.values_list("pk", flat=True))
    if set(texts) - reporters:
        raise PublicationError(_("An opinion can only be written on a reporter of this campaign."))
    existing = {o.reporter_id: o for o in AssessmentOpinion.objects.filter(reporter_id__in=texts)}
    changed = 0
    for reporter_id, raw in texts.items():
        text, opinion = tidy(raw), existing.get(reporter_id)
        before = opinion.text if opinion else ""
        if text == before:
            continue
        if not text:
            opinion.delete()
        elif opinion is None:
            opinion = AssessmentOpinion.objects.create(reporter_id=reporter_id, text=text, written_by=user)
        else:
            opinion.text, opinion.written_by = text, user
            opinion.save(update_fields=["text", "written_by", "updated_at"])
        reporter = campaign.reporters.select_related("organization").get(pk=reporter_id)
        campaign_entry_record(
            campaign=campaign,
            action=Action.OPINION_CHANGED,
            actor=user,
            obj=reporter,
            before={"text": before} if before else None,
            after={"text": text} if text else None,
            label=reporter.organization.name,
        )
        changed += 1
    return changed
