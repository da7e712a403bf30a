"""Writes to campaigns: opening, reporters and their speaking order, key indicators, state."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from debrief.audit.models import Action
from debrief.audit.services import campaign_entry_record, changes
from debrief.lib import tree_paths
from debrief.lib.dates import ensure_in_range
from debrief.lib.errors import DomainError
from debrief.lib.text import tidy
from debrief.orgs.models import Organization
from debrief.orgs.selectors import secretaries_on

from . import guards, steps
from .models import (
    Campaign,
    CampaignState,
    CampaignTransition,
    KeyIndicator,
    Reporter,
    ReportMode,
)


class CampaignError(DomainError):
    """A change the campaign's rules refuse; the message is for the user."""


def ensure_writable(campaign: Campaign) -> None:
    # The state is read afresh: a caller's object may predate a state change.
    campaign.refresh_from_db(fields=["state"])
    if campaign.is_archived:
        raise CampaignError(_("The campaign is archived and can no longer be changed."))


def ensure_preparing(campaign: Campaign) -> None:
    ensure_writable(campaign)
    if campaign.state != CampaignState.PREPARING:
        raise CampaignError(
            _("Reporters and key indicators can be changed only while the campaign is being prepared.")
        )


def _check_dates(report_deadline: datetime.date, meeting_date: datetime.date) -> None:
    ensure_in_range(report_deadline, meeting_date)
    if report_deadline > meeting_date:
        raise CampaignError(_("The report deadline must not be later than the meeting date."))


@transaction.atomic
def campaign_open(
    *,
    host: Organization,
    year: int,
    title: str,
    report_deadline: datetime.date,
    meeting_date: datetime.date,
    user=None,
) -> Campaign:
    _check_dates(report_deadline, meeting_date)
    if Campaign.objects.filter(host=host, year=year).exists():
        raise CampaignError(
            _("%(host)s already has a campaign for %(year)d.") % {"host": host.name, "year": year}
        )
    campaign = Campaign(
        host=host,
        year=year,
        title=tidy(title),
        report_deadline=report_deadline,
        meeting_date=meeting_date,
        created_by=user,
    )
    campaign.full_clean()
    campaign.save()
    campaign_entry_record(
        campaign=campaign, action=Action.CAMPAIGN_OPENED, actor=user, after=_details(campaign)
    )
    return campaign


def _details(campaign: Campaign) -> dict:
    return {
        "title": campaign.title,
        "report_deadline": campaign.report_deadline,
        "meeting_date": campaign.meeting_date,
    }


@transaction.atomic
def campaign_update(
    *,
    campaign: Campaign,
    title: str,
    report_deadline: datetime.date,
    meeting_date: datetime.date,
    user=None,
) -> Campaign:
    ensure_writable(campaign)
    _check_dates(report_deadline, meeting_date)
    if problems := guards.date_problems(campaign, report_deadline=report_deadline, meeting_date=meeting_date):
        raise CampaignError(" ".join(problems))
    before = _details(campaign)
    campaign.title = tidy(title)
    campaign.report_deadline = report_deadline
    campaign.meeting_date = meeting_date
    campaign.full_clean()
    campaign.save(update_fields=["title", "report_deadline", "meeting_date"])
    before, after = changes(before, _details(campaign))
    if after:
        campaign_entry_record(
            campaign=campaign, action=Action.CAMPAIGN_EDITED, actor=user, before=before, after=after
        )
    return campaign


def _record_reporters(campaign: Campaign, user, before: dict | None, after: dict | None, label: str) -> None:
    campaign_entry_record(
        campaign=campaign,
        action=Action.REPORTERS_CHANGED,
        actor=user,
        before=before,
        after=after,
        label=label,
    )


def _next_speaking_order(campaign: Campaign) -> int:
    current = campaign.reporters.aggregate(top=Max("speaking_order"))["top"]
    return (current or 0) + 1


@transaction.atomic
def reporters_add(
    *, campaign: Campaign, organizations: Iterable[Organization], mode: str = ReportMode.WRITTEN, user=None
) -> list[Reporter]:
    """Add subordinate organizations as reporters; each one's secretary on the meeting date reports."""
    ensure_preparing(campaign)
    organizations = list(organizations)
    secretaries = secretaries_on(organizations, campaign.meeting_date)
    taken = set(campaign.reporters.values_list("organization_id", flat=True))
    problems = []
    for organization in organizations:
        if organization.pk == campaign.host_id or not tree_paths.is_within(
            organization.path, campaign.host.path
        ):
            problems.append(
                _("%(org)s is not subordinate to %(host)s.")
                % {"org": organization.name, "host": campaign.host.name}
            )
        elif organization.pk in taken:
            problems.append(_("%(org)s is already a reporter.") % {"org": organization.name})
        elif organization.pk not in secretaries:
            problems.append(
                _("%(org)s has no secretary on %(date)s; appoint one first.")
                % {"org": organization.name, "date": campaign.meeting_date.isoformat()}
            )
    if problems:
        raise CampaignError(" ".join(problems))
    added = []
    order = _next_speaking_order(campaign)
    for organization in organizations:
        on_site = mode == ReportMode.ON_SITE
        added.append(
            Reporter.objects.create(
                campaign=campaign,
                organization=organization,
                person=secretaries[organization.pk].person,
                mode=mode,
                speaking_order=order if on_site else None,
            )
        )
        order += on_site
    _record_reporters(
        campaign,
        user,
        None,
        {"added": [organization.name for organization in organizations], "mode": mode},
        campaign.title,
    )
    return added


