"""Small text helpers for user-facing messages."""

from collections.abc import Iterable

from django.utils.translation import pgettext


def join_names(names: Iterable[str]) -> str:
    """Join names the way the user's language lists them (“、” in Chinese)."""
    return pgettext("list separator", ", ").join(names)
