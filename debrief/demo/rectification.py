"""The demo rectification ledgers (整改台账): the housing bureau's in full swing, the street's carried over.

This year the housing bureau (met yesterday, evaluation closed) has a ledger of every kind of item:
two entered by hand from inspections some five weeks ago; two problems of every accepted report,
entered over the three weeks the reports were reviewed, one to be put right at once (立行立改,
about two weeks: some signed off, some returned, some overdue) and one due in three or six months,
partly under way (the other problems, and the reports not yet accepted, are left for the ledger's
"from reports" step); the problems of yesterday's comments, entered that afternoon, a few with a
first step taken the same day; and, entered today, an item for each unit graded 一般 or 差 and last
year's unfinished items, carried over (and overdue). The street (meeting today) has only its
carried-over items so far: today's comments and reports wait to be entered. Last year's ledgers are
filled by rectification_work.py, which also works every item through.

Everything goes through the ledger's services and sources. The sources enter items at the moment
of loading, so the problems of reports and comments, entered earlier, go in as those sources would
enter them but through `services.item_create` with its `at`; every later step is back-dated the
same way, never later than yesterday evening. A ledger that already has items is left alone, so
loading again adds nothing.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from debrief.accounts.models import User
from debrief.campaigns.models import Campaign
from debrief.rectification import selectors as ledger_selectors
from debrief.rectification import services, sources
from debrief.rectification.models import Event, Evidence, Item, Source

from . import rectification_texts as texts
from . import rectification_work as work
from . import tree
from .rectification_work import IN_PROGRESS, LATE, OPEN, RETURNED, SIGNED, SIGNED_AFTER_RETURN, SUBMITTED
from .years import cycle_year

# Immediate-rectification items (立行立改), in order of entry, by whether their deadline has passed;
# every three in a row of the first list hold one left overdue.
IMMEDIATE_PAST = (SIGNED, LATE, SIGNED_AFTER_RETURN, RETURNED, SIGNED, OPEN, SUBMITTED, SIGNED, LATE)
IMMEDIATE_AHEAD = (SIGNED, SUBMITTED, IN_PROGRESS, RETURNED, SIGNED, IN_PROGRESS, SUBMITTED)
# The other problems of reports, due months ahead.
LATER = ((OPEN, 45), (IN_PROGRESS, 40), (SUBMITTED, 8), (SIGNED, 7))
PER_REPORT = 2  # problems of a report entered: the immediate one and the next in the report
IMMEDIATE_DAYS = (10, 14, 14, 15)
REVIEW_DAYS = (26, 3)  # reports were reviewed this many days ago, from the first to the last
# Themes quick to put right, taken first as a report's immediate item (long ones: `work.LONG`).
QUICK = ("organization_life", "standards", "members", "discipline", "service", "responsibility")


@dataclass(frozen=True)
class LedgerRow:
    campaign_id: int
    host: str
    year: int
    archived: bool
    total: int
    by_status: dict[str, int]  # Status value -> items
    overdue: int
    carried_in: int  # from the year before
    carried_on: int  # into the year after


@dataclass
class RectificationSummary:
    items_created: int = 0
    events_created: int = 0
    evidence_created: int = 0
    rows: list[LedgerRow] = field(default_factory=list)


def counts() -> tuple[int, int, int]:
    """Items, timeline entries and evidence files in the database: taken before loading, for the summary."""
    return Item.objects.count(), Event.objects.count(), Evidence.objects.count()


def load_rectification(
    today: datetime.date | None = None, before: tuple[int, int, int] | None = None
) -> RectificationSummary:
    today = today or timezone.localdate()
    year = cycle_year(today)
    for host, fill in ((tree.HOUSING_BUREAU, _housing), (tree.CHANGZHENG, _street)):
        campaign = Campaign.objects.filter(host__code=host, year=year).select_related("host").first()
        if campaign is None or campaign.is_archived or campaign.rectification_items.exists():
            continue
        fill(campaign, today)
    summary = RectificationSummary()
    if before is not None:
        summary.items_created, summary.events_created, summary.evidence_created = (
            now - then for now, then in zip(counts(), before, strict=True)
        )
    summary.rows = _rows(year, today)
    return summary


# --- This year: the housing bureau -----------------------------------------------------------------


def _housing(campaign: Campaign, today: datetime.date) -> None:
    organizer = User.objects.filter(username=work.HOUSING_ORGANIZER).first()
    ledger = work.Ledger(campaign, organizer, f"{work.SEED}:{campaign.year}:housing")
    yesterday = today - datetime.timedelta(days=1)
    end = work.day_at(yesterday, 18 * 60)
    entries = [
        *_manual_entries(campaign, today, ledger.rng),
        *_report_entries(campaign, today, end, ledger.rng),
        *_comment_entries(campaign, yesterday, end),
    ]
    entries.sort(key=lambda entry: entry.at)
    for entry in entries:
        item = ledger.enter(entry.fields)
        if entry.manual is not None:
            ledger.follow(item, entry.manual)
        elif entry.first_step:
            (at,) = work.moments(ledger.rng, item.created_at, end, 1)
            ledger.progress(item, entry.first_step, at)
        else:
            ledger.work(item, entry.fate, entry.stop or end)
    # Entered today: the units graded 一般 or 差 yesterday, and last year's unfinished items.
    sources.items_from_evaluation(campaign=campaign, user=organizer)
    sources.carry_over(campaign=campaign, user=organizer)


def _manual_entries(campaign: Campaign, today: datetime.date, rng: random.Random) -> list[work.Entry]:
    reporters = {r.organization.code: r for r in campaign.reporters.select_related("organization", "person")}
    entries = []
    for manual in texts.MANUAL:
        reporter = reporters.get(f"{tree.HOUSING_BUREAU}{manual.unit}")
        if reporter is None:
            continue
        day = today - datetime.timedelta(days=manual.entered_days_ago)
        at = work.day_at(day, rng.randint(9 * 60, 16 * 60))
        fields = {
            "reporter": reporter,
            "description": manual.description,
            "deadline": day + datetime.timedelta(days=manual.deadline_days),
            "at": at,
            "category": manual.category,
            "source": Source.MANUAL,
            "source_note": manual.source_note.format(month=day.month),
            "measures": manual.measures,
        }
        entries.append(work.Entry(at, fields, manual=manual))
    return entries


def _report_entries(campaign: Campaign, today: datetime.date, end, rng: random.Random) -> list[work.Entry]:
    """Each accepted report's problems, entered the day it was reviewed: one to put right at once."""
    by_reporter = work.report_problems(campaign)
    versions = work.latest_versions(campaign)
    reporter_ids = sorted(by_reporter)
    rng.shuffle(reporter_ids)  # the order the reports came in
    first, last = (today - datetime.timedelta(days=days) for days in REVIEW_DAYS)
    days = work.weekdays(first, last)
    immediate: list[work.Entry] = []
    entries = []
    for index, reporter_id in enumerate(reporter_ids):
        day = days[round(index * (len(days) - 1) / max(len(reporter_ids) - 1, 1))]
        at = work.day_at(day, rng.randint(9 * 60, 16 * 60))
        problems = by_reporter[reporter_id]
        themes = [texts.theme_of(problem.text).key for problem in problems]
        quick = next((i for i, key in enumerate(themes) if key in QUICK), 0)
        keep = sorted({quick, *[i for i in range(len(problems)) if i != quick][: PER_REPORT - 1]})
        problems, themes, quick = [problems[i] for i in keep], [themes[i] for i in keep], keep.index(quick)
        for i, (problem, key) in enumerate(zip(problems, themes, strict=True)):
            at += datetime.timedelta(minutes=rng.randint(2, 6))
            if i == quick:
                deadline = day + datetime.timedelta(days=rng.choice(IMMEDIATE_DAYS))
            else:
                deadline = services.default_deadline(day, 6 if key in work.LONG else 3)
            fields = work.report_fields(problem, versions[reporter_id], at, deadline)
            if i == quick:
                fields["source_note"] += "（立行立改）"
                immediate.append(work.Entry(at, fields))
            else:
                fate = rng.choices([fate for fate, _w in LATER], weights=[w for _f, w in LATER])[0]
                entries.append(work.Entry(at, fields, fate=fate, stop=end))
    immediate.sort(key=lambda entry: entry.at)
    past = [entry for entry in immediate if entry.fields["deadline"] < today]
    ahead = [entry for entry in immediate if entry.fields["deadline"] >= today]
    for group, fates in ((past, IMMEDIATE_PAST), (ahead, IMMEDIATE_AHEAD)):
        for n, entry in enumerate(group):
            entry.fate = fates[n % len(fates)]
            deadline_end = work.day_at(entry.fields["deadline"], work.WORKDAY[1])
            # Work reported by the deadline; verification, or a return, may come after it.
            entry.stop = min(end, deadline_end) if entry.fate in (LATE, SUBMITTED) else end
    return entries + immediate


