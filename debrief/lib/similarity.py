"""Find the passages of a text that repeat other texts, by character shingles.

Made for debrief reports: Chinese prose of a few thousand characters, compared
with the other reports of the same campaign and with the reporter's own report
of the year before. Chinese has no spaces to split words on, so texts are
compared by shingles: every run of `shingle_size` consecutive significant
characters. Whitespace, punctuation and control characters are not
significant, so re-punctuating a copied paragraph does not hide it.

How it stays fast in CPython, where each Python-level step costs more than the
comparison it does:

- A shingle's key is its own encoded bytes (exact: no hash collisions), cut
  out of the text by struct in C rather than by a Python loop.
- One index over all documents gives each distinct shingle of the targets a
  bitmask of the documents holding it (bit i: the i-th document, targets
  first). It is built with dict and set operations over whole documents, so
  there is no Python loop per shingle, and a target then finds its matches
  with one list look-up per shingle, however many documents share it.
- Per-source character counts are kept bit-sliced (plane p holds bit p of
  every source's count), so a boilerplate sentence found in every report costs
  a few integer operations, not one per report.

Nothing proportional to documents x documents is built: memory is the index
(a few dozen bytes per shingle) and one target's work at a time.
"""

from __future__ import annotations

import re
import struct
import sys
import unicodedata
from array import array
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from functools import reduce
from itertools import compress, count, islice, repeat
from operator import add, is_not, itemgetter, lt, ne, neg, or_, sub


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


def find_repeats(
    documents: Mapping[Hashable, str],
    targets: Iterable[Hashable],
    *,
    may_compare: Callable[[Hashable, Hashable], bool] | None = None,
    shingle_size: int = 8,
    min_passage: int = 16,
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
    ranks = [rank_of[key] for key in keys]

    texts = [documents[key] for key in keys]
    normalized = [_significant(text) for text in texts]
    norms = [norm for norm, _ in normalized]
    # One encoding for every document, so that equal shingles get equal keys.
    wide = any(_ASTRAL.search(norm) for norm in norms)
    masks, classes, lone = _index(norms, len(wanted), shingle_size, wide)

    others = [chars for _, chars in normalized]
    work = _Work(keys, ranks, texts, norms, others, masks, may_compare, shingle_size, min_passage)
    slot_of = {key: slot for slot, key in enumerate(keys[: len(wanted)])}
    return {key: work.repeats_of(slot_of[key], classes[slot_of[key]], lone[slot_of[key]]) for key in wanted}


# --- normalization -----------------------------------------------------------

# Characters that never change: CJK ideographs, lower-case ASCII letters and
# digits. Only the others are looked at one by one (a tenth of a report).
_OTHER = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fffa-z0-9]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")

# One fold per distinct character, shared by every call: a campaign uses a few
# hundred distinct non-ideographs but hundreds of thousands of occurrences.
_FOLDED: dict[str, str] = {}


def _fold(char: str) -> str:
    """The significant characters `char` stands for: NFKC (full-width forms to
    ASCII), case folded, without punctuation (P*), separators (Z*) and control
    or format characters (C*)."""
    folded = _FOLDED.get(char)
    if folded is None:
        folded = "".join(
            c
            for c in unicodedata.normalize("NFKC", char).casefold()
            if unicodedata.category(c)[0] not in "PZC"
        )
        _FOLDED[char] = folded
    return folded


def _char_class(chars: Iterable[str]) -> re.Pattern[str]:
    return re.compile("[" + "".join(map(re.escape, sorted(chars))) + "]")


def _significant(text: str) -> tuple[str, set[str]]:
    """The significant characters of `text`, folded; and the characters that
    may change, for `_Offsets`."""
    others = set(_OTHER.findall(text))
    changed = {char: folded for char in others if (folded := _fold(char)) != char}
    if not changed:
        return text, others
    pattern = _char_class(changed)
    if any(changed.values()):
        return pattern.sub(lambda match: changed[match.group()], text), others
    return pattern.sub("", text), others  # only deletions: no Python call per match


