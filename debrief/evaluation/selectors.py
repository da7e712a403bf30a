"""Reads over an evaluation: its scheme for the tally, turnout, paper entries, integrity, results."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from debrief.campaigns import report_state
from debrief.campaigns.models import Campaign, CampaignState, Reporter
from debrief.campaigns.selectors import reporters_in_order
from debrief.lib import ballot_codes, tally
from debrief.lib.text import join_names

from .models import (
    Ballot,
    BallotCode,
    Evaluation,
    EvaluatorCategory,
    Rating,
    Receipt,
    Recount,
    ReporterOutcome,
    StagedBallot,
    SubIndicator,
)
from .paper_selectors import paper_status
from .shares import parse_share, share_label

OVERALL = 0  # position of the overall rating on a ballot


def _code_counts() -> dict[str, Count]:
    """Codes issued, unused, voided and used, as aggregates. `used` comes last: once it names an
    aggregate, `used` in a later one's filter would mean that aggregate, not the field."""
    return {
        "issued": Count("pk"),
        "unused": Count("pk", filter=Q(used=False, voided_at__isnull=True)),
        "voided": Count("pk", filter=Q(voided_at__isnull=False)),  # codes of lost slips
        "used": Count("pk", filter=Q(used=True)),
    }


def evaluation_of(campaign: Campaign) -> Evaluation | None:
    evaluation = Evaluation.objects.filter(campaign=campaign).first()
    if evaluation is not None:
        evaluation.campaign = campaign  # the caller has it: evaluation.campaign is not read again
    return evaluation


def assessment_blockers(campaign: Campaign) -> list[str]:
    """Why the campaign cannot yet be marked assessed: the evaluation must be closed and scored."""
    evaluation = evaluation_of(campaign)
    if evaluation is None or not evaluation.is_closed:
        return [_("Close the democratic evaluation before marking the campaign assessed.")]
    if evaluation.routine_weight:
        missing = reporters_in_order(campaign).filter(routine_score__isnull=True)
        if missing:
            return [
                _("Routine assessment scores are missing for %(names)s.")
                % {"names": join_names(r.organization.name for r in missing)}
            ]
    return []


def routine_fixed_since(campaign: Campaign):
    """When routine scores became fixed: the results notice's publication (None while they may change)."""
    return campaign.transitions.filter(to_state=CampaignState.PUBLISHED).values_list("at", flat=True).last()


def tally_scheme(
    evaluation: Evaluation, *, categories: Sequence[EvaluatorCategory] | None = None
) -> tally.Scheme:
    """The scheme as `lib.tally` takes it; `categories`, when the caller has read them, are not read again."""
    if categories is None:
        categories = evaluation.categories.all()
    return tally.Scheme(
        category_weights={c.name: c.weight for c in categories},
        points=evaluation.points,
        evaluation_weight=evaluation.evaluation_weight,
        good_rate_counts_good=evaluation.good_rate_counts_good,
        poor_rate_threshold=parse_share(evaluation.poor_rate_threshold),
        grade_bands=(
            (evaluation.band_excellent, Rating.EXCELLENT.value),
            (evaluation.band_good, Rating.GOOD.value),
            (evaluation.band_fair, Rating.FAIR.value),
        ),
        excellent_grade_cap=parse_share(evaluation.excellent_grade_cap),
        min_category_ballots_shown=evaluation.min_category_ballots_shown,
    )


def ballot_layout(evaluation: Evaluation) -> tuple[list[Reporter], list[SubIndicator]]:
    """What a ballot lists: every reporter (on-site first, in order) and the sub-indicators."""
    return list(reporters_in_order(evaluation.campaign)), list(evaluation.sub_indicators.all())


# --- Turnout and integrity ------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryTurnout:
    category: EvaluatorCategory
    issued: int
    used: int
    paper: int  # ballots of matched paper tallies
    expected: int
    voided: int = 0  # codes of lost slips, voided unused
    unused: int = 0  # neither used nor voided, counted on their own: see `Turnout.codes_add_up`

    @property
    def voted(self) -> int:
        return self.used + self.paper


