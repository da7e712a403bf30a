"""`find_repeats` and what it returns: the index of the targets' shingles, and
the passages of one target at a time (see the package's docstring)."""

from __future__ import annotations

from array import array
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, reduce
from itertools import compress, count, islice, repeat
from operator import add, is_not, itemgetter, lt, ne, neg, or_, truediv

from .counts import DIGITS, add_count, bits, largest, source_counts
from .texts import ASTRAL, Offsets, shingles, significant


@dataclass(frozen=True)
class Passage:
    """A run of the target's text that repeats a source.

    Offsets are Python str indices into the original texts, end exclusive. The
    span runs from the first to the last repeated significant character, so it
    includes punctuation inside it but not punctuation around it.
    """

    start: int
    end: int
    source: Hashable  # the document sharing the most of this passage
    source_start: int  # where the passage's text lies in that source
    source_end: int
    text: str  # target_text[start:end]


@dataclass(frozen=True)
class Repeats:
    """How much of one target repeats its sources.

    `characters` and `repeated_characters` count significant characters (after
    normalization), so shares do not depend on how a text is punctuated.
    `by_source` maps each source to the share of the target's significant
    characters, within the passages, that also occur in that source. A sentence
    found in several sources counts for each of them, so these shares can add
    up to more than `share`. Sources are ordered by share, largest first, then
    by str(key).
    """

    key: Hashable
    characters: int
    repeated_characters: int
    share: float
    by_source: dict[Hashable, float]
    passages: list[Passage]
    # Significant characters left out as common text (`find_repeats`'s `common_share`): shares are
    # of the other characters, `characters - common_characters`.
    common_characters: int = 0


def find_repeats(
    documents: Mapping[Hashable, str],
    targets: Iterable[Hashable],
    *,
    may_compare: Callable[[Hashable, Hashable], bool] | None = None,
    shingle_size: int = 8,
    min_passage: int = 16,
    common_share: float | None = None,
) -> dict[Hashable, Repeats]:
    """For each target, the passages of its text that repeat other documents.

    `documents` holds every text, targets and sources alike: a document that is
    only a source (last year's report) is a key not listed in `targets`.
    `may_compare(target, source)` says which documents a target may repeat; by
    default any other document. A document is never compared with itself.

    A passage is a maximal run of significant characters each inside some
    shingle shared with an allowed source; runs shorter than `min_passage`
    significant characters are dropped as coincidence. Its source is the one
    sharing the most of its characters, the smallest str(key) among equals.

    `common_share` discounts the text most targets share, like a document
    frequency cut: a shingle held by more than that share of the targets, and
    by at least `COMMON_AT_LEAST` of them, is common text (the stock opening and
    phrases every report of a campaign uses). It repeats nothing, from any
    source, and the characters only common shingles cover are left out of the
    target's characters: shares are of what remains, the report's own text.
    Text two targets share is never common, however few the targets: that is a
    copy.

    The result has one entry per target, in the order first given, and does not
    depend on the order of `documents`.
    """
    if shingle_size < 1:
        raise ValueError("shingle_size must be at least 1")
    wanted = list(dict.fromkeys(targets))
    for key in wanted:
        if key not in documents:
            raise KeyError(f"target {key!r} is not among the documents")
    # Ties go to the smallest str(key), whatever the mapping's order (sorted()
    # is stable, so keys with equal str() keep it). Targets take the low bits
    # of the masks, so masks of shingles shared only among them stay short.
    ranked = sorted(documents, key=str)
    chosen = set(wanted)
    keys = [key for key in ranked if key in chosen] + [key for key in ranked if key not in chosen]
    rank_of = {key: rank for rank, key in enumerate(ranked)}
    work = _Work(keys, [rank_of[key] for key in keys], [documents[key] for key in keys], len(wanted))
    work.may_compare, work.size, work.min_passage = may_compare, shingle_size, min_passage
    work.index()
    work.find_common(common_share)
    slot_of = {key: slot for slot, key in enumerate(keys)}
    return {key: work.repeats_of(slot_of[key]) for key in wanted}


