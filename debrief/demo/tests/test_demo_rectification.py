"""The demo ledgers: the housing bureau's in every state, the street's carried over from last year."""

import datetime
import re
from collections import Counter

import pytest
from django.conf import settings
from django.utils import timezone

from debrief.accounts.models import User
from debrief.campaigns.models import Campaign, CampaignState
from debrief.demo import tree
from debrief.demo.report import render
from debrief.demo.services import load_demo
from debrief.demo.years import cycle_year
from debrief.evaluation import selectors as evaluation_selectors
from debrief.evaluation.models import Rating
from debrief.lib import uploads
from debrief.meetings.models import CommentProblem
from debrief.rectification.models import Event, EventKind, Evidence, Item, Source, Status
from debrief.testing.factories import log_in

pytestmark = pytest.mark.django_db

# The status an item's latest workflow entry leaves it in.
STATUS_AFTER = {
    EventKind.CREATED: Status.OPEN,
    EventKind.PROGRESS: Status.IN_PROGRESS,
    EventKind.SUBMITTED: Status.SUBMITTED,
    EventKind.RETURNED: Status.RETURNED,
    EventKind.SIGNED_OFF: Status.SIGNED_OFF,
}
CJK = re.compile(r"[\u4e00-\u9fff]")


def campaign_of(host_code, years_ago=0):
    year = cycle_year(timezone.localdate()) - years_ago
    return Campaign.objects.select_related("host").get(host__code=host_code, year=year)


def items_of(campaign):
    return campaign.rectification_items.select_related("reporter__organization").prefetch_related("events")


def test_the_housing_bureaus_ledger_has_forty_items_and_more_in_every_status(demo):
    items = campaign_of(tree.HOUSING_BUREAU).rectification_items
    assert items.count() >= 40
    statuses = Counter(items.values_list("status", flat=True))
    assert set(statuses) == set(Status.values)
    assert statuses[Status.OPEN] > statuses[Status.SIGNED_OFF]  # the meeting was only yesterday
    overdue = items.overdue(timezone.localdate())
    assert overdue.count() >= 3
    # Overdue: immediate items from the reports, entered weeks ago, and last year's unfinished ones.
    assert overdue.filter(source_note__contains="立行立改").exists()
    assert overdue.filter(carried_from__isnull=False).exists()


def test_items_come_from_every_source(demo):
    campaign = campaign_of(tree.HOUSING_BUREAU)
    items = campaign.rectification_items
    # Conveyance tasks and sub-items broken down from a superior's item are the cascade's (the town's).
    assert set(items.values_list("source", flat=True)) == set(Source.values) - {
        Source.CONVEYANCE,
        Source.BREAKDOWN,
    }
    # Every problem of yesterday's comments is in the ledger, linked back to its comment.
    problems = CommentProblem.objects.filter(comment__reporter__campaign=campaign)
    assert problems.exists()
    assert set(items.filter(source=Source.COMMENT).values_list("comment_problem", flat=True)) == set(
        problems.values_list("pk", flat=True)
    )
    # One item for each unit graded 一般 or 差.
    results = evaluation_selectors.results(evaluation_selectors.evaluation_of(campaign))
    graded = {row.reporter.pk for row in results.rows if row.overall.grade in (Rating.FAIR, Rating.POOR)}
    assert set(items.filter(source=Source.EVALUATION).values_list("reporter", flat=True)) == graded
    assert items.filter(source=Source.MANUAL).count() == 2
    # The reports' items carry their report's own measures.
    from_reports = items.filter(source=Source.REPORT, carried_from__isnull=True)
    assert from_reports.count() >= 20
    assert all(item.measures.exists() for item in from_reports)


def test_the_timeline_is_back_dated_in_order_and_ends_in_the_items_status(demo):
    now = timezone.now()
    campaign = campaign_of(tree.HOUSING_BUREAU)
    for host, years_ago in ((tree.HOUSING_BUREAU, 0), (tree.HOUSING_BUREAU, 1), (tree.CHANGZHENG, 1)):
        items = list(items_of(campaign_of(host, years_ago)))
        # Numbers follow the order of entry.
        entered = [item.created_at for item in items]
        assert entered == sorted(entered)
        for item in items:
            events = list(item.events.all())
            assert events[0].kind == EventKind.CREATED and events[0].at == item.created_at
            assert all(event.at <= now for event in events)
            if item.carried_from_id:
                continue
            workflow = [event for event in events if event.kind in STATUS_AFTER]
            assert STATUS_AFTER[workflow[-1].kind] == item.status, item
            if item.status == Status.SIGNED_OFF:
                assert item.signed_off_at == workflow[-1].at
    # This year's work started weeks ago; its ledger was only entered from yesterday's comments on.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    days = {timezone.localtime(item.created_at).date() for item in campaign.rectification_items.all()}
    assert min(days) <= yesterday - datetime.timedelta(days=20)
    commented = campaign.rectification_items.filter(source=Source.COMMENT)
    assert {timezone.localtime(item.created_at).date() for item in commented} == {yesterday}
    assert commented.filter(status=Status.IN_PROGRESS).exists()
    assert commented.filter(status=Status.OPEN).count() > commented.count() / 2
    assert all(item.deadline > timezone.localdate() + datetime.timedelta(days=60) for item in commented)