@dataclass(frozen=True)
class Turnout:
    rows: list[CategoryTurnout]
    quorum: Fraction
    quorum_label: str
    issued: int = field(init=False)
    used: int = field(init=False)
    voided: int = field(init=False)
    unused: int = field(init=False)
    paper: int = field(init=False)
    voted: int = field(init=False)
    expected: int = field(init=False)

    def __post_init__(self):
        for name in ("issued", "used", "voided", "unused", "paper", "voted", "expected"):
            object.__setattr__(self, name, sum(getattr(row, name) for row in self.rows))

    @property
    def codes_add_up(self) -> bool:
        """Issued = used + unused + voided, each code counted once (as the integrity check)."""
        return self.issued == self.used + self.unused + self.voided

    @property
    def quorum_met(self) -> bool:
        return self.expected > 0 and self.voted > self.quorum * self.expected

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.voted, self.expected) if self.expected else None

    @property
    def needed(self) -> int:
        """The fewest votes that meet the quorum."""
        return int(self.quorum * self.expected) + 1


def turnout(evaluation: Evaluation) -> Turnout:
    codes = {
        row["category"]: row
        for row in BallotCode.objects.filter(evaluation=evaluation)
        .values("category")
        .annotate(**_code_counts())
    }
    categories = list(evaluation.categories.all())
    paper = {
        status.category.pk: status.counted.ballots
        for status in paper_status(evaluation, categories=categories)
        if status.counted
    }
    rows = []
    for category in categories:
        issued = codes.get(category.pk, {}).get("issued", 0)
        used = codes.get(category.pk, {}).get("used", 0)
        voided = codes.get(category.pk, {}).get("voided", 0)
        unused = codes.get(category.pk, {}).get("unused", 0)
        on_paper = paper.get(category.pk, 0)
        expected = category.expected if category.expected is not None else issued - voided + on_paper
        rows.append(CategoryTurnout(category, issued, used, on_paper, expected, voided, unused))
    return Turnout(rows, parse_share(evaluation.quorum) or Fraction(0), share_label(evaluation.quorum))


@dataclass(frozen=True)
class IntegrityCheck:
    issued: int
    used: int
    ballots: int
    receipts: int
    unused: int = 0  # neither used nor voided
    voided: int = 0

    @property
    def codes_add_up(self) -> bool:
        """Every code issued is used, unused or voided, and only one of them (a code both used
        and voided would count twice)."""
        return self.issued == self.used + self.unused + self.voided

    @property
    def ok(self) -> bool:
        return self.codes_add_up and self.used == self.ballots == self.receipts

    @property
    def figures(self) -> dict[str, int]:
        return {
            "issued": self.issued,
            "used": self.used,
            "unused": self.unused,
            "voided": self.voided,
            "ballots": self.ballots,
            "receipts": self.receipts,
        }


def integrity_check(evaluation: Evaluation) -> IntegrityCheck:
    """Codes issued and used, ballots and receipts stored; a ballot waiting for its batch is sealed
    with its receipt, so it counts once for each (at close none waits)."""
    codes = BallotCode.objects.filter(evaluation=evaluation).aggregate(**_code_counts())
    waiting = StagedBallot.objects.filter(evaluation=evaluation).count()
    return IntegrityCheck(
        issued=codes["issued"],
        used=codes["used"],
        ballots=Ballot.objects.filter(evaluation=evaluation).count() + waiting,
        receipts=Receipt.objects.filter(evaluation=evaluation).count() + waiting,
        unused=codes["unused"],
        voided=codes["voided"],
    )


def ballots_digest(evaluation: Evaluation) -> str:
    """The box's digest (lib.tally.box_digest) from the digests its ballots carry."""
    return tally.box_digest(Ballot.objects.filter(evaluation=evaluation).values_list("digest", flat=True))


def receipt_counted(evaluation: Evaluation, text: str) -> bool:
    return Receipt.objects.filter(evaluation=evaluation, code=ballot_codes.normalize_receipt(text)).exists()


# --- Results --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultRow:
    reporter: Reporter
    overall: tally.ReporterResult
    sub_indicators: list[tuple[SubIndicator, tally.ReporterResult]]
    # The state of the reporter's report if it was never submitted ("Draft"...), else "".
    report_unsubmitted: str = ""


# A reporter's stored counts: {"<category id>": [[excellent, good, fair, poor] per indicator]}
StoredCounts = Mapping[str, Sequence[Sequence[int]]]


