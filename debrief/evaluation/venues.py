"""Sub-venues (分会场) as the evaluation sees them: a short label on a code, and a name to print.

The meetings app keeps the sub-venues; the evaluation only asks it, through `venue_names`, what
each label of a campaign is called, so that the codes page can issue per venue and the slips name
it. Without an answer a label stands for itself.
"""

from __future__ import annotations

from debrief.campaigns.models import Campaign
from debrief.lib.hooks import Hook

# Registered functions take the campaign and answer {label: name} of its sub-venues, in order.
venue_names = Hook("the sub-venues of a campaign's meeting, by their code label")


def venues_of(campaign: Campaign) -> dict[str, str]:
    """Every sub-venue of the campaign: {label: name}, in the order the meeting lists them."""
    names: dict[str, str] = {}
    for answer in venue_names.results(campaign):
        names.update(answer)
    return names
