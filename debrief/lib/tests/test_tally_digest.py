"""The digests frozen at closing: of each ballot, of the whole box, and the older form over every rating."""

import hashlib
import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from debrief.lib.tally import (
    RATINGS,
    TallyError,
    _canonical_ballot,
    ballot_digest,
    box_digest,
    canonical_digest,
)

BALLOTS = [
    {"category": "leaders", "ratings": {("wang", "overall"): "excellent", ("li", "overall"): "good"}},
    {"category": "secretaries", "ratings": {("wang", "overall"): "fair", ("li", "overall"): "excellent"}},
    {"category": "secretaries", "ratings": {("wang", "overall"): "fair", ("li", "overall"): "excellent"}},
    {"category": "representatives", "ratings": {("wang", "overall"): "poor", ("wang", "measures"): "good"}},
]


def test_the_digest_can_be_recomputed_from_its_documented_form():
    ballots = [{"category": "书记", "ratings": {("wang", "overall"): "excellent", ("li", "overall"): "good"}}]
    text = '[{"category":"书记","ratings":[["li","overall","good"],["wang","overall","excellent"]]}]'
    assert canonical_digest(ballots) == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert canonical_digest([]) == hashlib.sha256(b"[]").hexdigest()


def test_the_digest_does_not_depend_on_the_order_ballots_or_ratings_are_stored_in():
    shuffled = []
    for ballot in random.Random(7).sample(BALLOTS, len(BALLOTS)):
        ratings = list(ballot["ratings"].items())[::-1]
        shuffled.append({"ratings": dict(ratings), "category": ballot["category"]})
    assert canonical_digest(shuffled) == canonical_digest(BALLOTS)


def changed(index, **change):
    ballots = [dict(b, ratings=dict(b["ratings"])) for b in BALLOTS]
    ballots[index].update(change)
    return ballots


@pytest.mark.parametrize(
    "ballots",
    [
        changed(0, ratings={("wang", "overall"): "good", ("li", "overall"): "good"}),
        changed(0, ratings={("wang", "overall"): "excellent", ("li", "measures"): "good"}),
        changed(0, ratings={("zhao", "overall"): "excellent", ("li", "overall"): "good"}),
        changed(0, ratings={("wang", "overall"): "excellent"}),
        changed(1, category="leaders"),
        BALLOTS[:-1],
        BALLOTS[1:],
        [*BALLOTS, BALLOTS[0]],
    ],
)
def test_the_digest_changes_with_any_change_to_the_ballots(ballots):
    assert canonical_digest(ballots) != canonical_digest(BALLOTS)


def test_a_reporter_id_as_number_and_as_text_are_different_ballots():
    as_number = [{"category": "leaders", "ratings": {(1, "overall"): "good"}}]
    as_text = [{"category": "leaders", "ratings": {("1", "overall"): "good"}}]
    assert canonical_digest(as_number) != canonical_digest(as_text)


def test_ballots_with_unknown_ratings_are_refused():
    with pytest.raises(TallyError, match="'great'"):
        canonical_digest([{"category": "leaders", "ratings": {("wang", "overall"): "great"}}])


@settings(max_examples=200)
@given(
    st.dictionaries(
        st.tuples(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=20)),
        st.sampled_from(RATINGS),
        max_size=40,
    ),
    st.text(max_size=12),
)
def test_a_ballots_canonical_text_is_the_documented_json_whatever_its_ids(ratings, category):
    documented = json.dumps(
        {"category": category, "ratings": sorted(([*k, r] for k, r in ratings.items()), key=_compact)},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    ballot = {"category": category, "ratings": ratings}
    assert _canonical_ballot(ballot) == documented
    assert ballot_digest(ballot) == hashlib.sha256(documented.encode("utf-8")).hexdigest()


def test_the_box_digest_hashes_the_sorted_ballot_digests_one_per_line():
    digests = [ballot_digest(b) for b in BALLOTS]
    text = "".join(f"{d}\n" for d in sorted(digests))
    assert box_digest(digests) == hashlib.sha256(text.encode("ascii")).hexdigest()
    assert box_digest(reversed(digests)) == box_digest(digests)
    assert box_digest([]) == hashlib.sha256(b"").hexdigest()


def _compact(value) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
