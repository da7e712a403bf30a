import datetime
from decimal import Decimal

import pytest

from debrief.audit.models import Action, Entry
from debrief.campaigns import services as campaign_services
from debrief.campaigns.models import Campaign
from debrief.campaigns.services import CampaignError
from debrief.evaluation import services as evaluation_services
from debrief.evaluation.services import EvaluationError
from debrief.lib.dates import DateError
from debrief.orgs.models import Level
from debrief.plans import adoption, progress, selectors, services
from debrief.plans.models import PlanAdoption, PlanState
from debrief.plans.services import PlanError
from debrief.testing.factories import campaign_open

from .conftest import CATEGORIES, INDICATORS, PLAN_VALUES, plan_draft

pytestmark = pytest.mark.django_db


def start(plan, host, user, deadline, **kwargs):
    kwargs.setdefault("meeting_date", deadline)
    kwargs.setdefault("report_deadline", deadline - datetime.timedelta(days=7))
    return adoption.campaign_start_from_plan(plan=plan, host=host, user=user, **kwargs)


# Drafting and publishing ------------------------------------------------------------------------------


def test_a_new_plan_starts_from_the_issuers_latest_evaluation_and_indicators(tree, cascade, year):
    last = campaign_open(tree.province, year=year - 1)
    evaluation = evaluation_services.evaluation_set_up(last)
    evaluation_services.scheme_set(
        evaluation=evaluation,
        values={"evaluation_weight": Decimal(40)},
        categories=[("班子", Decimal(50), None), ("代表", Decimal(50), None)],
        sub_indicators=["重视程度"],
    )
    campaign_services.indicator_add(campaign=last, name="发展党员", unit="名")
    plan = services.plan_create(
        issuer=tree.province, year=year, title="工作方案", user=cascade.province_organizer
    )
    assert plan.state == PlanState.DRAFT
    assert plan.evaluation_weight == 40
    assert plan.categories == [{"name": "班子", "weight": "50.00"}, {"name": "代表", "weight": "50.00"}]
    assert plan.sub_indicators == ["重视程度"]
    assert plan.indicators == [{"name": "发展党员", "unit": "名"}]
    assert Entry.objects.filter(action=Action.PLAN_CHANGED, object_label="工作方案").exists()


def test_one_plan_per_issuer_and_year(draft, tree, year):
    with pytest.raises(PlanError, match="already has a work plan"):
        services.plan_create(issuer=tree.province, year=year, title="又一个")


def test_a_draft_saves_whole_with_deadlines_by_level(draft, days):
    assert draft.title == PLAN_VALUES["title"]
    assert {d.level: d.deadline for d in draft.deadlines.all()} == days
    assert draft.categories[1] == {"name": "党组织书记", "weight": "40"}
    assert draft.indicators == [{"name": n, "unit": u} for n, u in INDICATORS]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"categories": [("班子", Decimal(30)), ("代表", Decimal(30))]},
            "add up to 100%; they add up to 60%",
        ),
        ({"values": {**PLAN_VALUES, "title": "  "}}, "Give the plan a title"),
        ({"values": {**PLAN_VALUES, "points_good": Decimal(100)}}, "Points must fall"),
        ({"indicators": [("发展党员", "名"), ("发展党员", "人")]}, "发展党员 repeated"),
        ({"deadlines": {Level.PROVINCE: datetime.date(2099, 1, 1)}}, "fall from"),
    ],
)
def test_a_draft_with_bad_input_is_refused_and_left_as_it_was(draft, cascade, days, change, message):
    arguments = {
        "values": PLAN_VALUES,
        "categories": CATEGORIES,
        "sub_indicators": [],
        "indicators": INDICATORS,
        "deadlines": days,
        **change,
    }
    with pytest.raises((PlanError, EvaluationError), match=message):
        services.plan_update(plan=draft, user=cascade.province_organizer, **arguments)
    draft.refresh_from_db()
    assert draft.categories[0]["weight"] == "30" and draft.deadlines.count() == 3


def test_a_deadline_goes_only_to_the_issuers_level_and_those_below(tree, cascade, year, days):
    plan = services.plan_create(issuer=tree.city_a, year=year, title="市方案")
    with pytest.raises(PlanError, match="only for its own level and the levels below it: not Province"):
        services.plan_update(
            plan=plan,
            values=PLAN_VALUES,
            categories=CATEGORIES,
            sub_indicators=[],
            indicators=[],
            deadlines={Level.PROVINCE: days[Level.CITY], Level.COUNTY: days[Level.COUNTY]},
        )
    assert [value for value, _label in selectors.deadline_levels(tree.city_a)] == [
        Level.CITY,
        Level.COUNTY,
        Level.TOWNSHIP,
        Level.VILLAGE,
        Level.UNIT,
    ]


