import datetime

import pytest

from debrief.campaigns.models import CampaignState
from debrief.campaigns.services import reporters_add
from debrief.rectification import services
from debrief.testing.factories import advance_to, campaign_open


@pytest.fixture
def today():
    return datetime.date(2023, 2, 1)


@pytest.fixture
def item(campaign, reporters, cast):
    """County A1's item in City A's 2022 ledger, entered by hand, due at the end of April 2023."""
    return services.item_create(
        campaign=campaign,
        reporter=reporters.a1,
        description="“三会一课”落实不够规范，组织生活质量不高。",
        deadline=datetime.date(2023, 4, 30),
        user=cast.organizer_a,
        measures=["制定组织生活计划", "每季度开展一次检查"],
    )


@pytest.fixture
def next_year(campaign, reporters, cast, counties):
    """Last year's ledger (2022) with three items, one signed off; then the 2023 campaign."""
    done, open_item, submitted = (
        services.item_create(
            campaign=campaign, reporter=reporter, description=text, deadline=datetime.date(2023, 4, 30)
        )
        for reporter, text in (
            (reporters.a1, "已整改的问题"),
            (reporters.a1, "未整改的问题"),
            (reporters.a3, "待验收的问题"),
        )
    )
    services.item_update(item=open_item, user=cast.organizer_a, measures=["措施一", "措施二"])
    services.measure_mark(measure=open_item.measures.get(position=1), done=True)
    services.item_submit(item=done, user=None, text="已完成")
    services.item_sign_off(item=done, user=cast.organizer_a)
    services.item_submit(item=submitted, user=None, text="已完成")
    advance_to(campaign, CampaignState.ARCHIVED, cast.organizer_a)
    following = campaign_open(campaign.host, year=2023, user=cast.organizer_a)
    reporters_add(campaign=following, organizations=[counties.a1, counties.a2], mode="on_site")
    return following


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    # Evidence files of the tests go nowhere near the project's media folder.
    settings.MEDIA_ROOT = tmp_path
