"""Shares such as a poor-rate threshold or a cap: typed as "1/3", "30%" or "0.3", kept exact."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def parse_share(text: str) -> Fraction | None:
    """The exact share a user typed, from 0 to 1; blank means no rule (None)."""
    text = (text or "").strip().replace("％", "%").replace("／", "/")
    if not text:
        return None
    try:
        if text.endswith("%"):
            value = _exact(text[:-1].strip()) / 100
        elif "/" in text:
            numerator, denominator = (part.strip() for part in text.split("/", 1))
            value = Fraction(int(numerator), int(denominator))
        else:
            value = _exact(text)
    except (ValueError, ZeroDivisionError, InvalidOperation):
        raise ValidationError(
            _("“%(text)s” is not a share; write it as 1/3, 30%% or 0.3.") % {"text": text}
        ) from None
    if not 0 <= value <= 1:
        raise ValidationError(
            _("A share must lie between 0 and 1 (0%% to 100%%), not “%(text)s”.") % {"text": text}
        )
    return value


def _exact(text: str) -> Fraction:
    """A decimal typed as text, exactly. Infinity, NaN and exponents no share is written with
    (1e-999999999 would take minutes to make exact) are not numbers here."""
    number = Decimal(text)
    if not number.is_finite() or not -20 <= number.as_tuple().exponent <= 2:
        raise InvalidOperation
    return Fraction(number)


def validate_share(text: str) -> None:
    parse_share(text)


def share_label(text: str) -> str:
    """A share as people read it: 1/3 stays 1/3, 0.3 shows as 30%."""
    value = parse_share(text)
    if value is None:
        return ""
    if value.denominator in (1, 2, 4, 5, 10, 20, 25, 50, 100):
        return f"{(value * 100).numerator / (value * 100).denominator:g}%"
    return f"{value.numerator}/{value.denominator}"
