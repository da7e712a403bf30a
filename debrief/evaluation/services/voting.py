"""Casting a ballot: a code is looked up, checked and consumed with its sealed ballot in one transaction.

The ballot reaches the ballot box later, in a batch (ballot_box.py): nothing that transaction
writes can be read back as the ballot, and the box's rows are never written with a code's update.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from math import floor

from django.db import transaction
from django.utils.translation import gettext as _

from debrief.campaigns.selectors import reporters_in_order
from debrief.lib import ballot_codes
from debrief.lib.text import join_names

from ..models import BallotCode, Evaluation, EvaluationState, Rating
from ..shares import parse_share
from . import ballot_box
from .errors import VoteError
from .opening import code_key


def _voided() -> VoteError:
    return VoteError(
        _("This code has been voided because its slip was reported lost; ask the organizer for a new slip."),
        "voided",
    )


def _code_error(error: ballot_codes.CodeFormatError) -> VoteError:
    kind = ballot_codes.CodeErrorKind
    if error.kind is kind.EMPTY:
        message = _("Enter the code printed on your slip.")
    elif error.kind is kind.WRONG_LENGTH:
        message = _("A code has %(expected)d letters and digits; %(length)d were entered.") % {
            "expected": error.expected_length,
            "length": error.length,
        }
    elif error.kind is kind.INVALID_CHARACTER:
        message = _(
            "“%(character)s” (position %(position)d) does not occur in codes; codes use digits 2–9 and capital letters without I, L, O."
        ) % {"character": error.character, "position": error.position}
    else:
        message = _("The code is mistyped (its check character does not match); look at the slip again.")
    return VoteError(message, "mistyped")


def code_lookup(text: str) -> BallotCode:
    """The unused code of an open evaluation, or a VoteError saying exactly what is wrong."""
    try:
        code = ballot_codes.normalize(text)
    except ballot_codes.CodeFormatError as error:
        raise _code_error(error) from None
    found = (
        BallotCode.objects.select_related("evaluation", "evaluation__campaign", "category")
        .filter(code_hash=ballot_codes.code_hash(code, code_key()))
        .first()
    )
    if found is None:
        raise VoteError(_("This code is not known. Check it against your slip."), "unknown")
    _check_voting(found)
    return found


def _check_voting(code: BallotCode) -> None:
    evaluation = code.evaluation
    if evaluation.is_setup:
        raise VoteError(_("Voting has not opened yet. Wait for the organizer to open it."), "not_open")
    if evaluation.is_closed:
        raise VoteError(_("Voting has closed; ballots are no longer accepted."), "closed")
    if code.used:
        raise VoteError(_("This code has already been used; each code admits one ballot."), "used")
    if code.is_voided:
        raise _voided()


def excellent_cap_count(evaluation: Evaluation, reporters: int) -> int | None:
    """How many reporters one ballot may rate “excellent”; None without a cap."""
    cap = parse_share(evaluation.ballot_excellent_cap)
    return None if cap is None else floor(cap * reporters)


def _normalized_ratings(
    evaluation: Evaluation, ratings: Mapping[int, Sequence[str | None]]
) -> dict[str, list]:
    """The ballot as stored, or a VoteError naming what is missing or not allowed."""
    # Ids and names only: this runs for every ballot submitted.
    reporters = list(reporters_in_order(evaluation.campaign).values_list("pk", "person__name"))
    width = 1 + evaluation.sub_indicators.count()
    known = {pk for pk, _name in reporters}
    if strangers := [key for key in ratings if key not in known]:
        raise VoteError(
            _("The ballot names reporters who are not in this evaluation: %(ids)s.") % {"ids": strangers},
            "invalid",
        )
    stored: dict[str, list] = {}
    missing = []
    for pk, name in reporters:
        given = list(ratings.get(pk) or [])
        if any(value is not None for value in given[width:]):
            raise VoteError(_("The ballot rates more indicators than the scheme has."), "invalid")
        given = given[:width] + [None] * (width - len(given))
        if any(value not in Rating.values and value is not None for value in given):
            raise VoteError(_("A rating must be excellent, good, fair or poor."), "invalid")
        if given[0] is None:
            missing.append(name)
        stored[str(pk)] = given
    if missing:
        raise VoteError(
            _("Give every reporter an overall rating; missing: %(names)s.") % {"names": join_names(missing)},
            "incomplete",
        )
    overall = [values[0] for values in stored.values()]
    allowed = excellent_cap_count(evaluation, len(overall))
    if allowed is not None:
        given = overall.count(Rating.EXCELLENT)
        if given > allowed:
            raise VoteError(
                _(
                    "At most %(allowed)d of the %(total)d reporters may be rated “excellent” on one ballot; this ballot rates %(given)d. Change %(over)d of them."
                )
                % {"allowed": allowed, "total": len(overall), "given": given, "over": given - allowed},
                "over_cap",
            )
    if evaluation.refuse_uniform_ballots and len(overall) > 1 and len(set(overall)) == 1:
        raise VoteError(
            _("This evaluation does not accept a ballot that gives every reporter the same overall rating."),
            "uniform",
        )
    return stored


def ballot_cast(
    *, code_text: str, ratings: Mapping[int, Sequence[str | None]], code: BallotCode | None = None
) -> str:
    """Consume the code and store its ballot, sealed, in one transaction; returns the receipt code.

    `ratings` maps reporter id to the ratings of [overall, sub-indicator 1, ...]. A refused ballot
    raises VoteError and stores nothing. Concurrent submissions of one code: exactly one wins.
    A caller that has looked `code_text` up already passes what `code_lookup` returned as `code`,
    so it is not looked up again; the transaction checks anew that voting is open and it is unused.
    Once it has committed, a batch of waiting ballots may go into the box, in a transaction of its own.
    """
    found = code or code_lookup(code_text)
    evaluation = found.evaluation
    stored = _normalized_ratings(evaluation, ratings)
    with transaction.atomic():
        # Closing locks the evaluation for update: no ballot slips in while it counts, none after.
        if ballot_box.voting_state(evaluation.pk) != EvaluationState.OPEN:
            raise VoteError(_("Voting has closed; ballots are no longer accepted."), "closed")
        consumed = BallotCode.objects.filter(pk=found.pk, used=False, voided_at__isnull=True).update(
            used=True
        )
        if consumed != 1:
            if BallotCode.objects.filter(pk=found.pk, voided_at__isnull=False).exists():
                raise _voided()
            raise VoteError(_("This code has already been used; each code admits one ballot."), "used")
        return ballot_box.ballot_stage(
            evaluation_id=evaluation.pk, category_id=found.category_id, ratings=stored
        )
