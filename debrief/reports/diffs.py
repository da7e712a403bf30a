"""Two submitted versions of a report side by side, with what changed marked."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines
from django.utils.translation import gettext as _

from .models import SECTION_LABELS, TEXT_SECTIONS, ReportVersion


@dataclass
class SectionDiff:
    label: str
    left: SafeString
    right: SafeString
    changed: bool = field(default=False)


def _mark(text: str, tag: str) -> str:
    return f"<{tag}>{escape(text)}</{tag}>" if text else ""


def _diff_text(a: str, b: str) -> tuple[SafeString, SafeString]:
    # Character-level: Chinese has no spaces to split words on.
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    left, right = [], []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            left.append(escape(a[i1:i2]))
            right.append(escape(b[j1:j2]))
        else:
            left.append(_mark(a[i1:i2], "del"))
            right.append(_mark(b[j1:j2], "ins"))
    return mark_safe("".join(left)), mark_safe("".join(right))


def comparable(text: str) -> str:
    """A section as the compare reads it: one line per paragraph, as the report page shows it.

    Versions saved before line breaks were stored as "\n" hold "\r\n" (or blank lines between
    paragraphs); they are read the same way as newer ones, so an untouched paragraph never shows as
    changed.
    """
    lines = (line.rstrip() for line in normalize_newlines(text or "").split("\n"))
    return "\n".join(line for line in lines if line.strip())


def _section_texts(version: ReportVersion) -> dict[str, str]:
    content = version.content
    texts = {name: comparable(content.get(name, "")) for name in TEXT_SECTIONS}
    texts["problems"] = "\n".join(
        f"{i}. {comparable(item)}" for i, item in enumerate(content.get("problems", []), start=1)
    )
    figures = version.indicator_values
    texts["indicators"] = "\n".join(f"{name}: {value}" for name, value in figures.items())
    return texts


def compare_versions(older: ReportVersion, newer: ReportVersion) -> list[SectionDiff]:
    a, b = _section_texts(older), _section_texts(newer)
    labels = {**SECTION_LABELS, "indicators": _("Key indicators")}
    order = ["duties", "problems", "causes", "measures", "rectification_account", "indicators"]
    diffs = []
    for name in order:
        left, right = _diff_text(a[name], b[name])
        diffs.append(SectionDiff(label=str(labels[name]), left=left, right=right, changed=a[name] != b[name]))
    return diffs
