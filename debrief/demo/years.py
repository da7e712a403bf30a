"""The demo's calendar: which year's campaigns are running on a given day."""

import datetime


def cycle_year(today: datetime.date) -> int:
    """The year being assessed: campaigns for year Y run from October of Y to spring of Y+1."""
    return today.year if today.month >= 10 else today.year - 1
