"""What texts are compared by: their significant characters, positions mapped
back into the original text, and the shingle keys of a normalized text."""

from __future__ import annotations

import re
import struct
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate, count, islice, repeat
from operator import add, itemgetter

# Characters that never change: CJK ideographs, lower-case ASCII letters and
# digits. Only the others are looked at one by one (a tenth of a report).
_OTHER = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fffa-z0-9]")
ASTRAL = re.compile("[\U00010000-\U0010ffff]")

# One fold per distinct character, shared by every call: a campaign uses a few
# hundred distinct non-ideographs but hundreds of thousands of occurrences.
_FOLDED: dict[str, str] = {}


def _fold(char: str) -> str:
    """The significant characters `char` stands for: NFKC (full-width forms to
    ASCII), case folded, without punctuation (P*), separators (Z*) and control
    or format characters (C*)."""
    if char not in _FOLDED:
        nfkc = unicodedata.normalize("NFKC", char).casefold()
        _FOLDED[char] = "".join(c for c in nfkc if unicodedata.category(c)[0] not in "PZC")
    return _FOLDED[char]


def _char_class(chars: Iterable[str]) -> re.Pattern[str]:
    return re.compile("[" + "".join(map(re.escape, sorted(chars))) + "]")


def significant(text: str) -> tuple[str, set[str]]:
    """The significant characters of `text`, folded; and the characters that
    may change, for `Offsets`."""
    others = set(_OTHER.findall(text))
    changed = {char: folded for char in others if (folded := _fold(char)) != char}
    if not changed:
        return text, others
    pattern = _char_class(changed)
    if any(changed.values()):
        return pattern.sub(lambda match: changed[match.group()], text), others
    return pattern.sub("", text), others  # only deletions: no Python call per match


class Offsets:
    """Maps a position in `significant(text)` back to its index in `text`.

    Piece j of the text, cut after each character that does not fold to exactly
    one, begins at significant position starts[j] and at text index origins[j].
    """

    def __init__(self, text: str, others: set[str]) -> None:
        uneven = {char for char in others if len(_fold(char)) != 1}
        self.starts, self.origins = [0], [0]
        if any(_FOLDED[char] for char in uneven):
            # Some character folds to several (the ligature U+FB01 to "fi"): each
            # of those maps back to the one it came from. Rare, so a Python loop.
            shift = 0  # index in text minus significant position, in the current piece
            for i, char in enumerate(text):
                if char in uneven:
                    position, folded = i - shift, _FOLDED[char]
                    self.starts += range(position, position + len(folded))
                    self.origins += repeat(i, len(folded))
                    shift = i + 1 - (position + len(folded))
                    self.starts.append(i + 1 - shift)
                    self.origins.append(i + 1)
        elif uneven:  # only dropped characters: the pieces between them, measured in C
            self.starts += accumulate(map(len, _char_class(uneven).split(text)))
            self.starts.pop()  # the end of the last piece
            self.origins += map(add, islice(self.starts, 1, None), count(1))

    def __getitem__(self, position: int) -> int:
        piece = bisect_right(self.starts, position) - 1
        return self.origins[piece] + position - self.starts[piece]


_first = itemgetter(0)


def shingles(norm: str, size: int, wide: bool) -> list[bytes]:
    """The key of every `size`-character run of `norm`, by start position: its
    UTF-16 (UTF-32 if any text needs it) bytes. struct cuts the runs starting
    at r, r + size, r + 2 * size, ... in one C call, so `size` calls cover all.
    """
    width = 4 if wide else 2
    data = norm.encode("utf-32-le" if wide else "utf-16-le")
    cut = struct.Struct(f"{size * width}s")
    keys: list[bytes] = [b""] * max(len(norm) - size + 1, 0)
    for r in range(min(size, len(keys))):
        windows = (len(norm) - r) // size
        keys[r::size] = map(_first, cut.iter_unpack(data[r * width : (r + windows * size) * width]))
    return keys