class _Offsets:
    """Maps a position in `_significant(text)` back to its index in `text`."""

    def __init__(self, text: str, others: set[str]) -> None:
        uneven = {char for char in others if len(_fold(char)) != 1}
        # before[j]: how many significant characters come before the j-th dropped
        # one. A significant character at position q then has every dropped one
        # with before[j] <= q in front of it.
        self.before: list[int] = []
        self.pieces: tuple[array, array] | None = None
        if not uneven:
            return
        if any(_FOLDED[char] for char in uneven):
            self.pieces = self._pieces(text, uneven)
            return
        dropped = map(re.Match.start, _char_class(uneven).finditer(text))  # iterated in C
        self.before = list(map(sub, dropped, count()))

    @staticmethod
    def _pieces(text: str, uneven: set[str]) -> tuple[array, array]:
        # Some character folds to several (the ligature U+FB01 to "fi"): each of
        # those maps back to the one it came from. Rare, so a Python loop.
        starts, origins = array("l", [0]), array("l", [0])
        shift = 0  # index in text minus significant position, in the current piece
        for i, char in enumerate(text):
            if char not in uneven:
                continue
            folded = _FOLDED[char]
            position = i - shift
            for j in range(len(folded)):
                starts.append(position + j)
                origins.append(i)
            shift = i + 1 - (position + len(folded))
            starts.append(i + 1 - shift)
            origins.append(i + 1)
        return starts, origins

    def __getitem__(self, position: int) -> int:
        if self.pieces is None:
            return position + bisect_right(self.before, position)
        starts, origins = self.pieces
        piece = bisect_right(starts, position) - 1
        return origins[piece] + position - starts[piece]


# --- index -------------------------------------------------------------------

_first = itemgetter(0)


def _shingles(norm: str, size: int, wide: bool) -> list[bytes]:
    """The key of every `size`-character run of `norm`, by start position.

    A key is the run's UTF-16 (UTF-32 if any text needs it) bytes: exact, so
    no hash collision can make a false match. struct cuts the windows starting
    at r, r + size, r + 2 * size, ... in one C call, so `size` calls cover
    every start.
    """
    count = len(norm) - size + 1
    if count <= 0:
        return []
    width = 4 if wide else 2
    data = norm.encode("utf-32-le" if wide else "utf-16-le")
    cut = struct.Struct(f"{size * width}s")
    keys: list[bytes] = [b""] * count
    for r in range(min(size, count)):
        windows = (len(norm) - r) // size
        keys[r::size] = map(_first, cut.iter_unpack(data[r * width : (r + windows * size) * width]))
    return keys


def _index(norms: list[str], targets: int, size: int, wide: bool) -> tuple[list[int], list[array], list[int]]:
    """Which documents hold each shingle of the first `targets` documents.

    Every distinct shingle of the targets gets a class: the position of its
    first occurrence, numbering the targets' shingles one after another.
    Returns each class's bitmask of the documents holding it, each target's
    classes by shingle position, and each target's own bit: the very int object
    that every class held by that target alone has (see `_Work.repeats_of`).

    Every step works on a whole document at once in C (dict.setdefault, set
    and list operations through map): a Python loop over millions of shingles
    would cost more than everything else. The other documents are only looked
    up, never added, as only what they share with a target matters.
    """
    owner: dict[bytes, int] = {}  # shingle -> its class
    masks: list[int] = [0]  # class 0 is never used, so that 0 can mean "none"
    classes: list[array] = []
    lone: list[int] = []

    def join(found: set[int], document: int) -> None:
        # masks[c] |= bit for every class c in found; the set is iterated twice
        # in the same order, so each class gets its own new mask.
        bit = 1 << document
        deque(map(masks.__setitem__, found, map(or_, map(masks.__getitem__, found), repeat(bit))), maxlen=0)

    for i in range(targets):
        keys = _shingles(norms[i], size, wide)
        base = len(masks)
        # Kept as C longs: a list would keep an int object alive for every class.
        found = array("l", map(owner.setdefault, keys, range(base, base + len(keys))))
        classes.append(found)
        lone.append(1 << i)
        masks.extend(repeat(lone[i], len(keys)))
        join(set(compress(found, map(lt, found, repeat(base)))), i)  # classes of earlier targets
    for i in range(targets, len(norms)):
        join(set(filter(None, map(owner.get, _shingles(norms[i], size, wide)))), i)
    return masks, classes, lone


# --- counting per source -----------------------------------------------------


_ZERO_ONE = bytes.maketrans(b"01", b"\0\1")
_DIGITS = bytes.maketrans(b"\0\1", b"01")


