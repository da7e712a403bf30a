import math
import random
import re
import secrets

import pytest

from debrief.lib import ballot_codes
from debrief.lib.ballot_codes import ALPHABET, CodeErrorKind, CodeFormatError

KEY = b"k" * 32
CODE_PATTERN = re.compile(f"[{ALPHABET}]{{10}}")


def sample_codes(count=300, seed=2022):
    rng = random.Random(seed)
    return [ballot_codes.generate_code(rng) for _ in range(count)]


def error_kind(text, normalize=ballot_codes.normalize):
    """The kind of error `normalize` raises for `text`, or None if it accepts it."""
    try:
        normalize(text)
    except CodeFormatError as error:
        return error.kind
    return None


def test_the_alphabet_has_no_ambiguous_symbols_and_a_prime_size():
    assert not set("0O1IL") & set(ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET) == 31
    assert all(31 % d for d in range(2, 31))


def test_a_code_is_ten_characters_from_the_alphabet_with_a_valid_check():
    for code in sample_codes(50):
        assert CODE_PATTERN.fullmatch(code)
        assert ballot_codes.normalize(code) == code


def test_the_random_part_carries_at_least_40_bits():
    assert (ballot_codes.CODE_LENGTH - 1) * math.log2(len(ALPHABET)) >= 40


def test_codes_come_from_secrets_by_default(monkeypatch):
    drawn = []

    def choice(seq):
        drawn.append(seq)
        return seq[0]

    monkeypatch.setattr(secrets, "choice", choice)
    code = ballot_codes.generate_code()
    assert len(drawn) == 9
    assert code.startswith("2" * 9)


def test_an_injected_rng_makes_codes_reproducible():
    assert sample_codes(5, seed=7) == sample_codes(5, seed=7)
    assert sample_codes(5, seed=7) != sample_codes(5, seed=8)


def test_the_default_source_gives_different_codes():
    assert len({ballot_codes.generate_code() for _ in range(200)}) == 200


def test_codes_are_displayed_in_groups_of_four_four_two():
    assert ballot_codes.format_code("ABCD2345XY") == "ABCD-2345-XY"


def test_every_single_substitution_weight_is_non_zero_modulo_31():
    # The change a substitution makes to the weighted sum is position * (new - old):
    # enumerating every position and pair of values proves detection for all codes.
    for position in range(1, ballot_codes.CODE_LENGTH + 1):
        for old in range(31):
            for new in range(31):
                if old != new:
                    assert position * (new - old) % 31 != 0


def test_every_transposition_weight_is_non_zero_modulo_31():
    for i in range(1, ballot_codes.CODE_LENGTH + 1):
        for j in range(i + 1, ballot_codes.CODE_LENGTH + 1):
            for a in range(31):
                for b in range(31):
                    if a != b:
                        assert (j - i) * (a - b) % 31 != 0


def test_every_single_substitution_of_sample_codes_is_detected():
    for code in sample_codes(100):
        for position in range(len(code)):
            for char in ALPHABET:
                if char != code[position]:
                    typo = code[:position] + char + code[position + 1 :]
                    assert error_kind(typo) is CodeErrorKind.CHECK_MISMATCH, (code, typo)


def test_every_adjacent_transposition_of_sample_codes_is_detected():
    checked = 0
    for code in sample_codes():
        for position in range(len(code) - 1):
            a, b = code[position], code[position + 1]
            if a != b:
                swapped = code[:position] + b + a + code[position + 2 :]
                assert error_kind(swapped) is CodeErrorKind.CHECK_MISMATCH, (code, swapped)
                checked += 1
    assert checked > 2500


def test_transpositions_at_any_distance_are_detected_too():
    for code in sample_codes(50):
        for i in range(len(code)):
            for j in range(i + 2, len(code)):
                if code[i] != code[j]:
                    chars = list(code)
                    chars[i], chars[j] = chars[j], chars[i]
                    assert error_kind("".join(chars)) is CodeErrorKind.CHECK_MISMATCH


def full_width(text):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@pytest.mark.parametrize(
    "spell",
    [
        lambda code: code,
        lambda code: code.lower(),
        ballot_codes.format_code,
        lambda code: f" {code[:4].lower()} {code[4:8]} {code[8:].lower()} ",
        # A Chinese IME in full-width mode types ＡＢＣＤ－２３４５.
        lambda code: full_width(ballot_codes.format_code(code)),
        lambda code: f"{code[:4]}\u3000{code[4:8]}\u3000{code[8:]}",  # ideographic spaces
        lambda code: f"{code[:4]}\u2014{code[4:8]}\u2013{code[8:]}",  # dashes from word processors
        lambda code: f"{code[:4]}_{code[4:8]}.{code[8:]}",
    ],
)
def test_normalize_accepts_the_usual_spellings(spell):
    for code in sample_codes(20):
        assert ballot_codes.normalize(spell(code)) == code


def test_normalize_reports_the_length():
    code = sample_codes(1)[0]
    with pytest.raises(CodeFormatError) as caught:
        ballot_codes.normalize(code[:9])
    assert caught.value.kind is CodeErrorKind.WRONG_LENGTH
    assert (caught.value.length, caught.value.expected_length) == (9, 10)
    assert str(caught.value) == "The code has 9 characters; it should have 10."
    assert error_kind(code + "2") is CodeErrorKind.WRONG_LENGTH


