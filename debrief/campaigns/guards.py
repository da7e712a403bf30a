"""What an upper app may refuse in a campaign's settings, asked by the campaign's services.

A campaign started from a superior's work plan keeps what the plan fixes (its meeting by the level's
deadline, its key indicators); campaigns cannot import plans, so plans registers its answers here in
its `AppConfig.ready()`. Each function answers the problems (an empty list when none); the service
refuses the change with them all.
"""

from __future__ import annotations

import datetime

from debrief.lib.hooks import Hook

from .models import Campaign

# (campaign, report_deadline=, meeting_date=) before a campaign's dates change.
dates_guard = Hook("problems with a campaign's new dates")
# (campaign) before a key indicator is added or removed.
indicators_guard = Hook("problems with changing a campaign's key indicators")


def _problems(hook: Hook, *args, **kwargs) -> list[str]:
    return [problem for answer in hook.results(*args, **kwargs) for problem in answer]


def date_problems(
    campaign: Campaign, *, report_deadline: datetime.date, meeting_date: datetime.date
) -> list[str]:
    return _problems(dates_guard, campaign, report_deadline=report_deadline, meeting_date=meeting_date)


def indicator_problems(campaign: Campaign) -> list[str]:
    return _problems(indicators_guard, campaign)
