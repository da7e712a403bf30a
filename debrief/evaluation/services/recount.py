"""The recount (复核): count the stored ballots and paper tallies afresh, hash them afresh, and compare
with the outcome stored at close and the digests frozen then. It reads every ballot, which nothing
else after close does, and says plainly what differs."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from debrief.audit.models import Action
from debrief.audit.services import campaign_entry_record
from debrief.lib import tally

from .. import paper_selectors, selectors
from ..models import Ballot, Evaluation, Recount, ReporterOutcome
from .closing import paper_digest
from .counts import ballot_digest, counts_add
from .outcome import FIGURES, outcome_figures, outcome_rows

# Differences listed one by one; beyond this many the rest are counted, never dropped silently.
MOST_LISTED = 50


def _recounted(evaluation: Evaluation, names: dict[int, str]):
    """(counts by category id, then reporter, ballots, ballot digests, ballots whose stored digest
    differs from their ratings), reading the box in chunks."""
    by_category: dict[int, dict[str, list[list[int]]]] = {}
    digests, mismatched, ballots, canonical = [], 0, 0, []
    rows = Ballot.objects.filter(evaluation=evaluation).values_list("category_id", "ratings", "digest")
    for category_id, ratings, stored in rows.iterator(chunk_size=500):
        counts_add(by_category.setdefault(category_id, {}), ratings)
        digest = ballot_digest(names[category_id], ratings)
        digests.append(digest)
        mismatched += digest != stored
        ballots += 1
        if evaluation.digest_version == 1:
            canonical.append((names[category_id], ratings))
    return by_category, ballots, digests, mismatched, canonical


def _box_digest(evaluation: Evaluation, digests: list[str], canonical: list) -> str:
    if evaluation.digest_version == 1:  # closed before ballots carried their own digests
        return tally.canonical_digest(
            {
                "category": category,
                "ratings": {
                    (int(reporter), position): rating
                    for reporter, values in ratings.items()
                    for position, rating in enumerate(values)
                    if rating is not None
                },
            }
            for category, ratings in canonical
        )
    return tally.box_digest(digests)


@transaction.atomic
def evaluation_recount(*, evaluation: Evaluation, user=None) -> Recount:
    """Recount a closed evaluation and record what was found (an audit entry too)."""
    evaluation = Evaluation.objects.select_related("campaign").get(pk=evaluation.pk)
    if not evaluation.is_closed:
        raise ValueError("only a closed evaluation is recounted")
    categories = list(evaluation.categories.all())
    names = {c.pk: c.name for c in categories}
    by_category, ballots, digests, mismatched, canonical = _recounted(evaluation, names)
    paper = paper_selectors.paper_status(evaluation, categories=categories)
    differences = []
    frozen = evaluation.close_check.get("ballots")
    if frozen is not None and frozen != ballots:
        differences.append(
            _("Ballots: %(frozen)d at close, %(now)d stored now.") % {"frozen": frozen, "now": ballots}
        )
    if mismatched:
        differences.append(
            ngettext(
                "%(n)d ballot's ratings no longer match the digest it was given when it entered the box.",
                "%(n)d ballots' ratings no longer match the digests they were given when they entered the box.",
                mismatched,
            )
            % {"n": mismatched}
        )
    recomputed = _box_digest(evaluation, digests, canonical)
    if recomputed != evaluation.ballots_digest:
        differences.append(
            _("Ballots digest: frozen at close %(frozen)s, recomputed now %(now)s.")
            % {"frozen": evaluation.ballots_digest, "now": recomputed}
        )
    counted_paper = [row.counted for row in paper if row.counted]
    paper_now = paper_digest(counted_paper) if counted_paper else ""
    if paper_now != evaluation.paper_digest:
        differences.append(
            _("Paper tallies digest: frozen at close %(frozen)s, recomputed now %(now)s.")
            % {"frozen": evaluation.paper_digest or "—", "now": paper_now or "—"}
        )
    differences += _outcome_differences(evaluation, categories, by_category, paper)
    if len(differences) > MOST_LISTED:
        more = len(differences) - MOST_LISTED
        differences = differences[:MOST_LISTED] + [
            ngettext("… and %(n)d more difference.", "… and %(n)d more differences.", more) % {"n": more}
        ]
    recount = Recount.objects.create(
        evaluation=evaluation, by=user, matches=not differences, ballots=ballots, differences=differences
    )
    campaign_entry_record(
        campaign=evaluation.campaign,
        action=Action.EVALUATION_RECOUNTED,
        actor=user,
        obj=evaluation,
        after={"ballots": ballots, "matches": recount.matches, "differences": len(differences)},
    )
    return recount


def _outcome_differences(evaluation, categories, by_category, paper) -> list[str]:
    """Every stored count and figure that a fresh count does not give, in words."""
    stored = {o.reporter_id: o for o in ReporterOutcome.objects.filter(evaluation=evaluation)}
    reporters, sub_indicators = selectors.ballot_layout(evaluation)
    indicators = [_("Overall"), *(s.name for s in sub_indicators)]
    width = len(indicators)
    fresh: dict[int, dict[str, list[list[int]]]] = {r.pk: {} for r in reporters}
    for category in categories:
        for reporter, slots in by_category.get(category.pk, {}).items():
            fresh.setdefault(int(reporter), {})[str(category.pk)] = [list(s) for s in slots[:width]]
    for status in paper:
        for reporter, row in (status.counted.counts if status.counted else {}).items():
            slots = fresh.setdefault(int(reporter), {}).setdefault(
                str(status.category.pk), [[0, 0, 0, 0] for _ in range(width)]
            )
            for index, rating in enumerate(tally.RATINGS):
                slots[selectors.OVERALL][index] += row.get(rating, 0)
    differences = []
    labels = dict(zip(tally.RATINGS, (_("excellent"), _("good"), _("fair"), _("poor")), strict=True))
    for reporter in reporters:
        outcome = stored.get(reporter.pk)
        name = reporter.organization.name
        if outcome is None:
            differences.append(_("%(name)s: no stored outcome.") % {"name": name})
            continue
        for category in categories:
            key = str(category.pk)
            now = fresh[reporter.pk].get(key, [])
            then = outcome.counts.get(key, [])
            for position, indicator in enumerate(indicators):
                a = then[position] if position < len(then) else [0, 0, 0, 0]
                b = now[position] if position < len(now) else [0, 0, 0, 0]
                for index, rating in enumerate(tally.RATINGS):
                    if a[index] != b[index]:
                        differences.append(
                            _(
                                "%(name)s, %(category)s, %(indicator)s, %(rating)s: stored %(stored)d, recounted %(now)d."
                            )
                            % {
                                "name": name,
                                "category": category.name,
                                "indicator": indicator,
                                "rating": labels[rating],
                                "stored": a[index],
                                "now": b[index],
                            }
                        )
    for row in outcome_rows(evaluation, fresh):
        outcome = stored.get(row.reporter.pk)
        if outcome is None:
            continue
        figures = outcome_figures(row.overall)
        for field, label in FIGURES.items():
            if getattr(outcome, field) != figures[field]:
                differences.append(
                    _("%(name)s: stored %(field)s %(stored)s, recounted %(now)s.")
                    % {
                        "name": row.reporter.organization.name,
                        "field": label,
                        "stored": getattr(outcome, field),
                        "now": figures[field],
                    }
                )
    return differences