_first = itemgetter(0)
_third = itemgetter(2)
_Runs = list[tuple[int, int, int]]  # (sources, first, end) or (start, end, sources)

_PAIRWISE = 2  # a source at most this many targets may repeat is compared with each alone
COMMON_AT_LEAST = 3  # targets that must hold a shingle for it to be common text, whatever the share


def _character_runs(segments: _Runs, size: int) -> _Runs:
    """Turn runs of shingle starts into runs of characters with the same sources.

    segments: (sources, first start, end of starts) with equal sources, in
    order. A character belongs to every source whose shingle covers it, so its
    sources are the union over the segments whose shingles reach it.
    """
    values = [s[0] for s in segments]
    firsts = [s[1] for s in segments]
    ends = [s[2] + size - 1 for s in segments]  # both lists increase
    if len(segments) == 1:
        return [(firsts[0], ends[0], values[0])]
    points = sorted({*firsts, *ends})
    runs: _Runs = []
    low = high = 0
    for here, after in zip(points, islice(points, 1, None)):  # noqa: B905 (one shorter by design)
        while high < len(segments) and firsts[high] <= here:
            high += 1
        while ends[low] <= here:
            low += 1
        sources = values[low] if high - low == 1 else reduce(or_, values[low:high])
        if runs and runs[-1][2] == sources:
            runs[-1] = (runs[-1][0], after, sources)
        else:
            runs.append((here, after, sources))
    return runs


def _spans(starts: list[int], size: int) -> list[tuple[int, int]]:
    """The characters shingles starting at `starts` (increasing) cover, as disjoint spans."""
    if not starts:
        return []
    # A new span wherever a start lies beyond the reach of the one before; found in C.
    gaps = compress(count(1), map(lt, map(add, starts, repeat(size)), islice(starts, 1, None)))
    spans, low = [], 0
    for high in (*gaps, len(starts)):
        spans.append((starts[low], starts[high - 1] + size))
        low = high
    return spans


def _length(spans: list[tuple[int, int]]) -> int:
    return sum(end - start for start, end in spans)


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    """Characters two lists of disjoint, increasing spans have in common."""
    total = i = j = 0
    while i < len(a) and j < len(b):
        total += max(0, min(a[i][1], b[j][1]) - max(a[i][0], b[j][0]))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