def _comment_entries(campaign: Campaign, day: datetime.date, end) -> list[work.Entry]:
    """Yesterday's comments, entered that afternoon (as sources.item_from_comment_problem does)."""
    entries = []
    at = work.day_at(day, 15 * 60)
    for problem in sources.comment_problems_pending(campaign):
        at += datetime.timedelta(minutes=3)
        comment = problem.comment
        months = 6 if any(word in problem.text for word in texts.LONG_TERM_WORDS) else 3
        fields = {
            "reporter": comment.reporter,
            "description": problem.text,
            "deadline": services.default_deadline(day, months),
            "at": at,
            "source": Source.COMMENT,
            "source_note": sources.comment_note(problem),
            "comment_problem": problem,
        }
        first_step = next((step for words, step in texts.COMMENT_FIRST_STEPS if words in problem.text), "")
        entries.append(work.Entry(at, fields, first_step=first_step, stop=end))
    return entries


# --- This year: the street -------------------------------------------------------------------------


def _street(campaign: Campaign, today: datetime.date) -> None:
    sources.carry_over(campaign=campaign, user=User.objects.filter(username=work.STREET_ORGANIZER).first())


# --- The summary -----------------------------------------------------------------------------------


def _rows(year: int, today: datetime.date) -> list[LedgerRow]:
    rows = []
    for host in (tree.HOUSING_BUREAU, tree.CHANGZHENG):
        campaigns = Campaign.objects.filter(host__code=host, year__in=[year, year - 1]).select_related("host")
        for campaign in campaigns.order_by("-year"):
            items = campaign.rectification_items.all()
            found = ledger_selectors.ledger_counts(items, today)
            if not found.total:
                continue
            rows.append(
                LedgerRow(
                    campaign_id=campaign.pk,
                    host=campaign.host.name,
                    year=campaign.year,
                    archived=campaign.is_archived,
                    total=found.total,
                    by_status={status: count for status, _label, count in found.by_status},
                    overdue=found.overdue,
                    carried_in=found.carried_over,
                    carried_on=items.filter(carried_to__isnull=False).count(),
                )
            )
    return rows
