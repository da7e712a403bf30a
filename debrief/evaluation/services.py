"""Writes to an evaluation: scheme, codes, opening, ballots, paper tallies, closing, routine scores."""

from __future__ import annotations

import hashlib
import hmac
import json
import random
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from math import floor

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from debrief.campaigns.models import Campaign, CampaignState
from debrief.campaigns.selectors import reporters_in_order
from debrief.lib import ballot_codes, tally
from debrief.lib.errors import DomainError
from debrief.lib.text import join_names

from . import selectors
from .models import (
    Ballot,
    BallotCode,
    Evaluation,
    EvaluationEvent,
    EvaluationState,
    EvaluatorCategory,
    PaperTally,
    Rating,
    Receipt,
    RoutineScore,
    SavedScheme,
    SchemeSettings,
    SubIndicator,
)
from .shares import parse_share

MAX_CODES_PER_ISSUE = 2000
# Campaign states in which voting may open: the reporters are fixed and the meeting is on.
VOTING_STATES = (CampaignState.MEETING, CampaignState.EVALUATING)
ROUTINE_EDITABLE_STATES = (CampaignState.PREPARING, CampaignState.MEETING, CampaignState.EVALUATING)


class EvaluationError(DomainError):
    """A change the evaluation's rules refuse; the message is for the user."""


class VoteError(EvaluationError):
    """A ballot or code is refused; nothing was stored. `kind` tells tests and pages which case."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind


def code_key() -> bytes:
    """The key of the code hashes: its own setting, or derived from the secret key."""
    configured = getattr(settings, "DEBRIEF_BALLOT_CODE_KEY", "")
    if configured:
        return configured.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"debrief ballot codes", hashlib.sha256).digest()


# --- Setting up -----------------------------------------------------------------------------


def default_categories() -> list[tuple[str, Decimal]]:
    return [
        (_("Host leadership team"), Decimal(30)),
        (_("Secretaries and department heads"), Decimal(40)),
        (_("Party member and masses representatives"), Decimal(30)),
    ]


def evaluation_set_up(campaign: Campaign) -> Evaluation:
    """The campaign's evaluation, created from the defaults the first time."""
    with transaction.atomic():
        evaluation, created = Evaluation.objects.get_or_create(campaign=campaign)
        if created:
            for position, (name, weight) in enumerate(default_categories()):
                EvaluatorCategory.objects.create(
                    evaluation=evaluation, name=name, weight=weight, position=position
                )
    return evaluation


def _ensure_setup(evaluation: Evaluation) -> None:
    evaluation.refresh_from_db(fields=["state"])
    if not evaluation.is_setup:
        raise EvaluationError(_("The scheme can be changed only before voting opens."))
    if evaluation.campaign.is_archived:
        raise EvaluationError(_("The campaign is archived and can no longer be changed."))


def _check_scheme(evaluation: Evaluation) -> None:
    points = list(evaluation.points.values())
    if not all(higher > lower for higher, lower in pairwise(points)):
        raise EvaluationError(_("Points must fall from “excellent” to “poor”."))
    bands = [evaluation.band_excellent, evaluation.band_good, evaluation.band_fair]
    if not all(higher > lower for higher, lower in pairwise(bands)):
        raise EvaluationError(_("The lowest scores of the grades must fall from “excellent” to “fair”."))
    try:
        selectors.tally_scheme(evaluation)
    except tally.SchemeError as error:  # a rule the checks above do not yet phrase for users
        raise EvaluationError(str(error)) from error


def scheme_update(*, evaluation: Evaluation, **values) -> Evaluation:
    _ensure_setup(evaluation)
    unknown = set(values) - set(SchemeSettings.SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"not scheme settings: {sorted(unknown)}")
    for name, value in values.items():
        setattr(evaluation, name, value)
    evaluation.full_clean(exclude=["campaign", "closed_by"])
    _check_scheme(evaluation)
    evaluation.save()
    return evaluation


def _clean_categories(
    rows: Sequence[tuple[str, Decimal, int | None]],
) -> list[tuple[str, Decimal, int | None]]:
    cleaned = [(name.strip(), weight, expected) for name, weight, expected in rows if name.strip()]
    if not cleaned:
        raise EvaluationError(_("Name at least one evaluator category."))
    names = [name for name, _weight, _expected in cleaned]
    if repeated := sorted({name for name in names if names.count(name) > 1}):
        raise EvaluationError(
            _("Each category needs its own name: %(names)s repeated.") % {"names": join_names(repeated)}
        )
    if any(weight is None or weight <= 0 for _name, weight, _expected in cleaned):
        raise EvaluationError(_("Every category needs a weight above 0."))
    total = sum(weight for _name, weight, _expected in cleaned)
    if total != 100:
        raise EvaluationError(
            _("The category weights must add up to 100%%; they add up to %(total)s%%.")
            % {"total": f"{total.normalize():f}"}
        )
    return cleaned