def test_progress_is_filed_with_real_evidence(demo):
    campaign = campaign_of(tree.HOUSING_BUREAU)
    evidence = Evidence.objects.filter(event__item__campaign=campaign).select_related("event")
    assert evidence.count() >= 10
    assert {e.kind for e in evidence} == {"PNG", "PDF"}
    assert {e.event.kind for e in evidence} >= {EventKind.PROGRESS, EventKind.SUBMITTED}
    for found in evidence[:6]:
        with found.file.open("rb") as file:
            assert (
                uploads.check_attachment(
                    found.original_name, found.size, file, settings.DEBRIEF_ATTACHMENT_MAX_BYTES
                )
                == found.kind
            )


def test_returns_say_why_and_are_followed_by_resubmission_and_sign_off(demo):
    events = Event.objects.filter(item__campaign=campaign_of(tree.HOUSING_BUREAU))
    assert events.filter(kind=EventKind.RETURNED).count() >= 3
    assert all(events.filter(kind=EventKind.RETURNED).values_list("text", flat=True))
    assert all(events.filter(kind=EventKind.SIGNED_OFF).values_list("text", flat=True))
    resubmitted = 0
    for item in items_of(campaign_of(tree.HOUSING_BUREAU)).filter(events__kind=EventKind.RETURNED).distinct():
        kinds = [event.kind for event in item.events.all()]
        after = kinds[kinds.index(EventKind.RETURNED) + 1 :]
        resubmitted += EventKind.SUBMITTED in after
    assert resubmitted >= 2


def test_the_texts_are_chinese_and_fully_filled_in(demo):
    texts = Event.objects.exclude(text="").values_list("text", flat=True)
    assert len(texts) > 100
    for text in texts:
        assert CJK.search(text) and "{" not in text and "}" not in text, text


def test_the_lighting_centers_secretary_reports_on_their_own_items(demo):
    reporter = User.objects.get(username="reporter")
    organizer = User.objects.get(username="organizer")
    campaign = campaign_of(tree.HOUSING_BUREAU)
    own = Event.objects.filter(item__campaign=campaign, item__reporter__person=reporter.person)
    assert own.filter(kind=EventKind.PROGRESS, actor=reporter).exists()
    others = Event.objects.filter(item__campaign=campaign).exclude(item__reporter__person=reporter.person)
    assert not others.filter(actor=reporter).exists()
    assert set(others.filter(kind=EventKind.SIGNED_OFF).values_list("actor", flat=True)) == {organizer.pk}


def test_last_years_ledgers_were_mostly_signed_off_and_are_archived(demo):
    for host in (tree.HOUSING_BUREAU, tree.CHANGZHENG):
        last_year = campaign_of(host, years_ago=1)
        assert last_year.state == CampaignState.ARCHIVED
        items = last_year.rectification_items
        signed = items.filter(status=Status.SIGNED_OFF).count()
        assert signed >= items.count() * 2 / 3
        # What was not signed off went on into this year's ledger.
        assert not items.live().exists()
        assert items.filter(carried_to__isnull=False).count() == items.count() - signed


def test_the_street_shows_last_years_unfinished_items_carried_over(demo):
    street = campaign_of(tree.CHANGZHENG)
    carried = street.rectification_items.carried_over().select_related("carried_from__campaign")
    assert carried.count() >= 2
    for item in carried:
        assert item.carried_from.campaign == campaign_of(tree.CHANGZHENG, years_ago=1)
        assert item.description == item.carried_from.description
        assert item.status == item.carried_from.status != Status.SIGNED_OFF
        assert item.is_overdue(timezone.localdate())
    housing = campaign_of(tree.HOUSING_BUREAU).rectification_items.carried_over()
    assert housing.count() >= 3
    assert housing.filter(reporter__organization__code=tree.LIGHTING_CENTER).exists()


def test_the_summary_counts_the_ledgers_and_links_them(demo):
    out = render(demo)
    assert "整改台账 ledgers" in out
    assert f"本次新建整改事项 {Item.objects.count()} 项" in out
    for host in (tree.HOUSING_BUREAU, tree.CHANGZHENG):
        assert f"/rectification/?campaign={campaign_of(host).pk}" in out
    assert "已销号" in out and "逾期 overdue" in out


def test_the_ledger_pages_show_the_demo_with_its_evidence(demo, client):
    campaign = campaign_of(tree.HOUSING_BUREAU)
    assert log_in(client, "organizer", "debrief-demo")
    ledger = client.get(f"/rectification/?campaign={campaign.pk}")
    assert ledger.status_code == 200
    evidence = (
        Evidence.objects.filter(event__item__campaign=campaign, kind="PDF").select_related("event").first()
    )
    item = client.get(f"/rectification/{evidence.event.item_id}/")
    assert item.status_code == 200 and evidence.original_name in item.content.decode()
    download = client.get(f"/rectification/evidence/{evidence.pk}/")
    assert download.status_code == 200
    assert download.getvalue().startswith(b"%PDF-")


def test_loading_again_adds_nothing_to_the_ledgers(demo):
    models = (Item, Event, Evidence)
    before = {model.__name__: model.objects.count() for model in models}
    again = load_demo()
    assert {model.__name__: model.objects.count() for model in models} == before
    assert again.rectification.items_created == 0
    assert again.rectification.evidence_created == 0
    assert len(again.rectification.rows) == 4
