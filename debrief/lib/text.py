"""Small text helpers: user-facing lists, and free text made safe to store and export."""

import re
from collections.abc import Iterable

from django.utils.translation import pgettext

# Characters text pasted from Word or sent through the API may hold that no page shows and that
# XML 1.0 (XLSX, DOCX) cannot carry or PostgreSQL refuses (NUL): C0 controls other than tab and
# line breaks, DEL, lone surrogates, and the non-characters U+FFFE and U+FFFF.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def join_names(names: Iterable[str]) -> str:
    """Join names the way the user's language lists them (“、” in Chinese)."""
    return list_separator().join(names)


def list_separator() -> str:
    return pgettext("list separator", ", ")


def clause_separator() -> str:
    """Between clauses of one sentence: “；” in Chinese, "; " in English."""
    return pgettext("clause separator", "; ")


def join_clauses(clauses: Iterable[str]) -> str:
    return clause_separator().join(clauses)


def parenthesized(text: object) -> str:
    """`text` in brackets after what precedes it: “（…）” in Chinese, " (…)" in English."""
    return pgettext("parenthesized", " (%(text)s)") % {"text": text}


def clean_text(text: str) -> str:
    """`text` without control characters; tabs and line breaks stay."""
    return _INVISIBLE.sub("", text)


def tidy(text: str) -> str:
    """`text` cleaned and stripped: what services store of a free-text field."""
    return clean_text(text or "").strip()


def tidy_lines(lines: Iterable[str]) -> list[str]:
    """Each of `lines` tidied, blank ones dropped: problems, measures, sub-indicators."""
    return [line for line in map(tidy, lines) if line]
