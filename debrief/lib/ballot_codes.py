"""One-time ballot codes (测评码) and vote receipts for the democratic evaluation.

A ballot code is 10 characters from a 31-symbol alphabet, digits 2-9 and the
upper-case letters without I, L and O, so nothing on a slip can be misread as
0/O or 1/I/L. Codes are shown grouped as XXXX-XXXX-XX and handled internally
in canonical form: 10 upper-case characters, no separators.

The first nine characters are random, drawn with `secrets`: 9 x log2(31) =
44.6 bits of entropy. The tenth is a check character: reading each character as
its index v in ALPHABET and numbering positions from 1, it makes

    sum(i * v_i for i = 1..10) = 0  (mod 31).

Because 31 is prime, the check catches every error of these kinds:

* a single wrong character at position i changes the sum by i * d, where
  0 < |d| < 31 and 0 < i < 31, so by a non-zero amount modulo 31;
* two different characters swapped at positions i < j change it by
  (j - i) * (v_i - v_j), again non-zero modulo 31. Adjacent transpositions
  are the case j = i + 1, but swaps at any distance are caught.

A receipt (回执码), shown after voting, reads R-XXXX-XXXX: the letter R, then
seven random characters (34.7 bits) and a check character computed in the same
way. The R and the other length keep it from passing for a ballot code; it needs
less entropy because it only proves that a ballot was counted.

Codes are stored only as `code_hash`, an HMAC-SHA256 under a server key, so a
database dump alone neither reveals codes nor lets anyone test guesses.
"""

import enum
import hashlib
import hmac
import secrets
import unicodedata
from typing import Protocol

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
MODULUS = len(ALPHABET)  # 31, prime: the proof above depends on it
CODE_LENGTH = 10
CODE_GROUPS = (4, 4, 2)
RECEIPT_PREFIX = "R"
RECEIPT_LENGTH = 8  # after the prefix, check character included
RECEIPT_GROUPS = (4, 4)
MIN_KEY_BYTES = 16

_VALUES = {char: value for value, char in enumerate(ALPHABET)}
# Dashes, dots and underscores people type between groups (spaces are dropped
# too), after NFKC has turned full-width forms such as － into ASCII ones.
_SEPARATORS = frozenset("-_.\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc")


class Rng(Protocol):
    """What codes are drawn with: the `secrets` module or a `random.Random`."""

    def choice(self, seq, /): ...


class CodeErrorKind(enum.Enum):
    EMPTY = "empty"
    WRONG_LENGTH = "wrong_length"
    INVALID_CHARACTER = "invalid_character"
    CHECK_MISMATCH = "check_mismatch"


class CodeFormatError(ValueError):
    """What is wrong with a typed code.

    `kind` says which rule failed; `length` (WRONG_LENGTH), `expected_length`,
    `position` (1-based, INVALID_CHARACTER) and `character` let a caller word
    its own, translated message. str(error) is a short English message.
    """

    def __init__(
        self,
        kind: CodeErrorKind,
        *,
        expected_length: int,
        length: int | None = None,
        position: int | None = None,
        character: str | None = None,
    ):
        self.kind = kind
        self.expected_length = expected_length
        self.length = length
        self.position = position
        self.character = character
        super().__init__(self._message())

    def _message(self) -> str:
        if self.kind is CodeErrorKind.EMPTY:
            return "Enter the code."
        if self.kind is CodeErrorKind.WRONG_LENGTH:
            plural = "" if self.length == 1 else "s"
            return f"The code has {self.length} character{plural}; it should have {self.expected_length}."
        if self.kind is CodeErrorKind.INVALID_CHARACTER:
            return f"Character {self.position} ({self.character!r}) does not occur in codes."
        return "The code is mistyped: check every character."


def _check_value(values: list[int]) -> int:
    """The value that, appended to `values`, makes the weighted sum 0 mod 31."""
    position = len(values) + 1
    total = sum(i * v for i, v in enumerate(values, start=1))
    return (-total * pow(position, -1, MODULUS)) % MODULUS


def _is_valid(values: list[int]) -> bool:
    return sum(i * v for i, v in enumerate(values, start=1)) % MODULUS == 0


def _with_check(body: str) -> str:
    return body + ALPHABET[_check_value([_VALUES[c] for c in body])]


def _random_body(length: int, rng: Rng) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(length))