@pytest.mark.parametrize("bad", ["0", "O", "1", "I", "L", "o", "l", "?", "测", "Ü"])
def test_normalize_rejects_characters_outside_the_alphabet_with_their_position(bad):
    code = sample_codes(1)[0]
    with pytest.raises(CodeFormatError) as caught:
        ballot_codes.normalize(code[:3] + bad + code[4:])
    assert caught.value.kind is CodeErrorKind.INVALID_CHARACTER
    assert caught.value.position == 4
    assert caught.value.character == bad.upper()
    assert str(caught.value).startswith("Character 4 ")


def test_an_invalid_character_is_reported_before_the_length():
    assert error_kind("ABC0") is CodeErrorKind.INVALID_CHARACTER


@pytest.mark.parametrize("blank", ["", "   ", "- -", "\u3000"])
def test_normalize_rejects_an_empty_code(blank):
    assert error_kind(blank) is CodeErrorKind.EMPTY


def test_every_error_kind_has_a_short_english_message():
    for kind in CodeErrorKind:
        message = str(CodeFormatError(kind, expected_length=10, length=3, position=2, character="O"))
        assert message and len(message) < 80


def test_the_hash_is_stable_and_hex():
    code = sample_codes(1)[0]
    digest = ballot_codes.code_hash(code, KEY)
    assert re.fullmatch("[0-9a-f]{64}", digest)
    assert digest == ballot_codes.code_hash(code, KEY)


def test_the_hash_is_keyed():
    code = sample_codes(1)[0]
    assert ballot_codes.code_hash(code, KEY) != ballot_codes.code_hash(code, b"j" * 32)


def test_the_hash_does_not_depend_on_the_spelling():
    code = sample_codes(1)[0]
    typed = ballot_codes.format_code(code).lower()
    assert ballot_codes.code_hash(typed, KEY) == ballot_codes.code_hash(code, KEY)


def test_different_codes_hash_differently():
    codes = sample_codes(100)
    assert len({ballot_codes.code_hash(c, KEY) for c in codes}) == len(set(codes))


def test_the_hash_refuses_a_short_key_and_a_malformed_code():
    code = sample_codes(1)[0]
    with pytest.raises(ValueError):
        ballot_codes.code_hash(code, b"short")
    with pytest.raises(CodeFormatError):
        ballot_codes.code_hash(code[:9], KEY)


def test_code_matches_compares_against_the_stored_hash():
    code, other = sample_codes(2)
    stored = ballot_codes.code_hash(code, KEY)
    assert ballot_codes.code_matches(ballot_codes.format_code(code), stored, KEY)
    assert not ballot_codes.code_matches(other, stored, KEY)
    assert not ballot_codes.code_matches("nonsense", stored, KEY)


def test_constant_time_equal():
    assert ballot_codes.constant_time_equal("abc", "abc")
    assert not ballot_codes.constant_time_equal("abc", "abd")
    assert not ballot_codes.constant_time_equal("abc", "abcd")


def test_a_receipt_has_its_own_format_that_is_never_a_ballot_code():
    rng = random.Random(3)
    for _ in range(100):
        receipt = ballot_codes.receipt_code(rng)
        assert re.fullmatch(f"R-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}", receipt)
        assert ballot_codes.normalize_receipt(receipt) == receipt
        assert error_kind(receipt) is CodeErrorKind.WRONG_LENGTH


def test_receipts_come_from_secrets_by_default(monkeypatch):
    monkeypatch.setattr(secrets, "choice", lambda seq: seq[-1])
    assert ballot_codes.receipt_code().startswith("R-ZZZZ-ZZZ")


def test_normalize_receipt_is_as_lenient_as_normalize():
    receipt = ballot_codes.receipt_code(random.Random(4))
    body = receipt.replace("R-", "").replace("-", "")
    for typed in [receipt.lower(), body, f" r {body[:4]} {body[4:]} ", full_width(receipt)]:
        assert ballot_codes.normalize_receipt(typed) == receipt


def test_a_receipt_whose_body_starts_with_r_is_read_without_its_prefix():
    rng = random.Random(5)
    receipt = next(r for r in iter(lambda: ballot_codes.receipt_code(rng), None) if r.startswith("R-R"))
    body = receipt[2:].replace("-", "")
    assert ballot_codes.normalize_receipt(body) == receipt
    assert ballot_codes.normalize_receipt(receipt) == receipt


def test_normalize_receipt_detects_typos():
    receipt = ballot_codes.receipt_code(random.Random(6))
    body = receipt[2:].replace("-", "")
    swapped = body[1] + body[0] + body[2:]
    if body[0] != body[1]:
        assert error_kind(swapped, ballot_codes.normalize_receipt) is CodeErrorKind.CHECK_MISMATCH
    wrong = body[:7] + ALPHABET[(ALPHABET.index(body[7]) + 1) % 31]
    assert error_kind(wrong, ballot_codes.normalize_receipt) is CodeErrorKind.CHECK_MISMATCH
    assert error_kind("R-" + body[:7], ballot_codes.normalize_receipt) is CodeErrorKind.WRONG_LENGTH
