"""The ballot box: accepted ballots wait sealed and go in by batches, so no row ties a code to a ballot.

PostgreSQL stamps each row version with the transaction that wrote it (xmin, and xmax on the version
it replaced), so whatever the transaction that uses a code writes can be joined to that code. It
writes the ballot only sealed: a `StagedBallot` holding the ratings and the receipt code encrypted
(AES-GCM) under a key derived from the ballot code key, which is a setting and never in the
database; every seal of an evaluation has the same length. Once BALLOT_BATCH_SIZE ballots of one
category wait, a transaction of its own, begun after the voter's has committed, opens them and
writes the ballots and the receipts, each list in its own random order and in one statement: a
batch shares one xmin and one command id, its physical order is shuffled, and its staged rows go.
Batches are per category because ballots and codes both name theirs. Each batch adds its ratings to
the category's running count (`BoxCount`), which closing stores as the outcome. Closing moves what
still waits, rewrites the whole box and vacuums these tables. docs/operations.md says what remains.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.db import connection, transaction
from django.utils.translation import ngettext

from debrief.lib import ballot_codes

from ..models import Ballot, BoxCount, Evaluation, EvaluationState, Receipt, StagedBallot
from .counts import ballot_digest, box_count_add, box_count_locked
from .errors import EvaluationError
from .opening import code_key

# The fewest ballots of one category that enter the box together: a used code can be traced to its
# batch, no further.
BALLOT_BATCH_SIZE = 10
_LETTERS = {"excellent": "e", "good": "g", "fair": "f", "poor": "p", None: "-"}
_RATINGS = {letter: rating for rating, letter in _LETTERS.items()}
_NONCE = 12


def _key() -> bytes:
    return hmac.new(code_key(), b"debrief ballot box", hashlib.sha256).digest()


def _receipt_hash(key: bytes, evaluation_id: int, receipt: str) -> str:
    return hmac.new(key, f"{evaluation_id}:{receipt}".encode(), hashlib.sha256).hexdigest()


def _seal(key: bytes, evaluation_id: int, category_id: int, ratings: dict[str, list], receipt: str) -> bytes:
    # One length for every ballot of an evaluation (the same reporters, one letter per rating, a
    # receipt of fixed length): a seal's size cannot pick out its ballot.
    letters = {reporter: "".join(_LETTERS[v] for v in values) for reporter, values in ratings.items()}
    plain = json.dumps([receipt, letters], separators=(",", ":")).encode()
    nonce = secrets.token_bytes(_NONCE)
    return nonce + AESGCM(key).encrypt(nonce, plain, f"{evaluation_id}:{category_id}".encode())


def _open(key: bytes, evaluation_id: int, category_id: int, sealed) -> tuple[dict[str, list], str] | None:
    """(ratings, receipt code), or None when sealed under another key."""
    sealed = bytes(sealed)
    aad = f"{evaluation_id}:{category_id}".encode()
    try:
        plain = AESGCM(key).decrypt(sealed[:_NONCE], sealed[_NONCE:], aad)
    except InvalidTag:
        return None
    receipt, letters = json.loads(plain)
    return {r: [_RATINGS[c] for c in text] for r, text in letters.items()}, receipt


def voting_state(evaluation_id: int) -> str | None:
    """The evaluation's state, share-locked on PostgreSQL: ballots and batches go side by side, and
    closing, which locks the row for update, waits for them (and they for it)."""
    lock = " FOR SHARE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT state FROM {Evaluation._meta.db_table} WHERE id = %s{lock}", [evaluation_id])
        row = cursor.fetchone()
    return row[0] if row else None


def _receipt_taken_and_waiting(key: bytes, evaluation_id: int, category_id: int, receipt: str):
    """(is the receipt code taken, how many ballots of the category wait) in one statement: one
    snapshot, so a receipt that a batch is moving right now is seen on one side. Plain SQL: it
    runs for every ballot, and the ORM's compiling cost more than the query."""
    published, staged = Receipt._meta.db_table, StagedBallot._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT EXISTS (SELECT 1 FROM {published} WHERE evaluation_id = %s AND code = %s)"
            f" OR EXISTS (SELECT 1 FROM {staged} WHERE evaluation_id = %s AND receipt_hash = %s),"
            f" (SELECT count(*) FROM {staged} WHERE category_id = %s)",
            [evaluation_id, receipt, evaluation_id, _receipt_hash(key, evaluation_id, receipt), category_id],
        )
        return cursor.fetchone()


