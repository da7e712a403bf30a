import datetime

import pytest

from debrief.audit.models import Action, Entry
from debrief.campaigns.models import CampaignState
from debrief.campaigns.services import reporters_add
from debrief.conveyance import selectors, services
from debrief.conveyance.models import Conveyance
from debrief.conveyance.services import ConveyanceError, TaskInput
from debrief.lib.dates import DateError
from debrief.plans.models import Plan, PlanAdoption, PlanState
from debrief.rectification import services as ledger
from debrief.rectification.models import Item, Source, Status
from debrief.testing.factories import PersonFactory, advance_to, campaign_open, meeting_set_up

from .conftest import CONVEYED_ON, MEETING_DAY, POINTS, TASKS, record, task_inputs


def test_a_town_records_its_conveyance_and_each_task_enters_its_own_ledger(cascade, conveyance):
    assert conveyance.organization == cascade.town
    assert conveyance.meeting == cascade.meeting
    assert (conveyance.held_on, conveyance.attendance, conveyance.expected) == (CONVEYED_ON, 32, 35)
    assert conveyance.points == POINTS
    tasks = list(conveyance.tasks.select_related("item"))
    assert [task.text for task in tasks] == TASKS
    items = [task.item for task in tasks]
    assert all(item.campaign == cascade.town_campaign for item in items)
    assert all(item.source == Source.CONVEYANCE and item.reporter is None for item in items)
    assert all(item.responsible == cascade.secretary for item in items)
    assert [item.description for item in items] == TASKS
    assert items[0].unit == cascade.town
    assert items[0].source_note == "传达学习湖滨区委2021年度述职评议会议"  # data: in the site's language
    assert Entry.objects.filter(action=Action.CONVEYANCE_RECORDED, object_id=str(conveyance.pk)).exists()


def test_a_task_is_tracked_like_any_other_item(cascade, conveyance):
    item = conveyance.tasks.first().item
    ledger.progress_add(item=item, user=cascade.users.town, text="已召开专题会议部署")
    ledger.item_submit(item=item, user=cascade.users.town, text="已完成")
    ledger.item_sign_off(item=item, user=cascade.users.town)
    item.refresh_from_db()
    assert item.status == Status.SIGNED_OFF


def test_recording_twice_is_refused_and_points_to_the_record(cascade, conveyance):
    with pytest.raises(ConveyanceError, match="already recorded its conveyance of this meeting"):
        record(cascade, held_on=CONVEYED_ON + datetime.timedelta(days=1))
    assert Conveyance.objects.count() == 1


def test_an_organization_not_below_the_meetings_host_is_refused(cascade):
    with pytest.raises(ConveyanceError, match="湖滨区委 is not below 湖滨区委"):
        record(cascade, organization=cascade.district)
    other_root = campaign_open(cascade.villages[0], year=2021, user=cascade.users.district)
    with pytest.raises(ConveyanceError, match="is not below"):
        record(cascade, meeting=meeting_set_up(other_root))
    assert not Conveyance.objects.exists()


def test_a_meeting_not_held_yet_is_refused(cascade):
    preparing = campaign_open(cascade.district, year=2022, user=cascade.users.district)
    with pytest.raises(ConveyanceError, match="has not been held yet"):
        record(cascade, meeting=meeting_set_up(preparing))
    with pytest.raises(ConveyanceError, match="before the meeting it conveys"):
        record(cascade, held_on=MEETING_DAY - datetime.timedelta(days=1))
    with pytest.raises(ConveyanceError, match="has not come yet"):
        record(cascade, held_on=datetime.date.today() + datetime.timedelta(days=2))


def test_dates_out_of_range_are_refused(cascade):
    with pytest.raises(DateError):
        record(cascade, held_on=datetime.date(1999, 2, 14))
    with pytest.raises(DateError):
        record(cascade, tasks=task_inputs(cascade, deadline=datetime.date(2101, 1, 1)))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"points": "  \n "}, "Write down the points conveyed"),
        ({"presided_by": " "}, "Say who presided"),
        ({"attendance": 0}, "how many were present"),
        ({"attendance": 40}, "40 present is more than the 35 expected"),
    ],
)
def test_missing_or_inconsistent_fields_are_refused(cascade, changes, message):
    with pytest.raises(ConveyanceError, match=message):
        record(cascade, **changes)
    assert not Item.objects.exists()


def test_a_task_needs_text_an_owner_of_the_organization_and_a_deadline_after_the_conveyance(cascade):
    owner, stranger = cascade.secretary, PersonFactory(name="外人")
    cases = [
        (TaskInput(" ", owner, datetime.date(2022, 12, 31)), "Task 1 has no text"),
        (TaskInput("任务", stranger, datetime.date(2022, 12, 31)), "owner of task 1 among the people"),
        (TaskInput("任务", owner, None), "Set a deadline for task 1"),
        (TaskInput("任务", owner, datetime.date(2022, 2, 1)), "comes before the conveyance"),
    ]
    for task, message in cases:
        with pytest.raises(ConveyanceError, match=message):
            record(cascade, tasks=[task])
    assert not Conveyance.objects.exists()