def _renumber(campaign: Campaign, ordered_ids: list[int]) -> None:
    # Clear first: the places are unique, so a swap would collide halfway.
    campaign.reporters.update(speaking_order=None)
    for place, reporter_id in enumerate(ordered_ids, start=1):
        Reporter.objects.filter(pk=reporter_id).update(speaking_order=place)


def _on_site_ids(campaign: Campaign) -> list[int]:
    return list(
        campaign.reporters.filter(mode=ReportMode.ON_SITE)
        .order_by("speaking_order", "pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def reporter_set_mode(*, reporter: Reporter, mode: str, user=None) -> Reporter:
    campaign = reporter.campaign
    ensure_preparing(campaign)
    if mode == reporter.mode:
        return reporter
    _record_reporters(campaign, user, {"mode": reporter.mode}, {"mode": mode}, reporter.organization.name)
    ids = [pk for pk in _on_site_ids(campaign) if pk != reporter.pk]
    Reporter.objects.filter(pk=reporter.pk).update(mode=mode)
    if mode == ReportMode.ON_SITE:
        ids.append(reporter.pk)
    _renumber(campaign, ids)
    reporter.refresh_from_db()
    return reporter


@transaction.atomic
def speaking_order_move(*, reporter: Reporter, offset: int) -> None:
    """Move an on-site reporter up (negative offset) or down the agenda."""
    campaign = reporter.campaign
    ensure_preparing(campaign)
    if not reporter.is_on_site:
        raise CampaignError(_("Only on-site reporters have a speaking order."))
    ids = _on_site_ids(campaign)
    index = ids.index(reporter.pk)
    target = max(0, min(len(ids) - 1, index + offset))
    ids.insert(target, ids.pop(index))
    _renumber(campaign, ids)


@transaction.atomic
def speaking_order_set(*, campaign: Campaign, reporter_ids: list[int]) -> None:
    """Set the whole speaking order; the meeting's agenda may still change it on the day."""
    ensure_writable(campaign)
    if campaign.state not in (CampaignState.PREPARING, CampaignState.MEETING):
        raise CampaignError(_("The speaking order can no longer change: the evaluation has begun."))
    if sorted(reporter_ids) != sorted(_on_site_ids(campaign)):
        raise CampaignError(_("The new order must list every on-site reporter exactly once."))
    _renumber(campaign, reporter_ids)


@transaction.atomic
def reporter_remove(*, reporter: Reporter, user=None) -> None:
    campaign = reporter.campaign
    ensure_preparing(campaign)
    if hasattr(reporter, "report") and reporter.report.versions.exists():
        raise CampaignError(
            _("%(org)s has already submitted a report; it cannot be removed.")
            % {"org": reporter.organization.name}
        )
    _record_reporters(
        campaign, user, {"removed": reporter.organization.name, "mode": reporter.mode}, None, campaign.title
    )
    reporter.delete()
    _renumber(campaign, _on_site_ids(campaign))


def _ensure_indicators_free(campaign: Campaign) -> None:
    if problems := guards.indicator_problems(campaign):
        raise CampaignError(" ".join(problems))


def indicator_add(*, campaign: Campaign, name: str, unit: str = "") -> KeyIndicator:
    ensure_preparing(campaign)
    _ensure_indicators_free(campaign)
    name = tidy(name)
    if not name:
        raise CampaignError(_("Give the indicator a name."))
    if campaign.indicators.filter(name=name).exists():
        raise CampaignError(_("The campaign already has an indicator named “%(name)s”.") % {"name": name})
    position = (campaign.indicators.aggregate(top=Max("position"))["top"] or 0) + 1
    return KeyIndicator.objects.create(campaign=campaign, name=name, unit=tidy(unit), position=position)


def indicator_remove(*, indicator: KeyIndicator) -> None:
    ensure_preparing(indicator.campaign)
    _ensure_indicators_free(indicator.campaign)
    indicator.delete()


@transaction.atomic
def campaign_advance(*, campaign: Campaign, user, reason: str = "") -> Campaign:
    """Move the campaign to its next state, after that step's checks."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    ensure_writable(campaign)
    target = campaign.next_state
    reason = tidy(reason)
    if campaign.state == CampaignState.PREPARING and not campaign.reporters.exists():
        raise CampaignError(_("Add reporters before the meeting."))
    if problems := steps.problems_before_leaving(campaign, reason):
        raise CampaignError(" ".join(problems))
    CampaignTransition.objects.create(
        campaign=campaign, from_state=campaign.state, to_state=target, actor=user, reason=reason
    )
    campaign_entry_record(
        campaign=campaign,
        action=Action.CAMPAIGN_ADVANCED,
        actor=user,
        before={"state": campaign.state},
        after={"state": target, "reason": reason},
    )
    campaign.state = target
    campaign.save(update_fields=["state"])
    return campaign
