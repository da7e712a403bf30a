"""What a database administrator reads in PostgreSQL's system columns: no code leads to its ballot.

Every row version carries the transaction that wrote it (xmin) and its place on disk (ctid); a
deleted or updated version stays on its page until vacuum. These tests cast ballots through the
service, each committed as in production, and read those columns with raw SQL.
"""

import itertools
import json
from collections import Counter

import pytest
from django.db import DatabaseError, connection, transaction

from debrief.evaluation import services
from debrief.evaluation.models import Ballot, BallotCode, Receipt, StagedBallot
from debrief.evaluation.services import BALLOT_BATCH_SIZE
from debrief.testing.factories import evaluation_opened

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="xmin, ctid and dead row versions are PostgreSQL's; SQLite has no such columns",
    ),
]

LEADERS = "Host leadership team"
SECRETARIES = "Secretaries and department heads"
REPRESENTATIVES = "Party member and masses representatives"
RATINGS = ["excellent", "good", "fair", "poor"]
CODES, BALLOTS = BallotCode._meta.db_table, Ballot._meta.db_table
RECEIPTS, STAGED = Receipt._meta.db_table, StagedBallot._meta.db_table


def _rows(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _xmins(table: str, where: str = "") -> Counter:
    return Counter(xmin for (xmin,) in _rows(f"SELECT xmin::text FROM {table} {where}"))


def _distinct_ballots(reporters, count: int) -> list[dict]:
    combos = itertools.islice(itertools.product(RATINGS, repeat=3), count)
    trio = (reporters.a1.pk, reporters.a2.pk, reporters.a3.pk)
    return [{pk: [rating] for pk, rating in zip(trio, combo, strict=True)} for combo in combos]


def _cast_all(codes: list[str], ballots: list[dict]) -> list[str]:
    return [services.ballot_cast(code_text=c, ratings=b) for c, b in zip(codes, ballots, strict=True)]


def test_no_used_code_shares_a_transaction_with_any_ballot_or_receipt(campaign, reporters, cast):
    evaluation, codes = evaluation_opened(
        campaign, cast.organizer_a, codes={LEADERS: 12, SECRETARIES: 12, REPRESENTATIVES: 5}
    )
    interleaved = [c for trio in itertools.zip_longest(*codes.values()) for c in trio if c]
    _cast_all(interleaved, _distinct_ballots(reporters, 29))

    used = _xmins(CODES, "WHERE used")
    ballots, receipts = _xmins(BALLOTS), _xmins(RECEIPTS)
    assert sum(used.values()) == 29
    assert not set(used) & set(ballots) and not set(used) & set(receipts)
    # A batch of ten for each of the first two categories; 2 + 2 + 5 ballots waiting.
    assert sorted(ballots.values()) == sorted(receipts.values()) == [BALLOT_BATCH_SIZE] * 2
    batches = _rows(f"SELECT count(DISTINCT category_id) FROM {BALLOTS} GROUP BY xmin::text")
    assert batches == [(1,), (1,)]
    assert StagedBallot.objects.count() == 9


def test_no_ballot_is_alone_in_its_transaction_and_a_batch_is_stored_shuffled(campaign, reporters, cast):
    evaluation, codes = evaluation_opened(campaign, cast.organizer_a, codes={LEADERS: BALLOT_BATCH_SIZE})
    submitted = _distinct_ballots(reporters, BALLOT_BATCH_SIZE)
    _cast_all(codes[LEADERS], submitted)

    assert list(_xmins(BALLOTS).values()) == [BALLOT_BATCH_SIZE]
    on_disk = [ratings for (ratings,) in _rows(f"SELECT ratings::text FROM {BALLOTS} ORDER BY ctid")]
    on_disk = [json.dumps(json.loads(ratings), sort_keys=True) for ratings in on_disk]
    as_submitted = [json.dumps({str(k): v for k, v in b.items()}, sort_keys=True) for b in submitted]
    # Ten different ballots: a shuffle keeps the submission order once in 10! (3.6 million).
    assert sorted(on_disk) == sorted(as_submitted)
    assert on_disk != as_submitted


def test_a_waiting_ballot_is_unreadable_and_its_size_says_nothing(campaign, reporters, cast):
    evaluation, codes = evaluation_opened(campaign, cast.organizer_a, codes={LEADERS: 4})
    ballots = [{r.pk: [rating] for r in (reporters.a1, reporters.a2, reporters.a3)} for rating in RATINGS]
    receipts = _cast_all(codes[LEADERS], ballots)

    # The waiting rows are written with their codes' update (the same xmin), so they must not tell.
    assert set(_xmins(STAGED)) <= set(_xmins(CODES, "WHERE used"))
    sealed = [bytes(blob) for (blob,) in _rows(f"SELECT sealed FROM {STAGED}")]
    assert len({len(blob) for blob in sealed}) == 1
    for blob in sealed:
        assert not any(word.encode() in blob for word in RATINGS)
        assert not any(receipt.encode() in blob for receipt in receipts)


def _tuples_on_disk(table: str) -> list[tuple[str, int]]:
    """(xmin, line pointer flags) of every row version with storage on the table's pages, live or dead."""
    return _rows(
        "SELECT t_xmin::text, lp_flags FROM generate_series(0,"
        " (pg_relation_size(%s::regclass) / current_setting('block_size')::int)::int - 1) AS page,"
        " heap_page_items(get_raw_page(%s, page)) WHERE t_xmin IS NOT NULL",
        [table, table],
    )


@pytest.fixture
def pageinspect():
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
    except DatabaseError as error:
        pytest.skip(f"pageinspect is not available to read dead row versions: {error}")


def test_after_close_the_box_is_one_transaction_and_no_dead_row_version_remains(
    campaign, reporters, cast, pageinspect
):
    evaluation, codes = evaluation_opened(campaign, cast.organizer_a, codes={LEADERS: 13})
    _cast_all(codes[LEADERS], _distinct_ballots(reporters, 13))  # one batch moved, three waiting
    assert len(_tuples_on_disk(STAGED)) == 13  # ten of them dead: deleted by the batch

    services.voting_close(evaluation=evaluation, user=cast.organizer_a, override_reason="测试")

    (closing,) = _xmins(BALLOTS)
    assert _xmins(BALLOTS) == {closing: 13} and _xmins(RECEIPTS) == {closing: 13}
    assert closing not in _xmins(CODES, "WHERE used")
    # Vacuumed once close committed: only the live versions of the closing transaction are left.
    assert _tuples_on_disk(STAGED) == []
    assert _tuples_on_disk(BALLOTS) == [(closing, 1)] * 13
    assert _tuples_on_disk(RECEIPTS) == [(closing, 1)] * 13
