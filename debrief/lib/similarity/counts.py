"""Per-source character counts, bit-sliced: plane p holds bit p of every
source's count, so a sentence found in every report costs a few integer
operations, not one per report."""

from __future__ import annotations

import sys
from array import array
from itertools import compress, count

_ZERO_ONE = bytes.maketrans(b"01", b"\0\1")
DIGITS = bytes.maketrans(b"\0\1", b"01")


def bits(mask: int) -> list[int]:
    """Indices of the set bits of `mask`, lowest first: its binary digits, as 0/1
    bytes, select from count() in C, with no Python step per bit."""
    return list(compress(count(), bin(mask)[:1:-1].encode().translate(_ZERO_ONE)))


def add_count(planes: list[int], sources: int, amount: int, plane: int = 0) -> None:
    """Add `amount` << `plane` to the bit-sliced count of every source in `sources`."""
    while amount:
        if amount & 1:
            carry, p = sources, plane
            while carry:
                if p >= len(planes):
                    planes.extend([0] * (p + 1 - len(planes)))
                carry, planes[p] = planes[p] & carry, planes[p] ^ carry
                p += 1
        amount >>= 1
        plane += 1


def largest(planes: list[int], sources: int, ranks: list[int]) -> int:
    """The source with the largest count; among equals the one of lowest rank."""
    for plane in reversed(planes):
        if sources & plane:
            sources &= plane
    if sources & (sources - 1):
        return min(bits(sources), key=ranks.__getitem__)
    return sources.bit_length() - 1


def source_counts(planes: list[int], sources: int, width: int) -> tuple[list[int], list[int]]:
    """The sources in `sources` and their counts, out of the bit planes: every
    plane's bits spread into one field per source (the narrowest that holds any
    count) by byte-string operations, and the planes added up as integers."""
    counts = next(array(code) for code in "HILQ" if array(code).itemsize * 8 >= len(planes))
    field = counts.itemsize
    fields = bytearray(field * width)
    total = 0
    for p, plane in enumerate(planes):
        fields[field - 1 :: field] = bin(plane)[2:].zfill(width).encode().translate(_ZERO_ONE)
        total += int.from_bytes(fields, "big") << p
    counts.frombytes(total.to_bytes(field * width, sys.byteorder))
    held = bits(sources)
    return held, list(map(counts.__getitem__, held))