def _bits(mask: int) -> list[int]:
    """Indices of the set bits of `mask`, lowest first."""
    # The binary digits, as 0/1 bytes, select from count() in C: no Python step
    # per bit, which matters when a sentence is in every report.
    return list(compress(count(), bin(mask)[:1:-1].encode().translate(_ZERO_ONE)))


def _add(planes: list[int], sources: int, amount: int) -> None:
    """Add `amount` to the bit-sliced count of every source in `sources`."""
    plane = 0
    while amount:
        if amount & 1:
            carry = sources
            p = plane
            while carry:
                if p >= len(planes):
                    planes.extend([0] * (p + 1 - len(planes)))
                overflow = planes[p] & carry
                planes[p] ^= carry
                carry = overflow
                p += 1
        amount >>= 1
        plane += 1


def _add_counts(total: list[int], planes: list[int]) -> None:
    """total += planes, source by source (a ripple-carry adder over bit planes)."""
    carry = 0
    for p in range(max(len(total), len(planes))):
        a = total[p] if p < len(total) else 0
        b = planes[p] if p < len(planes) else 0
        if p == len(total):
            total.append(0)
        total[p] = a ^ b ^ carry
        carry = (a & b) | (carry & (a ^ b))
    if carry:
        total.append(carry)


def _largest(planes: list[int], sources: int, ranks: list[int]) -> int:
    """The source with the largest count; among equals the one of lowest rank."""
    candidates = sources
    for plane in reversed(planes):
        if candidates & plane:
            candidates &= plane
    if candidates & (candidates - 1):
        return min(_bits(candidates), key=ranks.__getitem__)
    return candidates.bit_length() - 1


_FIELD = array("L").itemsize  # bytes per count when spreading planes (at least 4)


def _counts(planes: list[int], sources: int, width: int) -> list[tuple[int, int]]:
    """(source, count) for every source in `sources`, out of the bit planes.

    With many sources, every plane's bits are spread into fields of _FIELD
    bytes by byte-string operations and the planes added up as integers, all
    in C, so a campaign-wide sentence does not cost a Python step per report.
    """
    if sources.bit_count() <= 32:
        return [
            (source, sum(((plane >> source) & 1) << p for p, plane in enumerate(planes)))
            for source in _bits(sources)
        ]
    fields = bytearray(_FIELD * width)
    total = 0
    for p, plane in enumerate(planes):
        fields[_FIELD - 1 :: _FIELD] = bin(plane)[2:].zfill(width).encode().translate(_ZERO_ONE)
        total += int.from_bytes(fields, "big") << p
    counts = array("L")
    counts.frombytes(total.to_bytes(_FIELD * width, sys.byteorder))
    held = _bits(sources)
    return list(zip(held, map(counts.__getitem__, held), strict=True))


# --- one target --------------------------------------------------------------


def _character_runs(segments: list[tuple[int, int, int]], size: int) -> list[tuple[int, int, int]]:
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
    runs: list[tuple[int, int, int]] = []
    low = high = 0
    last = len(segments)
    for here, after in zip(points, islice(points, 1, None)):  # noqa: B905 (one shorter by design)
        while high < last and firsts[high] <= here:
            high += 1
        while ends[low] <= here:
            low += 1
        sources = values[low] if high - low == 1 else reduce(or_, values[low:high])
        if runs and runs[-1][2] == sources:
            runs[-1] = (runs[-1][0], after, sources)
        else:
            runs.append((here, after, sources))
    return runs


def _source_span(norm: str, source_norm: str, runs: list[tuple[int, int]], size: int) -> tuple[int, int]:
    """Where the given runs of `norm` lie in `source_norm` (significant positions).

    A run copied whole is found whole. A run stitched from several places of
    the source is placed by its first and last shingle, each of which occurs in
    the source by construction. The span covers all the places found.
    """
    spans = []
    for start, end in runs:
        found = source_norm.find(norm[start:end])
        if found >= 0:
            spans.append((found, found + end - start))
            continue
        for piece in (norm[start : start + size], norm[end - size : end]):
            found = source_norm.find(piece)
            spans.append((found, found + size))
    return min(s for s, _ in spans), max(e for _, e in spans)