@transaction.atomic
def categories_set(*, evaluation: Evaluation, rows: Sequence[tuple[str, Decimal, int | None]]) -> None:
    """Replace the evaluator categories (name, weight %, expected evaluators or None)."""
    _ensure_setup(evaluation)
    cleaned = _clean_categories(rows)
    existing = {category.name: category for category in evaluation.categories.all()}
    keep = {name for name, _weight, _expected in cleaned}
    dropped = [category for name, category in existing.items() if name not in keep]
    if in_use := [c.name for c in dropped if c.codes.exists()]:
        raise EvaluationError(
            _("Codes have been issued for %(names)s; such a category cannot be removed.")
            % {"names": join_names(in_use)}
        )
    for category in dropped:
        category.delete()
    for position, (name, weight, expected) in enumerate(cleaned):
        category = existing.get(name) or EvaluatorCategory(evaluation=evaluation, name=name)
        category.weight, category.expected, category.position = weight, expected, position
        category.save()


@transaction.atomic
def sub_indicators_set(*, evaluation: Evaluation, names: Sequence[str]) -> None:
    _ensure_setup(evaluation)
    names = [name.strip() for name in names if name.strip()]
    if repeated := sorted({name for name in names if names.count(name) > 1}):
        raise EvaluationError(
            _("Each indicator needs its own name: %(names)s repeated.") % {"names": join_names(repeated)}
        )
    if too_long := [name for name in names if len(name) > 60]:
        raise EvaluationError(
            _("Indicator names are limited to 60 characters: %(names)s.") % {"names": join_names(too_long)}
        )
    evaluation.sub_indicators.all().delete()
    SubIndicator.objects.bulk_create(
        SubIndicator(evaluation=evaluation, name=name, position=position)
        for position, name in enumerate(names, start=1)
    )


def scheme_save(*, evaluation: Evaluation, name: str) -> SavedScheme:
    name = name.strip()
    if not name:
        raise EvaluationError(_("Give the scheme a name."))
    values = {field: getattr(evaluation, field) for field in SchemeSettings.SETTINGS_FIELDS}
    values["categories"] = [{"name": c.name, "weight": str(c.weight)} for c in evaluation.categories.all()]
    values["sub_indicators"] = list(evaluation.sub_indicators.values_list("name", flat=True))
    scheme, _created = SavedScheme.objects.update_or_create(
        host=evaluation.campaign.host, name=name, defaults=values
    )
    return scheme


@transaction.atomic
def scheme_apply(*, evaluation: Evaluation, scheme: SavedScheme) -> None:
    _ensure_setup(evaluation)
    scheme_update(
        evaluation=evaluation, **{field: getattr(scheme, field) for field in SchemeSettings.SETTINGS_FIELDS}
    )
    categories_set(
        evaluation=evaluation,
        rows=[(c["name"], Decimal(c["weight"]), None) for c in scheme.categories],
    )
    sub_indicators_set(evaluation=evaluation, names=scheme.sub_indicators)


# --- Codes, opening -------------------------------------------------------------------------------


class IssuedCodes(list):
    """The clear codes just issued, in serial order from `first_serial`."""

    def __init__(self, codes: list[str], first_serial: int):
        super().__init__(codes)
        self.first_serial = first_serial


@transaction.atomic
def codes_issue(*, evaluation: Evaluation, category: EvaluatorCategory, count: int, user=None) -> IssuedCodes:
    """New one-time codes for a category. The clear codes exist only in the return value."""
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
    BallotCode.objects.bulk_create(
        BallotCode(
            evaluation=evaluation,
            category=category,
            code_hash=ballot_codes.code_hash(code, key),
            serial=start + i,
        )
        for i, code in enumerate(codes)
    )
    EvaluationEvent.objects.create(
        evaluation=evaluation,
        action=EvaluationEvent.Action.CODES_ISSUED,
        actor=user,
        details=f"{category.name}: {count} ({start}–{start + count - 1})",
    )
    return IssuedCodes(codes, start)


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
    _clean_categories([(c.name, c.weight, c.expected) for c in evaluation.categories.all()])
    _check_scheme(evaluation)
    evaluation.state = EvaluationState.OPEN
    evaluation.opened_at = timezone.now()
    evaluation.save(update_fields=["state", "opened_at"])
    EvaluationEvent.objects.create(evaluation=evaluation, action=EvaluationEvent.Action.OPENED, actor=user)
    return evaluation


