"""Issuing ballot codes and opening the vote."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from debrief.audit.models import Action
from debrief.audit.services import campaign_entry_record
from debrief.campaigns.models import CampaignState
from debrief.lib import ballot_codes

from .. import code_selectors
from ..models import (
    VENUE_LABEL_MAX,
    BallotCode,
    BoxCount,
    Evaluation,
    EvaluationEvent,
    EvaluationState,
    EvaluatorCategory,
)
from .errors import EvaluationError
from .scheme import ensure_scheme_complete

MAX_CODES_PER_ISSUE = 2000
# Campaign states in which voting may open: the reporters are fixed and the meeting is on.
VOTING_STATES = (CampaignState.MEETING, CampaignState.EVALUATING)


def code_key() -> bytes:
    """The key of the code hashes: its own setting, or derived from the secret key."""
    configured = getattr(settings, "DEBRIEF_BALLOT_CODE_KEY", "")
    if configured:
        return configured.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"debrief ballot codes", hashlib.sha256).digest()


class IssuedCodes(list):
    """The clear codes just issued, in serial order from `first_serial`."""

    def __init__(self, codes: list[str], first_serial: int):
        super().__init__(codes)
        self.first_serial = first_serial


@transaction.atomic
def codes_issue(
    *, evaluation: Evaluation, category: EvaluatorCategory, count: int, user=None, venue: str = ""
) -> IssuedCodes:
    """New one-time codes for a category, at the main venue or at the sub-venue whose short code is
    `venue`. The clear codes exist only in the return value. Serials run on per category whatever
    the venue, so a slip's serial still counts the category's slips."""
    venue = venue.strip()
    if len(venue) > VENUE_LABEL_MAX:
        raise EvaluationError(
            _("A venue's code has at most %(most)d characters.") % {"most": VENUE_LABEL_MAX}
        )
    evaluation.refresh_from_db(fields=["state"])
    if evaluation.is_closed:
        raise EvaluationError(_("Voting is closed; no more codes can be issued."))
    if category.evaluation_id != evaluation.pk:
        raise EvaluationError(_("That category belongs to another evaluation."))
    if not 1 <= count <= MAX_CODES_PER_ISSUE:
        raise EvaluationError(_("Issue from 1 to %(most)d codes at a time.") % {"most": MAX_CODES_PER_ISSUE})
    key = code_key()
    last = BallotCode.objects.select_for_update().filter(category=category).order_by("-serial").first()
    start = (last.serial if last else 0) + 1
    codes: list[str] = []
    hashes: set[str] = set()
    while len(codes) < count:
        code = ballot_codes.generate_code()
        digest = ballot_codes.code_hash(code, key)
        if digest not in hashes:
            codes.append(code)
            hashes.add(digest)
    if BallotCode.objects.filter(code_hash__in=hashes).exists():  # 31^9 codes: never in practice
        raise EvaluationError(_("A code collided with an earlier one; issue the codes again."))
    excess = code_selectors.codes_excess(category, count)  # before these codes count as issued
    BallotCode.objects.bulk_create(
        BallotCode(
            evaluation=evaluation,
            category=category,
            code_hash=ballot_codes.code_hash(code, key),
            serial=start + i,
            venue=venue,
        )
        for i, code in enumerate(codes)
    )
    where = f" @ {venue}" if venue else ""
    details = f"{category.name}{where}: {count} ({start}–{start + count - 1})"
    if excess is not None:  # issued deliberately beyond the expected evaluators: the record says so
        details += " · " + _("%(live)d codes for %(expected)d expected evaluators") % {
            "live": excess.live_after,
            "expected": excess.expected,
        }
    EvaluationEvent.objects.create(
        evaluation=evaluation, action=EvaluationEvent.Action.CODES_ISSUED, actor=user, details=details
    )
    return IssuedCodes(codes, start)


@transaction.atomic
def venue_codes_withdraw(*, evaluation: Evaluation, venue: str, user=None) -> int:
    """Withdraw a sub-venue's unused codes, as the venue leaves the meeting; refused once one of
    them admitted a ballot (that turnout is part of the count). Returns how many were withdrawn."""
    if not venue:
        raise EvaluationError(_("The main venue's codes cannot be withdrawn."))
    codes = BallotCode.objects.select_for_update().filter(evaluation=evaluation, venue=venue)
    used = codes.filter(used=True).count()
    if used:
        raise EvaluationError(
            ngettext(
                "%(used)d of the venue's codes has been used to vote; a venue whose attendees "
                "voted stays with the meeting.",
                "%(used)d of the venue's codes have been used to vote; a venue whose attendees "
                "voted stays with the meeting.",
                used,
            )
            % {"used": used}
        )
    withdrawn, _deleted = codes.delete()
    if withdrawn:
        EvaluationEvent.objects.create(
            evaluation=evaluation,
            action=EvaluationEvent.Action.CODES_WITHDRAWN,
            actor=user,
            details=f"@ {venue}: {withdrawn}",
        )
    return withdrawn


@transaction.atomic
def voting_open(*, evaluation: Evaluation, user=None) -> Evaluation:
    evaluation = Evaluation.objects.select_for_update().select_related("campaign").get(pk=evaluation.pk)
    if not evaluation.is_setup:
        raise EvaluationError(_("Voting has already been opened."))
    campaign = evaluation.campaign
    if campaign.state not in VOTING_STATES:
        raise EvaluationError(
            _(
                "Voting opens at the meeting: move the campaign to “Meeting” or “Evaluating” first (it is “%(state)s”)."
            )
            % {"state": campaign.get_state_display()}
        )
    if not campaign.reporters.exists():
        raise EvaluationError(_("The campaign has no reporters to evaluate."))
    ensure_scheme_complete(evaluation)
    evaluation.state = EvaluationState.OPEN
    evaluation.opened_at = timezone.now()
    evaluation.save(update_fields=["state", "opened_at"])
    BoxCount.objects.bulk_create(  # the running counts every batch of ballots adds to
        BoxCount(evaluation=evaluation, category=category) for category in evaluation.categories.all()
    )
    campaign_entry_record(
        campaign=campaign,
        action=Action.EVALUATION_OPENED,
        actor=user,
        obj=evaluation,
        after={"codes_issued": evaluation.codes.count()},
    )
    EvaluationEvent.objects.create(evaluation=evaluation, action=EvaluationEvent.Action.OPENED, actor=user)
    return evaluation