class _Work:
    """The documents (targets first), their index, and offset maps made on demand."""

    may_compare: Callable[[Hashable, Hashable], bool] | None
    size: int
    min_passage: int

    def __init__(self, keys: list[Hashable], ranks: list[int], texts: list[str], targets: int) -> None:
        self.keys, self.ranks, self.texts, self.targets = keys, ranks, texts, targets
        normalized = [significant(text) for text in texts]
        self.norms = [norm for norm, _ in normalized]
        others = [chars for _, chars in normalized]
        # Made on demand; captures no `self`, so no cycle keeps the index alive.
        self.offsets_of = cache(lambda slot: Offsets(texts[slot], others[slot]))

    def index(self) -> None:
        """Index the targets' shingles, and which documents hold each.

        A class is the position of a shingle's first occurrence among the targets.
        Sets `masks`, each class's bitmask of the documents holding it, and per
        target: `classes`, by shingle position; `lone`, its bit, the very int
        object of every class it alone holds; `outside`, the documents only
        sources that it may repeat; `hits`, for each source compared with it
        alone, that source's bit and where it holds the target's shingles.
        """
        n, size, may_compare = self.targets, self.size, self.may_compare
        # One encoding for every document, so that equal shingles get equal keys.
        wide = any(map(ASTRAL.search, self.norms))
        # Which targets may repeat each document that is only a source, asked once
        # per pair up front: a source that at most _PAIRWISE targets may repeat is
        # compared with each of them alone, and one that none may is not read.
        pairwise: list[list[int]] = [[] for _ in range(n)]
        if may_compare is None:
            self.outside = [(1 << len(self.keys)) - (1 << n)] * n
            dense = list(range(n, len(self.keys)))
        else:
            self.outside, dense = [0] * n, []
            for source in range(n, len(self.keys)):
                readers = list(compress(range(n), map(may_compare, self.keys[:n], repeat(self.keys[source]))))
                for reader in readers:
                    self.outside[reader] |= 1 << source
                    if len(readers) <= _PAIRWISE:
                        pairwise[reader].append(source)
                if len(readers) > _PAIRWISE:
                    dense.append(source)

        owner: dict[bytes, int] = {}  # shingle -> its class
        masks: list[int] = [0]  # class 0 is never used, so that 0 can mean "none"

        def join(found: set[int], document: int) -> None:
            # masks[c] |= bit for every class c in found; the set is iterated twice
            # in the same order, so each class gets its own new mask.
            bit = 1 << document
            deque(map(masks.__setitem__, found, map(or_, map(masks.__getitem__, found), repeat(bit))), 0)

        self.classes: list[array] = []
        self.lone: list[int] = []  # per target, its bit
        self.hits: list[list[tuple[int, list[int]]]] = []
        for i in range(n):
            keys = shingles(self.norms[i], size, wide)
            base = len(masks)
            # Kept as C longs: a list would keep an int object alive for every class.
            found = array("l", map(owner.setdefault, keys, range(base, base + len(keys))))
            self.classes.append(found)
            self.lone.append(1 << i)
            masks.extend(repeat(self.lone[i], len(keys)))
            join(set(compress(found, map(lt, found, repeat(base)))), i)  # classes of earlier targets
            held = [(1 << s, set(shingles(self.norms[s], size, wide))) for s in pairwise[i]]
            self.hits.append([(bit, list(compress(count(), map(s.__contains__, keys)))) for bit, s in held])
        # The other sources are looked up, never added: only what they share with a target matters.
        for i in dense:
            join(set(filter(None, map(owner.get, shingles(self.norms[i], size, wide)))), i)
        self.masks = masks

    def find_common(self, share: float | None) -> None:
        """Sets `common`, one byte per class: 1 if more than `share` of the targets hold it."""
        self.common = None
        if share is None:
            return
        held_by = max(int(share * self.targets) + 1, COMMON_AT_LEAST)  # more than share x targets
        if held_by > self.targets:
            return
        targets = (1 << self.targets) - 1
        # Counted in C: each class's mask restricted to the targets, its bits counted.
        counts = map(int.bit_count, map(targets.__and__, self.masks))
        self.common = bytearray(map(held_by.__le__, counts))

    def _common_positions(self, target: int) -> list[int]:
        if self.common is None:
            return []
        return list(compress(count(), map(self.common.__getitem__, self.classes[target])))

    def allowed(self, target: int, candidates: int) -> int:
        """The documents among `candidates` that the target may repeat."""
        outside = candidates & self.outside[target]
        candidates &= (1 << self.targets) - 1
        if self.may_compare is None or not candidates:
            return candidates | outside
        # Asked only about the other targets that share something, not all of them.
        asked = bits(candidates)
        answers = map(self.may_compare, repeat(self.keys[target]), map(self.keys.__getitem__, asked))
        flags = bytearray(self.targets)
        deque(map(flags.__setitem__, compress(asked, answers), repeat(1)), maxlen=0)
        return int(flags[::-1].translate(DIGITS), 2) | outside

    def repeats_of(self, target: int) -> Repeats:
        key, norm, size, lone = self.keys[target], self.norms[target], self.size, self.lone[target]
        characters = len(norm)
        nothing = Repeats(key, characters, 0, 0.0, {}, [])

        found = list(map(self.masks.__getitem__, self.classes[target]))
        for bit, hits in self.hits[target]:
            deque(map(found.__setitem__, hits, map(or_, map(found.__getitem__, hits), repeat(bit))), 0)
        # Common shingles repeat nothing: no source, so they start no passage.
        common_at = self._common_positions(target)
        deque(map(found.__setitem__, common_at, repeat(0)), 0)
        common = _spans(common_at, size)
        own = characters - _length(common)  # what shares are of
        if common:
            nothing = Repeats(key, characters, 0, 0.0, {}, [], characters - own)
        # Shingles held by this target alone all have the one int object `lone`
        # (its own bit) from the index: skip them by identity, in C, and do
        # big-integer work only where something is shared.
        at = list(compress(count(), map(is_not, found, repeat(lone))))
        if not at:
            return nothing
        values = list(map(found.__getitem__, at))
        allowed = self.allowed(target, reduce(or_, set(values)) & ~lone)
        if not allowed:
            return nothing
        values = list(map(allowed.__and__, values))

        # Stretches of consecutive starts with the same sources, found in C;
        # then one Python step per stretch rather than per start.
        same = map(ne, islice(values, 1, None), values)
        breaks = compress(count(1), map(or_, same, map(ne, islice(at, 1, None), map(add, at, repeat(1)))))
        covered: list[_Runs] = []
        reach = -1  # first character after the current covered run
        low = 0
        for high in (*breaks, len(at)):
            sources, first, end = values[low], at[low], at[high - 1] + 1
            low = high
            if not sources:
                continue
            if first > reach:  # an uncovered character in between: a new run
                covered.append([])
            covered[-1].append((sources, first, end))
            reach = end - 1 + size

        passages: list[Passage] = []
        kept: list[tuple[int, int]] = []  # the passages' spans in `norm`
        total: list[int] = []  # bit-sliced counts per source over the kept passages
        involved = repeated = 0
        for segments in covered:
            first, last = segments[0][1], segments[-1][2] - 1 + size
            if last - first < self.min_passage:
                continue
            runs = _character_runs(segments, size)
            planes: list[int] = []
            sources = 0
            for start, end, run_sources in runs:
                add_count(planes, run_sources, end - start)
                sources |= run_sources
            best = largest(planes, sources, self.ranks)
            for p, plane in enumerate(planes):  # total += planes
                add_count(total, plane, 1, p)
            involved |= sources
            repeated += last - first
            kept.append((first, last))
            passages.append(self._passage(target, first, last, best, runs))

        if not passages:
            return nothing
        if common:
            # A passage's edge may lie on common text too: those characters count as the report's own.
            own += _overlap(common, kept)
        held, amounts = source_counts(total, involved, len(self.keys))
        # Largest share first, then str(key): sorted as plain tuples, with no key function.
        order = sorted(zip(map(neg, amounts), map(self.ranks.__getitem__, held), held, strict=True))
        shares = map(truediv, map(neg, map(_first, order)), repeat(own))
        by_source = dict(zip(map(self.keys.__getitem__, map(_third, order)), shares, strict=True))
        return Repeats(key, characters, repeated, repeated / own, by_source, passages, characters - own)

    def _passage(self, target: int, first: int, last: int, best: int, runs: _Runs) -> Passage:
        # Where the best source's runs lie in it: a run copied whole is found
        # whole; one stitched from several places of the source is placed by its
        # first and last shingle, which occur in it by construction.
        norm, source_norm, size, bit = self.norms[target], self.norms[best], self.size, 1 << best
        spans: list[tuple[int, int]] = []
        for start, end, sources in runs:
            if not sources & bit:
                continue
            if spans and spans[-1][1] == start:
                start = spans.pop()[0]
            spans.append((start, end))
        places = []
        for start, end in spans:
            found = source_norm.find(norm[start:end])
            if found >= 0:
                places += [found, found + end - start]
                continue
            for found in map(source_norm.find, (norm[start : start + size], norm[end - size : end])):
                places += [found, found + size]
        offsets, source_offsets = self.offsets_of(target), self.offsets_of(best)
        start, end = offsets[first], offsets[last - 1] + 1
        source_start, source_end = source_offsets[min(places)], source_offsets[max(places) - 1] + 1
        return Passage(start, end, self.keys[best], source_start, source_end, self.texts[target][start:end])