# --- Voting ---------------------------------------------------------------------------------------


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


def _lock_evaluation_for_voting(evaluation_id: int) -> None:
    # Votes share the lock (they run side by side); closing takes it exclusively, so no ballot
    # slips in while the close counts, and none is stored after it.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {Evaluation._meta.db_table} WHERE id = %s FOR SHARE", [evaluation_id]
            )


def ballot_cast(*, code_text: str, ratings: Mapping[int, Sequence[str | None]]) -> str:
    """Store one ballot and consume its code in one transaction; returns the receipt code.

    `ratings` maps reporter id to the ratings of [overall, sub-indicator 1, ...]. A refused ballot
    raises VoteError and stores nothing. Concurrent submissions of one code: exactly one wins.
    """
    found = code_lookup(code_text)
    evaluation = found.evaluation
    stored = _normalized_ratings(evaluation, ratings)
    with transaction.atomic():
        _lock_evaluation_for_voting(evaluation.pk)
        if not Evaluation.objects.filter(pk=evaluation.pk, state=EvaluationState.OPEN).exists():
            raise VoteError(_("Voting has closed; ballots are no longer accepted."), "closed")
        consumed = BallotCode.objects.filter(pk=found.pk, used=False).update(used=True)
        if consumed != 1:
            raise VoteError(_("This code has already been used; each code admits one ballot."), "used")
        Ballot.objects.create(evaluation=evaluation, category_id=found.category_id, ratings=stored)
        receipt = ballot_codes.receipt_code()
        while Receipt.objects.filter(evaluation=evaluation, code=receipt).exists():
            receipt = ballot_codes.receipt_code()
        Receipt.objects.create(evaluation=evaluation, code=receipt)
    return receipt


# --- Paper ballots --------------------------------------------------------------------------------


def _read_paper_counts(reporters, ballots: int, counts: Mapping[int, Mapping[str, object]]) -> dict:
    table, problems = {}, []
    for reporter in reporters:
        row = {}
        for rating in Rating.values:
            value = (counts.get(reporter.pk) or {}).get(rating, 0)
            try:
                number = int(str(value).strip() or 0)
            except ValueError:
                number = -1
            if number < 0:
                problems.append(
                    _("%(name)s: “%(value)s” is not a number of ballots")
                    % {"name": reporter.person.name, "value": value}
                )
                number = 0
            row[rating] = number
        if sum(row.values()) != ballots:
            problems.append(
                _("%(name)s: the counts add up to %(sum)d, not to the %(ballots)d paper ballots")
                % {"name": reporter.person.name, "sum": sum(row.values()), "ballots": ballots}
            )
        table[str(reporter.pk)] = row
    if problems:
        raise EvaluationError(
            _("The paper tally was not saved: %(problems)s.") % {"problems": "；".join(problems)}
        )
    return table


@transaction.atomic
def paper_tally_enter(
    *,
    evaluation: Evaluation,
    category: EvaluatorCategory,
    user,
    ballots: int,
    counts: Mapping[int, Mapping[str, object]],
) -> PaperTally:
    """One organizer's entry of a category's paper ballots (counts per reporter and rating).

    The first organizer's entry is entry 1; another organizer's independent entry is entry 2; each
    may correct their own. The tally counts only when the two match exactly.
    """
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if not evaluation.is_open:
        raise EvaluationError(_("Paper tallies are entered while voting is open, before it closes."))
    if category.evaluation_id != evaluation.pk:
        raise EvaluationError(_("That category belongs to another evaluation."))
    if ballots < 0:
        raise EvaluationError(_("The number of paper ballots cannot be negative."))
    table = _read_paper_counts(list(reporters_in_order(evaluation.campaign)), ballots, counts)
    entries = {t.entry: t for t in PaperTally.objects.filter(category=category)}
    mine = next((t for t in entries.values() if t.entered_by_id == user.pk), None)
    if mine is None and len(entries) >= 2:
        raise EvaluationError(_("Two organizers have already entered this category's paper ballots."))
    tally_row = mine or PaperTally(
        evaluation=evaluation, category=category, entry=1 if 1 not in entries else 2, entered_by=user
    )
    tally_row.ballots, tally_row.counts = ballots, table
    tally_row.save()
    return tally_row


# --- Closing --------------------------------------------------------------------------------------


def _shuffle_rows(model, evaluation: Evaluation, fields: Sequence[str]) -> None:
    """Rewrite the rows in random order under new random ids: storage order then says nothing."""
    rows = list(model.objects.filter(evaluation=evaluation).values(*fields))
    random.SystemRandom().shuffle(rows)
    model.objects.filter(evaluation=evaluation).delete()
    model.objects.bulk_create(model(evaluation=evaluation, **row) for row in rows)


