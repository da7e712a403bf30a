"""The range of dates the project accepts: campaigns, meetings, deadlines, terms, filters.

A mistyped year (0001, 20233) would otherwise be stored: PostgreSQL keeps a meeting at year 1
in Shanghai time as a date before Christ in UTC, and every page that shows it then fails.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .errors import DomainError

FIRST_YEAR, LAST_YEAR = 2000, 2100


class DateError(DomainError):
    """A date outside FIRST_YEAR..LAST_YEAR; the message is for the user."""


def date_problem(value: datetime.date | None) -> str | None:
    """What is wrong with `value` (a date or datetime), or None when it is blank or in range."""
    if value is None or FIRST_YEAR <= value.year <= LAST_YEAR:
        return None
    return _("The year %(year)d is out of range; enter a date from %(first)d to %(last)d.") % {
        "year": value.year,
        "first": FIRST_YEAR,
        "last": LAST_YEAR,
    }


def ensure_in_range(*values: datetime.date | None) -> None:
    """For services: refuse any of `values` out of range."""
    for value in values:
        if message := date_problem(value):
            raise DateError(message)


def validate_in_range(value: datetime.date | None) -> None:
    """For form fields: the same rule as a validator."""
    if message := date_problem(value):
        raise ValidationError(message, code="date_range")
