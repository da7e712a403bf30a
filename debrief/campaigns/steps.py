"""What must be true before a campaign leaves a state, asked of the parts of the job.

Reports and evaluation build on campaigns, so campaigns cannot import them.
Each registers a check here in its `AppConfig.ready()`: a function of the
campaign and the reason the organizer gave, answering the problems that block
the step (an empty list when none). `campaign_advance` asks them all.
"""

from __future__ import annotations

from debrief.lib.hooks import Hook

from .models import Campaign, CampaignState

_checks = {state: Hook(f"checks before leaving {state}") for state in CampaignState.values}


def register(state: str, check) -> None:
    _checks[state].register(check)


def problems_before_leaving(campaign: Campaign, reason: str) -> list[str]:
    return [problem for problems in _checks[campaign.state].results(campaign, reason) for problem in problems]