class _Work:
    """What every target's comparison needs, and the offset maps made on demand."""

    def __init__(
        self,
        keys: list[Hashable],
        ranks: list[int],
        texts: list[str],
        norms: list[str],
        others: list[set[str]],
        masks: list[int],
        may_compare: Callable[[Hashable, Hashable], bool] | None,
        size: int,
        min_passage: int,
    ) -> None:
        self.keys = keys
        self.ranks = ranks
        self.texts = texts
        self.norms = norms
        self.others = others
        self.masks = masks
        self.may_compare = may_compare
        self.size = size
        self.min_passage = min_passage
        self.offsets: dict[int, _Offsets] = {}

    def offsets_of(self, slot: int) -> _Offsets:
        offsets = self.offsets.get(slot)
        if offsets is None:
            offsets = self.offsets[slot] = _Offsets(self.texts[slot], self.others[slot])
        return offsets

    def allowed(self, target: int, candidates: int) -> int:
        """The documents among `candidates` that the target may repeat."""
        if self.may_compare is None:
            return candidates
        # Asked only about documents that share something, not all of them.
        asked = _bits(candidates)
        answers = map(self.may_compare, repeat(self.keys[target]), map(self.keys.__getitem__, asked))
        flags = bytearray(len(self.keys))
        deque(map(flags.__setitem__, compress(asked, answers), repeat(1)), maxlen=0)
        return int(flags[::-1].translate(_DIGITS), 2)

    def repeats_of(self, target: int, classes: array, lone: int) -> Repeats:
        key, norm, size = self.keys[target], self.norms[target], self.size
        characters = len(norm)
        nothing = Repeats(key, characters, 0, 0.0, {}, [])

        found = list(map(self.masks.__getitem__, classes))
        # Shingles held by this target alone all have the one int object `lone`
        # (its own bit) from the index: skip them by identity, in C, and do
        # big-integer work only where something is shared.
        at = list(compress(count(), map(is_not, found, repeat(lone))))
        if not at:
            return nothing
        values = list(map(found.__getitem__, at))
        allowed = self.allowed(target, reduce(or_, set(values)) & ~(1 << target))
        if not allowed:
            return nothing
        values = list(map(allowed.__and__, values))

        # Stretches of consecutive starts with the same sources, found in C;
        # then one Python step per stretch rather than per start.
        breaks = compress(
            count(1),
            map(
                or_,
                map(ne, islice(values, 1, None), values),
                map(ne, islice(at, 1, None), map(add, at, repeat(1))),
            ),
        )
        covered: list[list[tuple[int, int, int]]] = []
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
        total: list[int] = []  # bit-sliced counts per source over the kept passages
        involved = 0
        repeated = 0
        for segments in covered:
            first, last = segments[0][1], segments[-1][2] - 1 + size
            if last - first < self.min_passage:
                continue
            runs = _character_runs(segments, size)
            planes: list[int] = []
            sources = 0
            for start, end, run_sources in runs:
                _add(planes, run_sources, end - start)
                sources |= run_sources
            best = _largest(planes, sources, self.ranks)
            _add_counts(total, planes)
            involved |= sources
            repeated += last - first
            passages.append(self._passage(target, first, last, best, runs))

        if not passages:
            return nothing
        held, amounts = zip(*_counts(total, involved, len(self.keys)), strict=True)
        # Largest share first, then str(key): sorted as plain tuples, with no key function.
        order = sorted(zip(map(neg, amounts), map(self.ranks.__getitem__, held), held, strict=True))
        by_source = {self.keys[source]: -negated / characters for negated, _, source in order}
        return Repeats(key, characters, repeated, repeated / characters, by_source, passages)

    def _passage(
        self, target: int, first: int, last: int, best: int, runs: list[tuple[int, int, int]]
    ) -> Passage:
        bit = 1 << best
        best_runs: list[tuple[int, int]] = []
        for start, end, sources in runs:
            if sources & bit:
                if best_runs and best_runs[-1][1] == start:
                    best_runs[-1] = (best_runs[-1][0], end)
                else:
                    best_runs.append((start, end))
        source_first, source_last = _source_span(self.norms[target], self.norms[best], best_runs, self.size)
        offsets, source_offsets = self.offsets_of(target), self.offsets_of(best)
        start, end = offsets[first], offsets[last - 1] + 1
        return Passage(
            start=start,
            end=end,
            source=self.keys[best],
            source_start=source_offsets[source_first],
            source_end=source_offsets[source_last - 1] + 1,
            text=self.texts[target][start:end],
        )