def paper_digest(tallies: Sequence[PaperTally]) -> str:
    canonical = sorted(
        json.dumps(
            {"category": t.category.name, "ballots": t.ballots, "counts": t.counts},
            sort_keys=True,
            ensure_ascii=False,
        )
        for t in tallies
    )
    return hashlib.sha256(("[" + ",".join(canonical) + "]").encode()).hexdigest()


@transaction.atomic
def voting_close(*, evaluation: Evaluation, user, override_reason: str = "") -> Evaluation:
    """Close voting: check integrity and quorum, shuffle the ballot box, freeze the digests."""
    evaluation = Evaluation.objects.select_for_update().select_related("campaign").get(pk=evaluation.pk)
    if not evaluation.is_open:
        raise EvaluationError(_("Voting is not open."))
    paper = selectors.paper_status(evaluation)
    if unsettled := [row.category.name for row in paper if row.entries and not row.matched]:
        raise EvaluationError(
            _("The paper tallies of %(names)s are not yet confirmed by two matching entries.")
            % {"names": join_names(unsettled)}
        )
    check = selectors.integrity_check(evaluation)
    if not check.ok:
        raise EvaluationError(
            _(
                "The integrity check failed (codes issued %(issued)d, used %(used)d, ballots %(ballots)d, receipts %(receipts)d); the evaluation cannot be closed. Call the system administrator."
            )
            % check.figures
        )
    turnout = selectors.turnout(evaluation)
    reason = override_reason.strip()
    if not turnout.quorum_met and not reason:
        raise EvaluationError(
            _(
                "Only %(voted)d of %(expected)d expected evaluators have voted, not more than %(quorum)s of them. To close anyway, give the reason."
            )
            % {"voted": turnout.voted, "expected": turnout.expected, "quorum": turnout.quorum_label}
        )
    _shuffle_rows(Ballot, evaluation, ["category_id", "ratings"])
    _shuffle_rows(Receipt, evaluation, ["code"])
    evaluation.ballots_digest = selectors.ballots_digest(evaluation)
    counted_paper = [row.counted for row in paper if row.counted]
    evaluation.paper_digest = paper_digest(counted_paper) if counted_paper else ""
    evaluation.close_check = {**check.figures, "voted": turnout.voted, "expected": turnout.expected}
    evaluation.quorum_override_reason = "" if turnout.quorum_met else reason
    evaluation.state = EvaluationState.CLOSED
    evaluation.closed_at = timezone.now()
    evaluation.closed_by = user
    evaluation.save()
    EvaluationEvent.objects.create(
        evaluation=evaluation,
        action=EvaluationEvent.Action.CLOSED,
        actor=user,
        details=evaluation.quorum_override_reason,
    )
    return evaluation


# --- Routine assessment ---------------------------------------------------------------------------


def ensure_routine_editable(evaluation: Evaluation) -> None:
    evaluation.campaign.refresh_from_db(fields=["state"])
    if evaluation.campaign.state not in ROUTINE_EDITABLE_STATES:
        raise EvaluationError(_("Routine assessment scores are fixed once the campaign is assessed."))


def parse_score(value: object) -> Decimal:
    """A score from 0 to 100 with at most two decimals; ValueError with the user's message."""
    try:
        score = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(_("“%(value)s” is not a score.") % {"value": value}) from None
    if not score.is_finite() or not 0 <= score <= 100:
        raise ValueError(_("A score lies from 0 to 100, not %(value)s.") % {"value": value})
    if score != score.quantize(Decimal("0.01")):
        raise ValueError(_("A score has at most two decimals: %(value)s.") % {"value": value})
    return score


@transaction.atomic
def routine_scores_set(*, evaluation: Evaluation, scores: Mapping[int, Decimal | None], user=None) -> int:
    """Set (or with None clear) routine scores by reporter id; returns how many were set."""
    ensure_routine_editable(evaluation)
    known = set(evaluation.campaign.reporters.values_list("pk", flat=True))
    if strangers := set(scores) - known:
        raise EvaluationError(
            _("Scores name reporters outside this campaign: %(ids)s.") % {"ids": sorted(strangers)}
        )
    count = 0
    for reporter_id, score in scores.items():
        if score is None:
            RoutineScore.objects.filter(evaluation=evaluation, reporter_id=reporter_id).delete()
            continue
        RoutineScore.objects.update_or_create(
            evaluation=evaluation, reporter_id=reporter_id, defaults={"score": score, "entered_by": user}
        )
        count += 1
    return count
