"""Closing the vote: the waiting ballots in, integrity and quorum checks, a shuffled box, frozen digests,
the outcome stored."""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Sequence

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from debrief.audit.models import Action
from debrief.audit.services import campaign_entry_record
from debrief.lib.text import join_names, tidy

from .. import paper_selectors, selectors
from ..models import Ballot, BoxCount, Evaluation, EvaluationEvent, EvaluationState, PaperTally, Receipt
from . import ballot_box
from .errors import EvaluationError
from .outcome import outcome_store


def _shuffle_rows(model, evaluation: Evaluation, fields: Sequence[str]) -> None:
    """Rewrite the rows in random order under new random ids: storage order then says nothing."""
    if connection.vendor == "postgresql" and model is Ballot:
        # In the database: a box of thousands of ballots never travels to Python and back.
        table, columns = connection.ops.quote_name(model._meta.db_table), ", ".join(fields)
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH box AS (DELETE FROM {table} WHERE evaluation_id = %s RETURNING {columns})"
                f" INSERT INTO {table} (id, evaluation_id, {columns})"
                f" SELECT gen_random_uuid(), %s, {columns} FROM box ORDER BY random()",
                [evaluation.pk, evaluation.pk],
            )
        return
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
    """Close voting: move the waiting ballots in, check integrity and quorum, shuffle the ballot box,
    freeze the digests, store the outcome; once committed, vacuum the box's tables of the vote's dead
    row versions."""
    evaluation = Evaluation.objects.select_for_update().select_related("campaign").get(pk=evaluation.pk)
    if not evaluation.is_open:
        raise EvaluationError(_("Voting is not open."))
    paper = paper_selectors.paper_status(evaluation)
    if unsettled := [row.category.name for row in paper if row.entries and not row.matched]:
        raise EvaluationError(
            _("The paper tallies of %(names)s are not yet confirmed by two matching entries.")
            % {"names": join_names(unsettled)}
        )
    ballot_box.staged_move_all(evaluation_id=evaluation.pk)
    check = selectors.integrity_check(evaluation)
    counted = sum(BoxCount.objects.filter(evaluation=evaluation).values_list("ballots", flat=True))
    if check.ok and counted != check.ballots:
        raise EvaluationError(
            _(
                "The ballot box's running count (%(counted)d ballots) differs from the ballots stored (%(ballots)d); the evaluation cannot be closed. Call the system administrator."
            )
            % {"counted": counted, "ballots": check.ballots}
        )
    if not check.ok:
        raise EvaluationError(
            _(
                "The integrity check failed (codes issued %(issued)d: used %(used)d, unused %(unused)d, voided %(voided)d; ballots %(ballots)d, receipts %(receipts)d); the evaluation cannot be closed. Call the system administrator."
            )
            % check.figures
        )
    turnout = selectors.turnout(evaluation)
    reason = tidy(override_reason)
    if not turnout.quorum_met and not reason:
        raise EvaluationError(
            _(
                "Only %(voted)d of %(expected)d expected evaluators have voted, not more than %(quorum)s of them. To close anyway, give the reason."
            )
            % {"voted": turnout.voted, "expected": turnout.expected, "quorum": turnout.quorum_label}
        )
    # Every ballot and receipt is written anew by this transaction: one xmin for the whole box.
    _shuffle_rows(Ballot, evaluation, ["category_id", "ratings", "digest"])
    _shuffle_rows(Receipt, evaluation, ["code"])
    transaction.on_commit(ballot_box.box_vacuum, robust=True)
    evaluation.ballots_digest = selectors.ballots_digest(evaluation)
    counted_paper = [row.counted for row in paper if row.counted]
    evaluation.paper_digest = paper_digest(counted_paper) if counted_paper else ""
    evaluation.close_check = {
        **check.figures,
        "paper": turnout.paper,
        "voted": turnout.voted,
        "expected": turnout.expected,
    }
    evaluation.quorum_override_reason = "" if turnout.quorum_met else reason
    evaluation.state = EvaluationState.CLOSED
    evaluation.closed_at = timezone.now()
    evaluation.closed_by = user
    evaluation.save()
    outcome_store(evaluation=evaluation, paper=paper)
    EvaluationEvent.objects.create(
        evaluation=evaluation,
        action=EvaluationEvent.Action.CLOSED,
        actor=user,
        details=evaluation.quorum_override_reason,
    )
    campaign_entry_record(
        campaign=evaluation.campaign,
        action=Action.EVALUATION_CLOSED,
        actor=user,
        obj=evaluation,
        after={
            **evaluation.close_check,
            "quorum_override_reason": evaluation.quorum_override_reason,
            "ballots_digest": evaluation.ballots_digest,
        },
    )
    return evaluation