def test_dates_out_of_the_accepted_range_are_refused(draft):
    with pytest.raises(DateError):
        services.plan_update(
            plan=draft,
            values=PLAN_VALUES,
            categories=CATEGORIES,
            sub_indicators=[],
            indicators=[],
            deadlines={Level.CITY: datetime.date(1, 1, 1)},
        )


def test_publishing_refuses_a_plan_without_deadlines(tree, cascade, year, today):
    plan = plan_draft(tree.province, cascade.province_organizer, year, {})
    with pytest.raises(PlanError, match="Set the deadline of at least one level"):
        services.plan_publish(plan=plan, today=today)
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT


def test_publishing_refuses_a_deadline_that_has_passed(draft, days):
    later = days[Level.CITY] + datetime.timedelta(days=1)
    with pytest.raises(PlanError, match="The deadline of City or prefecture has passed"):
        services.plan_publish(plan=draft, today=later)


def test_publishing_refuses_weights_that_do_not_add_up(draft, today):
    type(draft).objects.filter(pk=draft.pk).update(categories=[{"name": "班子", "weight": "90"}])
    with pytest.raises(PlanError, match="they add up to 90%"):
        services.plan_publish(plan=draft, today=today)


def test_a_published_plan_is_frozen(plan, cascade, days):
    assert plan.state == PlanState.PUBLISHED and plan.published_by == cascade.province_organizer
    assert Entry.objects.filter(action=Action.PLAN_PUBLISHED).count() == 1
    with pytest.raises(PlanError, match="published and can no longer be changed"):
        services.plan_update(
            plan=plan,
            values=PLAN_VALUES,
            categories=CATEGORIES,
            sub_indicators=[],
            indicators=[],
            deadlines=days,
        )
    with pytest.raises(PlanError, match="published"):
        services.plan_publish(plan=plan)
    with pytest.raises(PlanError, match="published"):
        services.plan_delete(plan=plan)


# Who is expected ---------------------------------------------------------------------------------------


def test_expected_hosts_are_those_at_a_planned_level_with_someone_to_hear(plan, tree, cascade):
    # The province has no deadline of its own; county B1 has no subordinate; the community's level is not planned.
    assert list(selectors.expected_hosts(plan)) == [tree.city_a, tree.county_a1, tree.street_a1a, tree.city_b]


def test_the_host_follows_the_nearest_plan_that_covers_its_level(plan, tree, cascade, year, days):
    assert selectors.plan_for_host(tree.county_a1, year) == plan
    city_plan = plan_draft(
        tree.city_a, cascade.county_organizer, year, {Level.TOWNSHIP: days[Level.TOWNSHIP]}
    )
    assert selectors.plan_for_host(tree.street_a1a, year) == plan  # a draft is not followed
    services.plan_publish(plan=city_plan)
    assert selectors.plan_for_host(tree.street_a1a, year) == city_plan
    assert selectors.plan_for_host(tree.county_a1, year) == plan  # the city's plan covers townships only
    assert selectors.plan_for_host(tree.county_a1, year + 1) is None
    assert selectors.plan_for_host(tree.province, year) is None


# Starting from the plan -------------------------------------------------------------------------------


def test_a_host_starts_its_campaign_from_the_plan_in_one_action(plan, tree, cascade, days):
    campaign = start(plan, tree.county_a1, cascade.county_organizer, days[Level.COUNTY])
    assert campaign.year == plan.year and campaign.host == tree.county_a1
    assert "江州市东区区委" in campaign.title
    evaluation = campaign.evaluation
    assert [(c.name, c.weight) for c in evaluation.categories.all()] == CATEGORIES
    assert list(evaluation.sub_indicators.values_list("name", flat=True)) == ["总揽全局", "工作成效"]
    assert [(i.name, i.unit) for i in campaign.indicators.all()] == INDICATORS
    assert PlanAdoption.objects.get(campaign=campaign).plan == plan
    assert Entry.objects.filter(action=Action.PLAN_ADOPTED, organization=tree.county_a1).exists()


def test_a_draft_plan_cannot_be_started_from(draft, tree, cascade, days):
    with pytest.raises(PlanError, match="not published yet"):
        start(draft, tree.county_a1, cascade.county_organizer, days[Level.COUNTY])
    assert not Campaign.objects.exists()


