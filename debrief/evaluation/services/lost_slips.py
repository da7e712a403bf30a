"""Voiding the code of a lost slip, found by the serial printed on it.

A slip that goes missing before its holder votes must not admit a ballot in other hands: its code
is voided, and a new slip is issued if the evaluator still needs one. Only an unused code can be
voided, so voiding never touches a ballot; the integrity check then holds issued = used + unused +
voided.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from debrief.audit.models import Action
from debrief.audit.services import campaign_entry_record
from debrief.lib.text import tidy

from ..models import BallotCode, Evaluation, EvaluationEvent, EvaluatorCategory
from .errors import EvaluationError

VOID_REASON_MAX = 200


@transaction.atomic
def code_void(
    *, evaluation: Evaluation, category: EvaluatorCategory, serial: int, reason: str, user=None
) -> BallotCode:
    """Void the unused code of the category's slip numbered `serial`, recording who, when and why."""
    evaluation.refresh_from_db(fields=["state"])
    if evaluation.is_closed:
        raise EvaluationError(_("Voting is closed; codes can no longer be voided."))
    if category.evaluation_id != evaluation.pk:
        raise EvaluationError(_("That category belongs to another evaluation."))
    reason = tidy(reason)
    if not reason:
        raise EvaluationError(_('Give the reason for voiding the code, for example "slip lost".'))
    if len(reason) > VOID_REASON_MAX:
        raise EvaluationError(_("The reason has at most %(most)d characters.") % {"most": VOID_REASON_MAX})
    code = BallotCode.objects.select_for_update().filter(category=category, serial=serial).first()
    if code is None:
        raise EvaluationError(_unknown_serial(category, serial))
    names = {"serial": serial, "category": category.name}
    if code.used:
        raise EvaluationError(
            _(
                'The code of slip %(serial)d of "%(category)s" has already been used to vote, so it '
                "cannot be voided: its ballot counts."
            )
            % names
        )
    if code.is_voided:
        raise EvaluationError(
            _('The code of slip %(serial)d of "%(category)s" was already voided on %(at)s.')
            % {**names, "at": formats.date_format(timezone.localtime(code.voided_at), "Y-m-d H:i")}
        )
    code.voided_at = timezone.now()
    code.voided_by = user if user is not None and user.is_authenticated else None
    code.void_reason = reason
    code.save(update_fields=["voided_at", "voided_by", "void_reason"])
    where = f" @ {code.venue}" if code.venue else ""
    EvaluationEvent.objects.create(
        evaluation=evaluation,
        action=EvaluationEvent.Action.CODE_VOIDED,
        actor=code.voided_by,
        details=f"{category.name}{where} #{serial}: {reason}",
    )
    campaign_entry_record(
        campaign=evaluation.campaign,
        action=Action.BALLOT_CODE_VOIDED,
        actor=user,
        obj=code,
        label=f"{category.name} #{serial}",
        after={"category": category.name, "serial": serial, "venue": code.venue, "reason": reason},
    )
    return code


def _unknown_serial(category: EvaluatorCategory, serial: int) -> str:
    last = BallotCode.objects.filter(category=category).aggregate(last=Max("serial"))["last"]
    if last is None:
        return _('No codes of "%(category)s" have been issued, so there is no slip %(serial)d.') % {
            "category": category.name,
            "serial": serial,
        }
    return _(
        'No slip of "%(category)s" has the serial %(serial)d; the highest issued is %(last)d. '
        "Check the category and the small number at the slip's lower right."
    ) % {"category": category.name, "serial": serial, "last": last}
