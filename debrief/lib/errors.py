"""The one base of every error a user is meant to read.

A service refuses a change by raising a subclass of `DomainError` with a
translated message that says what is wrong and how to fix it. Views show the
message beside the form or as a page message; the API answers 400 with it as
`detail`. Nothing catches a narrower class only to re-raise it as another.
"""

import re


class DomainError(ValueError):
    """A change the rules refuse; the message is for the user."""

    @property
    def code(self) -> str:
        """A stable, machine-readable name for the kind of refusal: the class's name in snake case
        (`CampaignError` -> `campaign_error`), which the API sends beside the message."""
        return re.sub(r"(?<!^)(?=[A-Z])", "_", type(self).__name__).lower()