def test_a_host_the_plan_does_not_expect_cannot_start_from_it(plan, tree, cascade, days):
    with pytest.raises(PlanError, match="does not ask 川北市西县县委"):
        start(plan, tree.county_b1, cascade.province_organizer, days[Level.COUNTY])


def test_a_meeting_after_the_levels_deadline_is_outside_the_plan(plan, tree, cascade, days):
    late = days[Level.COUNTY] + datetime.timedelta(days=1)
    with pytest.raises(PlanError, match="outside the plan’s deadlines"):
        start(plan, tree.county_a1, cascade.county_organizer, days[Level.COUNTY], meeting_date=late)
    assert not Campaign.objects.exists()


def test_a_host_with_a_campaign_for_the_year_is_told_so(plan, tree, cascade, days, year):
    campaign_open(tree.county_a1, year=year, title="自行开展的考核")
    with pytest.raises(PlanError, match="already has a campaign for .*自行开展的考核"):
        start(plan, tree.county_a1, cascade.county_organizer, days[Level.COUNTY])


def test_a_host_cannot_start_twice(plan, tree, cascade, days):
    campaign = start(plan, tree.county_a1, cascade.county_organizer, days[Level.COUNTY])
    with pytest.raises(PlanError, match=f"already started its campaign for {plan.year} from a work plan"):
        start(plan, tree.county_a1, cascade.county_organizer, days[Level.COUNTY])
    assert Campaign.objects.get() == campaign


def test_the_campaigns_own_rules_still_apply(plan, tree, cascade, days):
    with pytest.raises(CampaignError, match="report deadline must not be later"):
        start(
            plan,
            tree.county_a1,
            cascade.county_organizer,
            days[Level.COUNTY],
            report_deadline=days[Level.COUNTY] + datetime.timedelta(days=1),
        )
    assert not Campaign.objects.exists() and not PlanAdoption.objects.exists()


# The locks ----------------------------------------------------------------------------------------------


@pytest.fixture
def adopted(plan, tree, cascade, days):
    return start(plan, tree.county_a1, cascade.county_organizer, days[Level.COUNTY])


def test_locked_rules_cannot_change_but_may_be_saved_unchanged(adopted):
    evaluation = adopted.evaluation
    with pytest.raises(EvaluationError, match="fixes the evaluation’s rules; weight of the evaluation"):
        evaluation_services.scheme_update(evaluation=evaluation, evaluation_weight=Decimal(50))
    evaluation_services.scheme_update(evaluation=evaluation, evaluation_weight=Decimal("60.00"))
    with pytest.raises(EvaluationError, match="fixes the sub-indicators"):
        evaluation_services.sub_indicators_set(evaluation=evaluation, names=["总揽全局"])


def test_unlocked_categories_may_change_and_the_superior_sees_it(adopted, plan):
    evaluation_services.categories_set(
        evaluation=adopted.evaluation,
        rows=[
            ("领导班子成员", Decimal(40), 10),
            ("党组织书记", Decimal(60), None),
        ],
    )
    assert progress.changes_by_campaign(plan, [adopted.pk])[adopted.pk] == [
        "Evaluator category removed: 党员群众代表",
        "Weight of 领导班子成员: 30% → 40%",
        "Weight of 党组织书记: 40% → 60%",
    ]


def test_locked_categories_keep_names_and_weights_but_not_the_expected_counts(tree, cascade, year, days):
    plan = services.plan_publish(
        plan=plan_draft(tree.province, cascade.province_organizer, year, days, categories_locked=True)
    )
    campaign = start(plan, tree.county_a1, cascade.county_organizer, days[Level.COUNTY])
    rows = [(name, weight, 20) for name, weight in CATEGORIES]
    evaluation_services.categories_set(evaluation=campaign.evaluation, rows=rows)
    rows[0], rows[1] = (rows[0][0], Decimal(20), 20), (rows[1][0], Decimal(50), 20)
    with pytest.raises(EvaluationError, match="fixes the evaluator categories and their weights"):
        evaluation_services.categories_set(evaluation=campaign.evaluation, rows=rows)


def test_locked_key_indicators_cannot_be_added_or_removed(adopted):
    with pytest.raises(CampaignError, match="key indicators are fixed by the plan"):
        campaign_services.indicator_add(campaign=adopted, name="新指标")
    with pytest.raises(CampaignError, match="key indicators are fixed"):
        campaign_services.indicator_remove(indicator=adopted.indicators.first())
    assert adopted.indicators.count() == 2