def _grouped(text: str, groups: tuple[int, ...]) -> str:
    parts, start = [], 0
    for size in groups:
        parts.append(text[start : start + size])
        start += size
    return "-".join(parts)


def generate_code(rng: Rng = secrets) -> str:
    """A new ballot code in canonical form (10 characters, no separators).

    `rng` is anything with `choice` (the `secrets` module, or a seeded
    `random.Random` in tests); never pass a predictable one in production.
    """
    return _with_check(_random_body(CODE_LENGTH - 1, rng))


def format_code(code: str) -> str:
    """The canonical code grouped for reading: XXXX-XXXX-XX."""
    return _grouped(code, CODE_GROUPS)


def _compact(text: str) -> str:
    """NFKC, upper case, separators and spaces removed."""
    folded = unicodedata.normalize("NFKC", text).upper()
    return "".join(c for c in folded if not c.isspace() and c not in _SEPARATORS)


def _validated(chars: str, expected_length: int) -> str:
    """`chars` if they pass, in order, the character, length and check rules."""
    if not chars:
        raise CodeFormatError(CodeErrorKind.EMPTY, expected_length=expected_length, length=0)
    for position, char in enumerate(chars, start=1):
        if char not in _VALUES:
            raise CodeFormatError(
                CodeErrorKind.INVALID_CHARACTER,
                expected_length=expected_length,
                length=len(chars),
                position=position,
                character=char,
            )
    if len(chars) != expected_length:
        raise CodeFormatError(CodeErrorKind.WRONG_LENGTH, expected_length=expected_length, length=len(chars))
    if not _is_valid([_VALUES[c] for c in chars]):
        raise CodeFormatError(
            CodeErrorKind.CHECK_MISMATCH, expected_length=expected_length, length=len(chars)
        )
    return chars


def normalize(text: str) -> str:
    """The canonical form of a typed ballot code, or CodeFormatError.

    Accepts lower case, full-width characters (ＡＢＣ２３, －) and, anywhere,
    spaces, hyphens, other dashes, dots and underscores. No character is guessed: the
    alphabet holds neither 0/O nor 1/I/L, so a typed O, 0, I, L or 1 cannot
    stand for anything in it and is reported as an invalid character, with
    its position. Characters are checked first, then length, then the check
    character.
    """
    return _validated(_compact(text), CODE_LENGTH)


def code_hash(code: str, key: bytes) -> str:
    """HMAC-SHA256 (hex) of the canonical code under `key`: the stored form.

    The code is normalized first, so any accepted spelling hashes alike;
    a code that does not normalize raises CodeFormatError. Look codes up by
    this hash; to compare one against a stored hash, use `code_matches`.
    """
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"The key must have at least {MIN_KEY_BYTES} bytes.")
    return hmac.new(key, normalize(code).encode("ascii"), hashlib.sha256).hexdigest()


def code_matches(code: str, stored_hash: str, key: bytes) -> bool:
    """Whether `code` hashes to `stored_hash`, compared in constant time."""
    try:
        candidate = code_hash(code, key)
    except CodeFormatError:
        return False
    return constant_time_equal(candidate, stored_hash)


def constant_time_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def receipt_code(rng: Rng = secrets) -> str:
    """A new receipt, R-XXXX-XXXX (the displayed form is also canonical)."""
    return format_receipt(_with_check(_random_body(RECEIPT_LENGTH - 1, rng)))


def format_receipt(body: str) -> str:
    return f"{RECEIPT_PREFIX}-{_grouped(body, RECEIPT_GROUPS)}"


def normalize_receipt(text: str) -> str:
    """The canonical R-XXXX-XXXX form of a typed receipt, or CodeFormatError.

    Same leniency as `normalize`; the leading R may be left out. Lengths and
    positions in errors count the characters after the R.
    """
    folded = unicodedata.normalize("NFKC", text).upper().lstrip()
    chars = _compact(folded)
    after_prefix = folded[len(RECEIPT_PREFIX) : len(RECEIPT_PREFIX) + 1]
    separated = after_prefix.isspace() or after_prefix in _SEPARATORS
    # Without a separator, an R may begin the body itself: the length decides.
    if chars.startswith(RECEIPT_PREFIX) and (separated or len(chars) != RECEIPT_LENGTH):
        chars = chars[len(RECEIPT_PREFIX) :]
    return format_receipt(_validated(chars, RECEIPT_LENGTH))
