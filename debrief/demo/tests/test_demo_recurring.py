"""The demo shows the recurring-problem flag: some of this year's problems repeat last year's."""

import pytest

from debrief.campaigns.models import Campaign
from debrief.oversight.recurring import recurring_problems

pytestmark = pytest.mark.django_db


def test_this_years_campaigns_raise_problems_that_repeat_last_years(demo):
    latest = max(Campaign.objects.values_list("year", flat=True))
    hosts = {c.host for c in Campaign.objects.filter(year=latest).select_related("host")}
    found = [problem for host in hosts for problem in recurring_problems(host, latest)]
    # The report generator words each theme afresh each year: "理论学习不够深入系统……" and
    # "党建与业务融合……“两张皮”……" come back in this year's reports and ledger items.
    assert {problem.key[0] for problem in found} >= {"report", "item"}
    assert any(problem.text.startswith("理论学习不够深入") for problem in found)
