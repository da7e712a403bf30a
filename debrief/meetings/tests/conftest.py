import pytest

from debrief.testing.factories import meeting_set_up


@pytest.fixture
def meeting(campaign, reporters):
    """City A's meeting with the default agenda: A1 and A2 speak, A3 reports in writing."""
    return meeting_set_up(campaign)
