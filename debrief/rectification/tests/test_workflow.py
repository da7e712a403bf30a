"""The item's workflow: open → in progress → submitted → signed off, or returned and resubmitted."""

import datetime
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from debrief.campaigns.models import CampaignState
from debrief.campaigns.services import CampaignError
from debrief.demo.evidence_files import photo_png
from debrief.lib.uploads import UploadError
from debrief.rectification import carry_over, services, sources
from debrief.rectification.models import EventKind, Item, Status
from debrief.rectification.services import RectificationError
from debrief.testing.factories import PersonFactory, advance_to, campaign_open

PNG = photo_png(random.Random(1), (8, 6))  # a real image: the upload check reads it to its end

pytestmark = pytest.mark.django_db


def png(name="现场照片.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def test_an_item_is_numbered_in_its_ledger_and_answered_for_by_the_secretary(item, reporters, campaign):
    second = services.item_create(
        campaign=campaign,
        reporter=reporters.a2,
        description="党员发展质量有待提高。",
        deadline=datetime.date(2023, 5, 31),
    )
    assert (item.number, second.number) == (1, 2)
    assert item.responsible == reporters.a1.person
    assert item.status == Status.OPEN
    assert [m.text for m in item.measures.all()] == ["制定组织生活计划", "每季度开展一次检查"]
    assert [e.kind for e in item.events.all()] == [EventKind.CREATED]


def test_an_item_needs_a_problem_and_a_reporter_of_the_campaign(campaign, reporters, tree):
    with pytest.raises(RectificationError, match="Describe the problem"):
        services.item_create(
            campaign=campaign, reporter=reporters.a1, description="  ", deadline=datetime.date(2023, 1, 1)
        )
    other = campaign_open(tree.city_b, year=2022)
    with pytest.raises(RectificationError, match="does not take part"):
        services.item_create(
            campaign=other, reporter=reporters.a1, description="问题", deadline=datetime.date(2023, 1, 1)
        )


def test_the_first_progress_starts_the_work_and_keeps_its_evidence(item, cast):
    event = services.progress_add(
        item=item, user=cast.reporter_a1, text="已制定组织生活计划。", files=[png()]
    )
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS
    assert [e.original_name for e in event.evidence.all()] == ["现场照片.png"]
    assert event.evidence.get().kind == "PNG"


def test_a_false_evidence_file_stores_nothing(item, cast):
    fake = SimpleUploadedFile("会议记录.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(UploadError, match="not a real PDF"):
        services.progress_add(item=item, user=cast.reporter_a1, text="已整改。", files=[png(), fake])
    item.refresh_from_db()
    assert item.status == Status.OPEN
    assert not item.events.filter(kind=EventKind.PROGRESS).exists()


def test_submitted_returned_resubmitted_and_signed_off(item, cast):
    services.progress_add(item=item, user=cast.reporter_a1, text="已制定计划。")
    services.item_submit(item=item, user=cast.reporter_a1, text="计划已印发，已开展检查。")
    assert item.status == Status.SUBMITTED
    with pytest.raises(RectificationError, match="waiting for verification"):
        services.progress_add(item=item, user=cast.reporter_a1, text="补充")
    services.item_return(item=item, user=cast.organizer_a, remarks="缺少检查记录，请补充。")
    assert item.status == Status.RETURNED
    services.item_submit(
        item=item, user=cast.reporter_a1, text="已补充检查记录。", files=[png("检查记录.png")]
    )
    services.item_sign_off(item=item, user=cast.organizer_a, remarks="经核实，整改到位。")
    item.refresh_from_db()
    assert item.status == Status.SIGNED_OFF
    assert item.signed_off_at is not None
    assert [e.kind for e in item.events.all()] == [
        EventKind.CREATED,
        EventKind.PROGRESS,
        EventKind.SUBMITTED,
        EventKind.RETURNED,
        EventKind.SUBMITTED,
        EventKind.SIGNED_OFF,
    ]


def test_a_return_needs_remarks(item, cast):
    services.item_submit(item=item, user=cast.reporter_a1, text="已完成。")
    with pytest.raises(RectificationError, match="Say why"):
        services.item_return(item=item, user=cast.organizer_a, remarks=" ")


def test_only_a_submitted_item_can_be_signed_off(item, cast):
    with pytest.raises(RectificationError, match="only an item submitted for verification"):
        services.item_sign_off(item=item, user=cast.organizer_a)


def test_a_signed_off_item_is_closed_to_changes(item, cast):
    services.item_submit(item=item, user=cast.reporter_a1, text="已完成。")
    services.item_sign_off(item=item, user=cast.organizer_a)
    with pytest.raises(RectificationError, match="signed off"):
        services.progress_add(item=item, user=cast.reporter_a1, text="再补充")
    with pytest.raises(RectificationError, match="signed off"):
        services.item_update(item=item, user=cast.organizer_a, deadline=datetime.date(2023, 6, 30))


def test_a_submission_says_how_the_problem_was_rectified(item, cast):
    with pytest.raises(RectificationError, match="Say how"):
        services.item_submit(item=item, user=cast.reporter_a1, text="")


def test_an_edit_keeps_done_measures_and_records_what_changed(item, cast):
    first = item.measures.get(position=1)
    services.measure_mark(measure=first, done=True, user=cast.reporter_a1)
    deputy = PersonFactory(name="钱副书记")
    services.item_update(
        item=item,
        user=cast.organizer_a,
        deadline=datetime.date(2023, 5, 31),
        responsible=deputy,
        measures=["每季度开展一次检查", "制定组织生活计划", "建立问题清单"],
    )
    item.refresh_from_db()
    assert [(m.text, m.done_at is not None) for m in item.measures.all()] == [
        ("每季度开展一次检查", False),
        ("制定组织生活计划", True),
        ("建立问题清单", False),
    ]
    edited = item.events.get(kind=EventKind.EDITED).text
    assert "2023-04-30 → 2023-05-31" in edited
    assert "钱副书记" in edited


def test_overdue_follows_the_deadline_and_is_never_stored(item, cast, today):
    assert not item.is_overdue(datetime.date(2023, 4, 30))
    assert item.is_overdue(datetime.date(2023, 5, 1))
    assert list(Item.objects.overdue(datetime.date(2023, 5, 1))) == [item]
    services.item_submit(item=item, user=cast.reporter_a1, text="已完成。")
    # Waiting for verification is the organizer's turn, not the reporter's lateness.
    assert not item.is_overdue(datetime.date(2023, 5, 1))
    assert list(Item.objects.overdue(datetime.date(2023, 5, 1))) == []


def test_an_archived_ledger_is_frozen(item, cast, campaign):
    advance_to(campaign, CampaignState.ARCHIVED, cast.organizer_a)
    with pytest.raises(CampaignError, match="archived"):
        services.progress_add(item=item, user=cast.reporter_a1, text="已完成。")


def test_default_deadline_is_three_months_on_or_the_months_last_day():
    assert services.default_deadline(datetime.date(2023, 1, 15)) == datetime.date(2023, 4, 15)
    assert services.default_deadline(datetime.date(2022, 11, 30)) == datetime.date(2023, 2, 28)
    assert services.default_deadline(datetime.date(2023, 10, 31), months=4) == datetime.date(2024, 2, 29)


def test_a_page_read_before_a_sign_off_cannot_return_the_item_afterwards(item, cast):
    services.item_submit(item=item, user=cast.reporter_a1, text="已完成。")
    read_by_the_page = Item.objects.get(pk=item.pk)
    services.item_sign_off(item=item, user=cast.organizer_a)
    with pytest.raises(RectificationError, match="signed off and can no longer be changed"):
        services.item_return(item=read_by_the_page, user=cast.organizer_a, remarks="缺少检查记录。")
    item.refresh_from_db()
    assert (item.status, item.signed_off_at is not None) == (Status.SIGNED_OFF, True)
    assert not item.events.filter(kind=EventKind.RETURNED).exists()


def test_a_page_read_before_a_return_cannot_sign_the_item_off_afterwards(item, cast):
    services.item_submit(item=item, user=cast.reporter_a1, text="已完成。")
    read_by_the_page = Item.objects.get(pk=item.pk)
    services.item_return(item=item, user=cast.organizer_a, remarks="缺少检查记录。")
    with pytest.raises(RectificationError, match="is “Returned”: only an item submitted for verification"):
        services.item_sign_off(item=read_by_the_page, user=cast.organizer_a)
    item.refresh_from_db()
    assert (item.status, item.signed_off_at) == (Status.RETURNED, None)


def test_an_edit_from_a_page_read_before_the_submission_keeps_the_item_submitted(item, cast):
    read_by_the_page = Item.objects.get(pk=item.pk)
    services.item_submit(item=item, user=cast.reporter_a1, text="已完成。")
    services.item_update(item=read_by_the_page, user=cast.organizer_a, deadline=datetime.date(2023, 6, 30))
    item.refresh_from_db()
    assert (item.status, item.deadline) == (Status.SUBMITTED, datetime.date(2023, 6, 30))


def test_marking_a_task_the_organizer_has_just_removed_says_to_reload(item, cast):
    task = item.measures.get(position=2)
    services.item_update(item=item, user=cast.organizer_a, measures=["制定组织生活计划"])
    with pytest.raises(RectificationError, match="measures were changed in the meantime"):
        services.measure_mark(measure=task, done=True)


def test_an_item_carried_over_already_is_not_carried_again(next_year, cast):
    old = Item.objects.get(description="未整改的问题")
    read_before = Item.objects.get(pk=old.pk)
    sources.carry_over(campaign=next_year, user=cast.organizer_a)
    reporter = next_year.reporters.get(organization=old.reporter.organization)
    with pytest.raises(RectificationError, match="already been carried over into the 2023 ledger"):
        carry_over.item_carry_over(old=read_before, reporter=reporter, user=cast.organizer_a)