def ballot_stage(*, evaluation_id: int, category_id: int, ratings: dict[str, list]) -> str:
    """Write one accepted ballot, sealed, in the caller's transaction; returns its new receipt code.
    Once the caller's transaction has committed, a batch of the category moves if one is due."""
    key = _key()
    receipt = ballot_codes.receipt_code()
    taken, waiting = _receipt_taken_and_waiting(key, evaluation_id, category_id, receipt)
    while taken:
        receipt = ballot_codes.receipt_code()
        taken, waiting = _receipt_taken_and_waiting(key, evaluation_id, category_id, receipt)
    StagedBallot.objects.create(
        evaluation_id=evaluation_id,
        category_id=category_id,
        receipt_hash=_receipt_hash(key, evaluation_id, receipt),
        sealed=_seal(key, evaluation_id, category_id, ratings, receipt),
    )
    if waiting + 1 >= BALLOT_BATCH_SIZE:
        # After commit, never inside the voter's transaction (nor one around it). Robust: a batch
        # that fails waits for the next ballot or for close; this ballot and its receipt stand.
        transaction.on_commit(
            lambda: ballots_flush(evaluation_id=evaluation_id, category_id=category_id), robust=True
        )
    return receipt


def _staged_move(evaluation_id: int, minimum: int, category_id: int | None = None) -> int:
    """Move the waiting ballots this transaction can lock (of one category, or all) into the box,
    if at least `minimum` (one or more) of them open."""
    key = _key()
    rows = StagedBallot.objects.filter(evaluation_id=evaluation_id)
    if category_id is not None:
        rows = rows.filter(category_id=category_id)
    # SKIP LOCKED: two batches never take the same rows, and one that gets fewer than `minimum`
    # moves none; closing holds the evaluation for update, so it finds nothing locked.
    rows = rows.select_for_update(skip_locked=True).values_list("pk", "category_id", "sealed")
    opened = [
        (pk, category, found)
        for pk, category, sealed in rows
        if (found := _open(key, evaluation_id, category, sealed))
    ]
    if len(opened) < minimum:
        return 0
    boxes = {
        category: box_count_locked(evaluation_id=evaluation_id, category_id=category)
        for category in sorted({category for _pk, category, _found in opened})  # one lock order
    }
    ballots = [
        Ballot(
            evaluation_id=evaluation_id,
            category_id=c,
            ratings=r,
            digest=ballot_digest(boxes[c].category.name, r),
        )
        for _pk, c, (r, _t) in opened
    ]
    receipts = [Receipt(evaluation_id=evaluation_id, code=t) for _pk, _c, (_r, t) in opened]
    shuffle = random.SystemRandom().shuffle
    shuffle(ballots)
    shuffle(receipts)  # on its own: the n-th receipt is not the n-th ballot's
    Ballot.objects.bulk_create(ballots)
    Receipt.objects.bulk_create(receipts)
    StagedBallot.objects.filter(pk__in=[pk for pk, _c, _found in opened]).delete()
    for category, box in boxes.items():
        box_count_add(box, [ballot.ratings for ballot in ballots if ballot.category_id == category])
    return len(opened)


@transaction.atomic
def ballots_flush(*, evaluation_id: int, category_id: int) -> int:
    """Move a batch of the category's waiting ballots into the box, if at least BALLOT_BATCH_SIZE
    wait and voting is open; returns how many moved. Never inside a voter's transaction."""
    if voting_state(evaluation_id) != EvaluationState.OPEN:
        return 0  # closing has moved them
    return _staged_move(evaluation_id, BALLOT_BATCH_SIZE, category_id)


def staged_move_all(*, evaluation_id: int) -> None:
    """At close, with the evaluation locked for update: every waiting ballot goes in, or close is refused."""
    _staged_move(evaluation_id, 1)
    if waiting := StagedBallot.objects.filter(evaluation_id=evaluation_id).count():
        raise EvaluationError(
            ngettext(
                "%(count)d accepted ballot cannot be opened with this server's ballot key, so voting cannot close without losing it. Call the system administrator: the key (DEBRIEF_BALLOT_CODE_KEY, or the secret key it is derived from) must be the one in force while voting was open.",
                "%(count)d accepted ballots cannot be opened with this server's ballot key, so voting cannot close without losing them. Call the system administrator: the key (DEBRIEF_BALLOT_CODE_KEY, or the secret key it is derived from) must be the one in force while voting was open.",
                waiting,
            )
            % {"count": waiting}
        )


def box_vacuum() -> None:
    """Remove the dead row versions the vote left in the box's tables (each tells a ballot's batch).

    PostgreSQL only, outside a transaction: closing runs it once it has committed. Plain VACUUM
    reads only the pages changed since the last one; index entries it may leave hold no xmin."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(
        connection.ops.quote_name(model._meta.db_table) for model in (StagedBallot, Ballot, Receipt, BoxCount)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM {tables}")