def test_tasks_without_the_towns_own_campaign_are_refused_with_what_to_do(cascade):
    cascade.town_campaign.delete()
    with pytest.raises(ConveyanceError, match="own 2021 campaign, which is not open yet. Open that campaign"):
        record(cascade)
    assert not Conveyance.objects.exists()
    # Without tasks there is no ledger to fill, so the conveyance itself is recorded.
    assert record(cascade, tasks=[]).tasks.count() == 0


def test_editing_changes_the_record_and_the_task_items_and_adds_new_tasks(cascade, conveyance):
    tasks = list(conveyance.tasks.all())
    rows = [
        TaskInput(tasks[0].text + "（修订）", cascade.secretary, datetime.date(2022, 10, 31), tasks[0].pk),
        *(TaskInput(t.text, t.owner, t.deadline, t.pk) for t in tasks[1:]),
        TaskInput("开展村党组织书记轮训", cascade.secretary, datetime.date(2022, 9, 30)),
    ]
    services.conveyance_update(
        conveyance=conveyance,
        held_on=CONVEYED_ON,
        presided_by="镇党委副书记 王某",
        attendance=30,
        expected=35,
        points=POINTS,
        tasks=rows,
        user=cascade.users.town,
    )
    conveyance.refresh_from_db()
    assert conveyance.presided_by == "镇党委副书记 王某"
    first = conveyance.tasks.select_related("item").get(position=1)
    assert first.item.description.endswith("（修订）")
    assert first.item.deadline == datetime.date(2022, 10, 31)
    assert first.item.events.filter(kind="edited").exists()
    fourth = conveyance.tasks.get(position=4)
    assert fourth.item.campaign == cascade.town_campaign
    assert cascade.town_campaign.rectification_items.count() == 4


def test_a_task_in_the_ledger_cannot_be_removed(cascade, conveyance):
    kept = [TaskInput(t.text, t.owner, t.deadline, t.pk) for t in conveyance.tasks.all()[:2]]
    with pytest.raises(ConveyanceError, match="Task 3 is already in the ledger and cannot be removed"):
        services.conveyance_update(
            conveyance=conveyance,
            held_on=CONVEYED_ON,
            presided_by="x",
            attendance=3,
            points="y",
            tasks=kept,
            user=cascade.users.town,
        )
    assert conveyance.tasks.count() == 3


# --- The superior's view ---------------------------------------------------------------------


def test_the_district_sees_the_town_conveyed_26_days_after_and_the_other_town_late(cascade, conveyance):
    report = selectors.meeting_conveyances(cascade.district_campaign, today=datetime.date(2022, 3, 1))
    assert (report.days, report.plan, report.limit) == (30, None, datetime.date(2022, 2, 19))
    rows = {row.organization.name: row for row in report.rows}
    town, other = rows["淮北镇党委"], rows["淮南镇党委"]
    assert (town.conveyance, town.days_after, town.late, town.tasks) == (conveyance, 25, False, 3)
    assert (other.conveyance, other.late) == (None, True)
    assert (report.conveyed, report.late) == (1, 1)


def test_a_subordinate_is_not_late_while_within_the_limit(cascade):
    report = selectors.meeting_conveyances(cascade.district_campaign, today=datetime.date(2022, 2, 1))
    assert [row.late for row in report.rows] == [False, False]


def test_the_plan_sets_the_days_and_conveying_after_them_is_late(cascade, conveyance):
    plan = Plan.objects.create(
        issuer=cascade.district,
        year=2021,
        title="2021年度述职评议工作方案",
        conveyance_days=15,
        state=PlanState.PUBLISHED,
    )
    report = selectors.meeting_conveyances(cascade.district_campaign, today=datetime.date(2022, 2, 20))
    assert (report.days, report.plan) == (15, plan)
    assert report.rows[0].late  # 25 days after, past 15
    adopted = Plan.objects.create(issuer=cascade.district, year=2022, title="另一方案", conveyance_days=40)
    PlanAdoption.objects.create(plan=adopted, campaign=cascade.district_campaign)
    assert selectors.conveyance_days(cascade.district_campaign) == (40, adopted)


def test_the_tasks_progress_shows_on_the_superiors_view(cascade, conveyance):
    item = conveyance.tasks.first().item
    ledger.item_submit(item=item, user=None, text="已完成")
    ledger.item_sign_off(item=item, user=cascade.users.town)
    row = selectors.meeting_conveyances(cascade.district_campaign, today=datetime.date(2023, 2, 1)).rows[0]
    assert (row.tasks, row.tasks_signed_off, row.tasks_overdue) == (3, 1, 2)


def test_meetings_to_convey_are_the_superiors_held_ones_most_recent_first(cascade):
    later = campaign_open(cascade.district, year=2022, user=cascade.users.district)
    reporters_add(campaign=later, organizations=[cascade.town])
    meeting_set_up(later)
    assert list(selectors.meetings_to_convey(cascade.town)) == [cascade.meeting]
    advance_to(later, CampaignState.MEETING, cascade.users.district)
    assert list(selectors.meetings_to_convey(cascade.town)) == [later.meeting, cascade.meeting]
    assert list(selectors.meetings_to_convey(cascade.district)) == []
