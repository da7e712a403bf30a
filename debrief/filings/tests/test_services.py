import datetime

import pytest
from django.utils import timezone

from debrief.audit.models import Action, Entry
from debrief.filings.models import Filing, FilingKind
from debrief.filings.services import FilingError, filing_file
from debrief.testing.concurrency import on_postgresql, together
from debrief.testing.factories import campaign_open

pytestmark = pytest.mark.django_db


def test_the_plan_is_filed_with_the_direct_superior_as_it_stands(planned, tree, cast):
    filing = filing_file(campaign=planned, kind=FilingKind.PLAN, user=cast.organizer_a)

    assert filing.filed_to == tree.province
    assert filing.filed_by == cast.organizer_a and filing.filed_by_name == "organizer_a"
    plan = filing.snapshot
    assert plan["title"] == planned.title and plan["meeting_date"] == "2023-01-15"
    assert [
        (r["organization"], r["secretary"], r["mode"], r["speaking_order"]) for r in plan["reporters"]
    ] == [
        ("江州市东区区委", "赵强", "on_site", 1),
        ("江州市西区区委", "李明", "on_site", 2),
        ("江州市北县县委", "王芳", "written", None),
    ]
    assert plan["indicators"] == [{"name": "发展党员", "unit": "名"}]
    assert plan["scheme"] is None  # no evaluation set up yet
    entry = Entry.objects.get(action=Action.MATERIAL_FILED)
    assert entry.organization == tree.city_a and entry.after == {"kind": "plan", "filed_to": "北江省委"}


def test_the_filed_copy_does_not_change_with_the_campaign(planned, reporters, cast):
    filing_file(campaign=planned, kind=FilingKind.PLAN, user=cast.organizer_a)
    planned.reporters.filter(pk=reporters.a3.pk).delete()

    filing = Filing.objects.get(campaign=planned, kind=FilingKind.PLAN)
    assert len(filing.snapshot["reporters"]) == 3


def test_the_plan_needs_reporters(campaign, cast):
    with pytest.raises(FilingError, match="add the reporters"):
        filing_file(campaign=campaign, kind=FilingKind.PLAN, user=cast.organizer_a)
    assert not Filing.objects.exists()


def test_filing_twice_is_refused_naming_when_and_by_whom_and_keeps_the_first(planned, cast):
    at = timezone.make_aware(datetime.datetime(2023, 1, 10, 9, 30))
    first = filing_file(campaign=planned, kind=FilingKind.PLAN, user=cast.organizer_a, at=at)
    planned.reporters.all().delete()

    with pytest.raises(FilingError) as refused:
        filing_file(campaign=planned, kind=FilingKind.PLAN, user=cast.organizer_a)

    assert str(refused.value).startswith(
        "Work arrangements of the debriefing was already filed with 北江省委"
    )
    assert "on 2023-01-10 09:30 by organizer_a" in str(refused.value)
    kept = Filing.objects.get(campaign=planned)
    assert kept.pk == first.pk and len(kept.snapshot["reporters"]) == 3


def test_the_meeting_is_filed_once_held(planned, cast):
    with pytest.raises(FilingError, match="once held.*now at “Preparing”"):
        filing_file(campaign=planned, kind=FilingKind.MEETING, user=cast.organizer_a)


def test_the_meeting_filed_says_when_where_who_reported_and_who_attended(held, cast):
    meeting = filing_file(campaign=held, kind=FilingKind.MEETING, user=cast.organizer_a).snapshot

    assert (meeting["date"], meeting["time"], meeting["venue"]) == ("2023-01-15", "09:00", "机关三楼会议室")
    assert meeting["presided_by"] == "局党组专职副书记 马平科"
    assert [r["organization"] for r in meeting["on_site"]] == ["江州市东区区委", "江州市西区区委"]
    assert [r["organization"] for r in meeting["written"]] == ["江州市北县县委"]
    assert len(meeting["attendance"]) == 1
    assert meeting["attendance"][0]["invited"] == 2 and meeting["attendance"][0]["present"] == 1
    assert sum(row["voted"] for row in meeting["turnout"]) == 1
    assert {row["category"] for row in meeting["turnout"]} >= {meeting["attendance"][0]["category"]}


def test_the_results_are_filed_once_the_notice_is_published(held, cast):
    with pytest.raises(FilingError, match="results notice is published"):
        filing_file(campaign=held, kind=FilingKind.RESULTS, user=cast.organizer_a)


def test_the_results_filed_are_the_notices_frozen_table(published, cast):
    results = filing_file(campaign=published, kind=FilingKind.RESULTS, user=cast.organizer_a).snapshot

    notice = published.notices.get(state="published")
    assert results["title"] == notice.title and results["version"] == 1
    assert results["published_on"] == timezone.localdate(notice.published_at).isoformat()
    assert [row["organization"] for row in results["rows"]] == [
        row["organization"] for row in notice.results_table
    ]
    assert "reporter_id" not in results["rows"][0]  # the superior needs no ids of the lower level


def test_the_lists_need_ledger_items(published, cast):
    with pytest.raises(FilingError, match="ledger, which has no items yet"):
        filing_file(campaign=published, kind=FilingKind.LISTS, user=cast.organizer_a)


def test_the_three_lists_filed(with_items, cast):
    lists = filing_file(campaign=with_items, kind=FilingKind.LISTS, user=cast.organizer_a).snapshot

    assert [(p["label"], p["category"], p["source"]) for p in lists["problems"]] == [
        ("2022-001", "organization", "manual"),
        ("2022-002", "other", "manual"),
    ]
    assert [(r["organization"], r["responsible"]) for r in lists["responsibility"]] == [
        ("江州市东区区委", "赵强"),
        ("江州市西区区委", "李明"),
    ]
    first = lists["rectification"][0]
    assert first["measures"] == ["制定年度学习计划", "每月开展一次集中学习"]
    assert (first["deadline"], first["status"]) == ("2023-06-30", "open")


def test_a_host_without_a_superior_has_no_one_to_file_with(tree, cast):
    campaign = campaign_open(tree.province, year=2022, user=cast.observer)
    with pytest.raises(FilingError, match="北江省委 has no superior organization"):
        filing_file(campaign=campaign, kind=FilingKind.MEETING, user=cast.observer)


def test_an_unknown_kind_is_refused(planned, cast):
    with pytest.raises(FilingError, match="Choose what to file"):
        filing_file(campaign=planned, kind="ballots", user=cast.organizer_a)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_filing_at_once_from_two_pages_files_once(planned, cast):
    outcomes = together(
        3, lambda i: filing_file(campaign=planned, kind=FilingKind.PLAN, user=cast.organizer_a).pk
    )
    assert sorted(kind for kind, _result in outcomes) == ["FilingError", "FilingError", "ok"], outcomes
    assert all("already filed" in message for kind, message in outcomes if kind != "ok")
    assert Filing.objects.count() == 1