def test_the_meeting_cannot_move_past_the_levels_deadline(adopted, days):
    later = days[Level.COUNTY] + datetime.timedelta(days=3)
    with pytest.raises(CampaignError, match="outside the plan’s deadlines"):
        campaign_services.campaign_update(
            campaign=adopted, title=adopted.title, report_deadline=adopted.report_deadline, meeting_date=later
        )
    earlier = days[Level.COUNTY] - datetime.timedelta(days=1)
    campaign_services.campaign_update(
        campaign=adopted, title="新标题", report_deadline=adopted.report_deadline, meeting_date=earlier
    )
    adopted.refresh_from_db()
    assert adopted.meeting_date == earlier


def test_campaigns_not_started_from_a_plan_are_not_bound(plan, tree, year):
    campaign = campaign_open(tree.county_b1, year=year)
    campaign_services.indicator_add(campaign=campaign, name="任意指标")
    evaluation = evaluation_services.evaluation_set_up(campaign)
    evaluation_services.scheme_update(evaluation=evaluation, evaluation_weight=Decimal(30))


# Progress ----------------------------------------------------------------------------------------------


def test_progress_shows_who_started_who_is_late_and_what_changed(plan, tree, cascade, days, year):
    start(plan, tree.county_a1, cascade.county_organizer, days[Level.COUNTY])
    campaign_open(tree.city_b, year=year)  # opened on its own, not from the plan
    late_day = days[Level.CITY] + datetime.timedelta(days=1)
    shown = progress.progress(plan, today=late_day)
    rows = {row.name: row for row in shown.rows}
    assert rows["江州市委"].status == progress.NOT_STARTED and rows["江州市委"].late
    assert rows["江州市东区区委"].status == progress.STARTED and rows["江州市东区区委"].from_plan
    assert not rows["江州市东区区委"].late
    assert (
        rows["川北市委"].status == progress.STARTED
        and not rows["川北市委"].from_plan
        and rows["川北市委"].late
    )
    assert shown.counts == {progress.NOT_STARTED: 2, progress.STARTED: 2, "late": 2}
    progress.add_changes(plan, shown.rows)
    assert rows["江州市东区区委"].changes == []


# Linking a campaign opened without the plan ----------------------------------------------------------


def test_a_campaign_opened_without_the_plan_is_linked_and_takes_what_the_plan_fixes(
    plan, tree, cascade, year, days
):
    meeting = days[Level.COUNTY]
    campaign = campaign_open(
        tree.county_a1, year=year, meeting_date=meeting, report_deadline=meeting - datetime.timedelta(days=5)
    )
    evaluation = evaluation_services.evaluation_set_up(campaign)
    evaluation_services.scheme_set(
        evaluation=evaluation,
        values={"evaluation_weight": Decimal(50)},
        categories=[("班子", Decimal(50), 12), ("代表", Decimal(50), None)],
        sub_indicators=[],
    )
    campaign_services.indicator_add(campaign=campaign, name="发展党员", unit="名")
    campaign_services.indicator_add(campaign=campaign, name="自定指标")
    adoption.campaign_link_to_plan(plan=plan, campaign=campaign, user=cascade.county_organizer)
    evaluation.refresh_from_db()
    assert evaluation.evaluation_weight == 60  # the scheme is locked
    assert list(evaluation.sub_indicators.values_list("name", flat=True)) == ["总揽全局", "工作成效"]
    assert [c.name for c in evaluation.categories.all()] == ["班子", "代表"]  # categories are free
    assert [i.name for i in campaign.indicators.all()] == ["发展党员", "自定指标", "软弱涣散党组织整顿"]
    assert PlanAdoption.objects.get(campaign=campaign).plan == plan
    assert progress.changes_by_campaign(plan, [campaign.pk])[campaign.pk] == [
        "Evaluator category added: 班子 (50%)",
        "Evaluator category added: 代表 (50%)",
        "Evaluator category removed: 领导班子成员",
        "Evaluator category removed: 党组织书记",
        "Evaluator category removed: 党员群众代表",
        "Key indicator added: 自定指标",
    ]
    with pytest.raises(PlanError, match="already follows a work plan"):
        adoption.campaign_link_to_plan(plan=plan, campaign=campaign, user=cascade.county_organizer)


def test_a_campaign_meeting_after_the_deadline_cannot_be_linked(plan, tree, cascade, year, days):
    campaign = campaign_open(
        tree.county_a1,
        year=year,
        meeting_date=days[Level.COUNTY] + datetime.timedelta(days=1),
        report_deadline=days[Level.COUNTY],
    )
    with pytest.raises(PlanError, match="outside the plan’s deadlines"):
        adoption.campaign_link_to_plan(plan=plan, campaign=campaign, user=cascade.county_organizer)
    assert not PlanAdoption.objects.exists()
