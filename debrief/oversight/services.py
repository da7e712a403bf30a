"""Writes of oversight: exempting a host from a year's campaign, and lifting the exemption."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from debrief.audit.models import Action
from debrief.audit.services import entry_record
from debrief.lib.errors import DomainError
from debrief.lib.text import tidy
from debrief.orgs.models import Organization

from .models import HostExemption


class OversightError(DomainError):
    """A change oversight refuses; the message is for the user."""


@transaction.atomic
def host_exempt(*, organization: Organization, year: int, reason: str, user) -> HostExemption:
    """The organization is not expected to hold the year's campaign, for the reason given."""
    reason = tidy(reason)
    if not reason:
        raise OversightError(_("Say why %(name)s holds no campaign this year.") % {"name": organization.name})
    if len(reason) > 200:
        raise OversightError(_("The reason may have at most 200 characters."))
    if organization.campaigns.filter(year=year).exists():
        raise OversightError(
            _("%(name)s already holds its %(year)d campaign; it cannot be exempted.")
            % {"name": organization.name, "year": year}
        )
    try:
        with transaction.atomic():
            exemption = HostExemption.objects.create(
                organization=organization, year=year, reason=reason, created_by=user
            )
    except IntegrityError:
        raise OversightError(
            _("%(name)s is already exempted for %(year)d.") % {"name": organization.name, "year": year}
        ) from None
    entry_record(
        action=Action.HOST_EXEMPTED,
        actor=user,
        organization=organization,
        obj=exemption,
        after={"year": year, "reason": reason},
    )
    return exemption


@transaction.atomic
def host_exemption_remove(*, exemption: HostExemption, user) -> None:
    entry_record(
        action=Action.HOST_EXEMPTION_REMOVED,
        actor=user,
        organization=exemption.organization,
        obj=exemption,
        before={"year": exemption.year, "reason": exemption.reason},
    )
    exemption.delete()
