"""The sheet of the organization import: its columns, and its rows read into
well-formed values (required values, codes, lengths, choices, dates), every
problem collected by row and column."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from debrief.lib.dates import date_problem
from debrief.lib.tables import (
    Column,
    Row,
    RowErrors,
    cell_text,
    cell_texts,
    in_every_language,
    normalize_label,
)

from .models import CODE_PATTERN, Level, OrganizationStatus, OrganizationType, code_validator

COLUMNS = [
    Column("code", gettext_lazy("Organization code"), required=True),
    Column("name", gettext_lazy("Organization name"), required=True, width=26),
    Column("short_name", gettext_lazy("Short name")),
    Column("org_type", gettext_lazy("Organization type"), required=True, width=26),
    Column("level", gettext_lazy("Level"), required=True),
    Column("parent_code", gettext_lazy("Parent organization code")),
    Column("status", gettext_lazy("Status")),
    Column("secretary_name", gettext_lazy("Secretary")),
    Column("secretary_start", gettext_lazy("Secretary's term start")),
    Column("secretary_phone", gettext_lazy("Secretary's mobile phone")),
]
MAX_LENGTH = {"code": 64, "name": 200, "short_name": 100, "secretary_name": 64, "secretary_phone": 32}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
CHOICE_COLUMNS = {"org_type": OrganizationType, "level": Level, "status": OrganizationStatus}


@dataclass
class ImportRow:
    line: int
    code: str
    name: str
    short_name: str
    org_type: str
    level: str
    parent_code: str
    status: str
    secretary_name: str
    secretary_start: datetime.date | None
    secretary_phone: str


def parse_rows(table: list[Row], errors: RowErrors) -> list[ImportRow]:
    """Rows with every value well-formed; the others leave their errors in `errors`,
    as does a code that an earlier row already has."""
    codes_seen: dict[str, int] = {}
    for line, raw in table:
        code = cell_text(raw.get("code"))
        if code and code in codes_seen:
            errors.add(
                line,
                "code",
                _("Code “%(code)s” also appears on row %(other)d; each organization may appear only once.")
                % {"code": code, "other": codes_seen[code]},
            )
        codes_seen.setdefault(code, line)
    aliases = {key: _choice_aliases(choices) for key, choices in CHOICE_COLUMNS.items()}
    rows = []
    for line, raw in table:
        errors_before = len(errors)
        row = _parse_row(line, raw, aliases, errors)
        if len(errors) == errors_before:
            rows.append(row)
    return rows


def _choice_aliases(choices) -> dict[str, str]:
    aliases = {}
    for value, label in zip(choices.values, choices.labels, strict=True):
        for text in in_every_language(label) | {value}:
            aliases[normalize_label(text)] = value
    return aliases


def _parse_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    if ISO_DATE.fullmatch(text):  # the usual form, parsed faster than by strptime
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _parse_row(line: int, raw: dict[str, object], aliases: dict, errors: RowErrors) -> ImportRow:
    text = cell_texts(raw, COLUMNS)
    for column in COLUMNS:
        if column.required and not text[column.key]:
            errors.add(line, column.key, _("This value is required."))
    if text["code"] and not re.match(CODE_PATTERN, text["code"]):
        errors.add(line, "code", str(code_validator.message))
    for key, limit in MAX_LENGTH.items():
        if len(text[key]) > limit:
            message = _("At most %(max)d characters; this has %(n)d.") % {"max": limit, "n": len(text[key])}
            errors.add(line, key, message)
    choices = {}
    for key, choice_class in CHOICE_COLUMNS.items():
        choices[key] = ""
        if text[key]:
            choices[key] = aliases[key].get(normalize_label(text[key]), "")
            if not choices[key]:
                allowed = " / ".join(str(label) for label in choice_class.labels)
                message = _("“%(value)s” is not allowed here; use one of: %(choices)s.")
                errors.add(line, key, message % {"value": text[key], "choices": allowed})
    start = None
    if text["secretary_start"]:
        try:
            start = _parse_date(raw.get("secretary_start"))
        except ValueError:
            message = _("“%(value)s” is not a date; write it like 2023-01-31.")
            errors.add(line, "secretary_start", message % {"value": text["secretary_start"]})
        else:
            if message := date_problem(start):
                errors.add(line, "secretary_start", message)
        if not text["secretary_name"]:
            message = _("A term start date is given, so the secretary's name is required.")
            errors.add(line, "secretary_name", message)
    return ImportRow(
        line=line,
        code=text["code"],
        name=text["name"],
        short_name=text["short_name"],
        org_type=choices["org_type"],
        level=choices["level"],
        parent_code=text["parent_code"],
        status=choices["status"] or OrganizationStatus.ACTIVE,
        secretary_name=text["secretary_name"],
        secretary_start=start,
        secretary_phone=text["secretary_phone"],
    )