def tally_rows(
    *,
    scheme: tally.Scheme,
    reporters: Sequence[Reporter],
    sub_indicators: Sequence[SubIndicator],
    categories: Sequence[EvaluatorCategory],
    counts: Mapping[int, StoredCounts],
    routine: Mapping[int, Decimal] | None,
) -> list[ResultRow]:
    """Every figure of every reporter from stored counts (by reporter id); `routine` None previews the
    evaluation alone (no comprehensive score, grade or rank)."""
    names = {str(c.pk): c.name for c in categories}
    width = 1 + len(sub_indicators)
    by_key: list[dict] = [{} for _ in range(width)]
    for reporter_id, per_category in counts.items():
        for category_id, slots in per_category.items():
            for position, four in enumerate(slots[:width]):
                if any(four):
                    by_key[position][(reporter_id, names[category_id])] = dict(
                        zip(tally.RATINGS, four, strict=True)
                    )
    ids = [r.pk for r in reporters]
    overall = tally.tally(scheme=scheme, reporters=ids, counts=by_key[OVERALL], routine_scores=routine)
    subs = [
        tally.tally(scheme=scheme, reporters=ids, counts=by_key[position], routine_scores=None)
        for position in range(1, width)
    ]
    return [
        ResultRow(
            reporter,
            overall[i],
            [(indicator, subs[j][i]) for j, indicator in enumerate(sub_indicators)],
            getattr(reporter, report_state.ATTRIBUTE, ""),
        )
        for i, reporter in enumerate(reporters)
    ]


@dataclass(frozen=True)
class Results:
    evaluation: Evaluation
    scheme: tally.Scheme
    rows: list[ResultRow]  # in ballot order; pages sort as they like
    missing_routine: list[Reporter]  # without a routine score: results are a preview, no grades
    last_recount: Recount | None  # the latest 复核 of the stored outcome against the ballots
    paper_ballots: int
    electronic_ballots: int

    @property
    def is_preview(self) -> bool:
        return bool(self.missing_routine)

    @property
    def unsubmitted(self) -> list[ResultRow]:
        """The rows of reporters whose report was never submitted, in ballot order."""
        return [row for row in self.rows if row.report_unsubmitted]

    @property
    def grade_distribution(self) -> list[tuple[str, str, int]]:
        counts = Counter(row.overall.grade for row in self.rows)
        return [(value, label, counts.get(value, 0)) for value, label in Rating.choices]


def published_results(evaluation: Evaluation) -> Results:
    """The results as the notice, the feedback sheets and the minutes give them: without ranks when
    the scheme does not publish them."""
    found = results(evaluation)
    if evaluation.publish_ranks:
        return found
    return replace(found, rows=[replace(row, overall=replace(row.overall, rank=None)) for row in found.rows])


def results(evaluation: Evaluation) -> Results:
    """Every figure of a closed evaluation, tallied from the outcome stored at close and the routine
    scores; the ballots are not read. Never call while voting is open: results must not leak."""
    if not evaluation.is_closed:
        raise ValueError("results exist only once voting has closed")
    # The ballot's reporters, each with the state of a report never submitted, in the same query.
    reporters = list(report_state.with_unsubmitted_label(reporters_in_order(evaluation.campaign)))
    sub_indicators = list(evaluation.sub_indicators.all())
    categories = list(evaluation.categories.all())
    scheme = tally_scheme(evaluation, categories=categories)
    counts = dict(ReporterOutcome.objects.filter(evaluation=evaluation).values_list("reporter_id", "counts"))
    routine = dict(evaluation.routine_scores.values_list("reporter_id", "score"))
    missing = [r for r in reporters if r.pk not in routine] if scheme.routine_weight else []
    rows = tally_rows(
        scheme=scheme,
        reporters=reporters,
        sub_indicators=sub_indicators,
        categories=categories,
        counts=counts,
        routine=None if missing else routine,
    )
    check = evaluation.close_check
    electronic = check.get("ballots", 0)
    return Results(
        evaluation=evaluation,
        scheme=scheme,
        rows=rows,
        missing_routine=missing,
        last_recount=evaluation.recounts.select_related("by").first(),
        paper_ballots=check.get("paper", check.get("voted", 0) - check.get("used", 0)),
        electronic_ballots=electronic,
    )
