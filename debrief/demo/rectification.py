"""The demo rectification ledgers (整改台账): the housing bureau's in full swing, the street's carried over.

Last year's campaigns of the housing bureau and of the street each kept a ledger: a problem of every
report (one or two of a community's) was entered the week after last year's meeting and worked
through the year, most of them submitted and signed off (some after being returned once), a few not
finished when the year ran out. campaigns.py has it filled while last year's campaign is rectifying,
before the archive freezes it (`last_year_ledger`).

This year the housing bureau (met yesterday, evaluation closed) has a ledger of every kind of item:
two entered by hand from inspections some five weeks ago; two problems of every accepted report,
entered over the three weeks the reports were reviewed, one to be put right at once (立行立改,
about two weeks: some signed off, some returned, some overdue) and one due in three or six months,
partly under way (the other problems, and the reports not yet accepted, are left for the ledger's
"from reports" step); the problems of yesterday's comments, entered that afternoon, a few with a
first step taken the same day; and, entered today, an item for each unit graded 一般 or 差 and last
year's unfinished items, carried over (and overdue). The street (meeting today) has only its
carried-over items so far: today's comments and reports wait to be entered.

Everything goes through the ledger's services and sources. The sources enter items at the moment
of loading, so the problems of reports and comments, entered earlier, go in as those sources would
enter them but through `services.item_create` with its `at`; every later step is back-dated the
same way, never later than yesterday evening. Texts come from rectification_texts.py and a seeded
random generator; evidence files are drawn by evidence_files.py. A ledger that already has items is
left alone, so loading again adds nothing.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from debrief.accounts.models import User
from debrief.campaigns.models import Campaign
from debrief.orgs.models import Person
from debrief.rectification import selectors as ledger_selectors
from debrief.rectification import services, sources
from debrief.rectification.models import Event, Evidence, Item, Source
from debrief.reports.models import ReportState, ReportVersion

from . import evidence_files, tree
from . import rectification_texts as texts
from .campaigns import cycle_year
from .names import NameGenerator

SEED = "debrief-demo-rectification"
WORKDAY = (8 * 60 + 30, 18 * 60)  # minutes of the day entries are made in

# What happens to an item: the steps of its timeline.
OPEN = "open"
IN_PROGRESS = "in_progress"
LATE = "late"  # a step taken early, nothing since: overdue once the deadline passes
SUBMITTED = "submitted"
RETURNED = "returned"
SIGNED = "signed"
SIGNED_AFTER_RETURN = "signed_after_return"
UNFINISHED = "unfinished"  # last year's: worked on, then stalled

# Immediate-rectification items (立行立改), in order of entry, by whether their deadline has passed;
# every three in a row of the first list hold one left overdue.
IMMEDIATE_PAST = (SIGNED, LATE, SIGNED_AFTER_RETURN, RETURNED, SIGNED, OPEN, SUBMITTED, SIGNED, LATE)
IMMEDIATE_AHEAD = (SIGNED, SUBMITTED, IN_PROGRESS, RETURNED, SIGNED, IN_PROGRESS, SUBMITTED)
# The other problems of reports, due months ahead.
LATER = ((OPEN, 45), (IN_PROGRESS, 40), (SUBMITTED, 8), (SIGNED, 7))
PER_REPORT = 2  # problems of a report entered: the immediate one and the next in the report
IMMEDIATE_DAYS = (10, 14, 14, 15)
REVIEW_DAYS = (26, 3)  # reports were reviewed this many days ago, from the first to the last
# Themes quick to put right, taken first as a report's immediate item; and long ones, due in six months.
QUICK = ("organization_life", "standards", "members", "discipline", "service", "responsibility")
LONG = ("young_members", "brand", "integration")


HOUSING_ORGANIZER = "organizer"
STREET_ORGANIZER = "street_organizer"


@dataclass(frozen=True)
class LastYear:
    organizer: str  # username
    per_report: tuple[int, ...]  # how many of a report's problems entered the ledger: one of these
    unfinished: tuple[str, ...]  # fates of the items not signed off when the year ran out
    unfinished_unit: str = ""  # an organization code whose item is among them


LAST_YEAR = {
    tree.HOUSING_BUREAU: LastYear(
        HOUSING_ORGANIZER, (1,), (UNFINISHED, UNFINISHED, RETURNED, OPEN), tree.LIGHTING_CENTER
    ),
    tree.CHANGZHENG: LastYear(STREET_ORGANIZER, (1, 2), (UNFINISHED, RETURNED, UNFINISHED)),
}


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


@dataclass
class _Entry:
    at: datetime.datetime
    fields: dict
    fate: str = OPEN
    stop: datetime.datetime | None = None  # the timeline ends before this
    manual: texts.ManualItem | None = None
    first_step: str = ""


def _housing(campaign: Campaign, today: datetime.date) -> None:
    organizer = User.objects.filter(username=HOUSING_ORGANIZER).first()
    ledger = _Ledger(campaign, organizer, f"{SEED}:{campaign.year}:housing")
    yesterday = today - datetime.timedelta(days=1)
    end = _at(yesterday, 18 * 60)
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
            (at,) = _moments(ledger.rng, item.created_at, end, 1)
            ledger.progress(item, entry.first_step, at)
        else:
            ledger.work(item, entry.fate, entry.stop or end)
    # Entered today: the units graded 一般 or 差 yesterday, and last year's unfinished items.
    sources.items_from_evaluation(campaign=campaign, user=organizer)
    sources.carry_over(campaign=campaign, user=organizer)


def _manual_entries(campaign: Campaign, today: datetime.date, rng: random.Random) -> list[_Entry]:
    reporters = {r.organization.code: r for r in campaign.reporters.select_related("organization", "person")}
    entries = []
    for manual in texts.MANUAL:
        reporter = reporters.get(f"{tree.HOUSING_BUREAU}{manual.unit}")
        if reporter is None:
            continue
        day = today - datetime.timedelta(days=manual.entered_days_ago)
        at = _at(day, rng.randint(9 * 60, 16 * 60))
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
        entries.append(_Entry(at, fields, manual=manual))
    return entries


def _latest_versions(campaign: Campaign) -> dict[int, ReportVersion]:
    latest = {}
    versions = ReportVersion.objects.filter(report__reporter__campaign=campaign).select_related("report")
    for version in versions.order_by("report_id", "number"):
        latest[version.report.reporter_id] = version
    return latest


def _report_problems(campaign: Campaign) -> dict[int, list[sources.ReportProblem]]:
    """The problems of accepted reports not yet in the ledger, by reporter, in report order."""
    accepted = set(campaign.reporters.filter(report__state=ReportState.ACCEPTED).values_list("pk", flat=True))
    found: dict[int, list[sources.ReportProblem]] = {}
    for problem in sources.report_problems_pending(campaign):
        if problem.reporter.pk in accepted:
            found.setdefault(problem.reporter.pk, []).append(problem)
    return found


def _report_fields(problem: sources.ReportProblem, version: ReportVersion, at, deadline) -> dict:
    # As sources.items_from_reports enters them, on the day the report was reviewed.
    return {
        "reporter": problem.reporter,
        "description": problem.text,
        "deadline": deadline,
        "at": at,
        "source": Source.REPORT,
        "source_note": sources.report_note(problem.version),
        "measures": texts.measures_from_report(version.content, problem.text),
    }


def _report_entries(campaign: Campaign, today: datetime.date, end, rng: random.Random) -> list[_Entry]:
    """Each accepted report's problems, entered the day it was reviewed: one to put right at once."""
    by_reporter = _report_problems(campaign)
    versions = _latest_versions(campaign)
    reporter_ids = sorted(by_reporter)
    rng.shuffle(reporter_ids)  # the order the reports came in
    first, last = (today - datetime.timedelta(days=days) for days in REVIEW_DAYS)
    days = _weekdays(first, last)
    immediate: list[_Entry] = []
    entries = []
    for index, reporter_id in enumerate(reporter_ids):
        day = days[round(index * (len(days) - 1) / max(len(reporter_ids) - 1, 1))]
        at = _at(day, rng.randint(9 * 60, 16 * 60))
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
                deadline = services.default_deadline(day, 6 if key in LONG else 3)
            fields = _report_fields(problem, versions[reporter_id], at, deadline)
            if i == quick:
                fields["source_note"] += "（立行立改）"
                immediate.append(_Entry(at, fields))
            else:
                fate = rng.choices([fate for fate, _w in LATER], weights=[w for _f, w in LATER])[0]
                entries.append(_Entry(at, fields, fate=fate, stop=end))
    immediate.sort(key=lambda entry: entry.at)
    past = [entry for entry in immediate if entry.fields["deadline"] < today]
    ahead = [entry for entry in immediate if entry.fields["deadline"] >= today]
    for group, fates in ((past, IMMEDIATE_PAST), (ahead, IMMEDIATE_AHEAD)):
        for n, entry in enumerate(group):
            entry.fate = fates[n % len(fates)]
            deadline_end = _at(entry.fields["deadline"], WORKDAY[1])
            # Work reported by the deadline; verification, or a return, may come after it.
            entry.stop = min(end, deadline_end) if entry.fate in (LATE, SUBMITTED) else end
    return entries + immediate


def _comment_entries(campaign: Campaign, day: datetime.date, end) -> list[_Entry]:
    """Yesterday's comments, entered that afternoon (as sources.item_from_comment_problem does)."""
    entries = []
    at = _at(day, 15 * 60)
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
        entries.append(_Entry(at, fields, first_step=first_step, stop=end))
    return entries


# --- This year: the street -------------------------------------------------------------------------


def _street(campaign: Campaign, today: datetime.date) -> None:
    sources.carry_over(campaign=campaign, user=User.objects.filter(username=STREET_ORGANIZER).first())


# --- Last year -------------------------------------------------------------------------------------


def last_year_ledger(campaign: Campaign) -> None:
    """Last year's ledger, entered after its meeting and worked through the year; called by campaigns.py
    while that campaign is rectifying, before it is archived."""
    plan = LAST_YEAR.get(campaign.host.code)
    if plan is None or campaign.rectification_items.exists():
        return
    organizer = User.objects.filter(username=plan.organizer).first()
    ledger = _Ledger(campaign, organizer, f"{SEED}:{campaign.year}:{campaign.host.code}", evidence=0.5)
    rng = ledger.rng
    start = campaign.meeting_date + datetime.timedelta(days=1)
    end = min(
        _at(start + datetime.timedelta(days=300), WORKDAY[1]), timezone.now() - datetime.timedelta(days=1)
    )
    versions = _latest_versions(campaign)
    days = _weekdays(start, start + datetime.timedelta(days=6))
    entries = []
    for problems in _report_problems(campaign).values():
        chosen = rng.sample(problems, min(rng.choice(plan.per_report), len(problems)))
        day = rng.choice(days)
        for problem in sorted(chosen, key=problems.index):
            at = _at(day, rng.randint(9 * 60, 17 * 60))
            deadline = services.default_deadline(day, rng.choice((2, 3, 3, 4, 6)))
            entries.append(_Entry(at, _report_fields(problem, versions[problem.reporter.pk], at, deadline)))
    _unfinished(entries, plan, rng)
    entries.sort(key=lambda entry: entry.at)
    for entry in entries:
        item = ledger.enter(entry.fields)
        deadline_end = _at(entry.fields["deadline"], WORKDAY[1])
        if entry.fate == UNFINISHED:
            stop = deadline_end
        else:
            stop = deadline_end + datetime.timedelta(days=20 if entry.fate != RETURNED else 5)
        ledger.work(item, entry.fate, min(stop, end))


def _unfinished(entries: list[_Entry], plan: LastYear, rng: random.Random) -> None:
    """Pick the items left unfinished, long-term problems first; the others are signed off."""
    long_term = [e for e in entries if texts.theme_of(e.fields["description"]).key in LONG]
    others = [e for e in entries if e not in long_term]
    rng.shuffle(long_term)
    rng.shuffle(others)
    candidates = long_term + others
    unit = [e for e in candidates if e.fields["reporter"].organization.code == plan.unfinished_unit]
    chosen = (unit[:1] + [e for e in candidates if e not in unit[:1]])[: len(plan.unfinished)]
    for entry in entries:
        entry.fate = SIGNED_AFTER_RETURN if rng.random() < 0.25 else SIGNED
    for entry, fate in zip(chosen, plan.unfinished, strict=False):
        entry.fate = fate


# --- Working an item through -----------------------------------------------------------------------


class _Ledger:
    """One campaign's ledger being filled: who acts, and the texts and files of each step."""

    def __init__(self, campaign: Campaign, organizer, seed: str, evidence: float = 1.0) -> None:
        self.campaign = campaign
        self.organizer = organizer
        self.rng = random.Random(seed)
        self.evidence = evidence  # the share of the usual evidence filed
        self.users = {user.person_id: user for user in User.objects.filter(person__isnull=False)}
        self.reports: dict[int, str] = {}  # reporter -> the text of their latest report
        self.name = NameGenerator(seed, avoid=Person.objects.values_list("name", flat=True))

    def enter(self, fields: dict) -> Item:
        fields.setdefault("category", sources.guess_category(fields["description"]))
        return services.item_create(campaign=self.campaign, user=self.organizer, **fields)

    def actor(self, item: Item):
        """The secretary's own login, where there is one."""
        return self.users.get(item.reporter.person_id)

    def context(self, item: Item) -> dict:
        organization = item.reporter.organization.name
        return texts.context(
            organization=organization,
            community="社区" in organization,
            description=item.description,
            measures="；".join(m.text for m in item.measures.all()),
            report=self._report_text(item.reporter_id),
            person=self.name(),
        )

    def _report_text(self, reporter_id: int) -> str:
        if reporter_id not in self.reports:
            version = (
                ReportVersion.objects.filter(report__reporter_id=reporter_id).order_by("-number").first()
            )
            content = version.content if version else {}
            self.reports[reporter_id] = "\n".join((content.get("duties", ""), content.get("measures", "")))
        return self.reports[reporter_id]

    def progress(self, item: Item, text: str, at, files=()) -> None:
        text = texts.render(text, self.context(item), self.rng, date=texts.day_label(timezone.localtime(at)))
        services.progress_add(item=item, user=self.actor(item), text=text, files=list(files), at=at)

    def work(self, item: Item, fate: str, stop) -> None:
        steps = self._steps(fate)
        if not steps:
            return
        rng, theme, ctx = self.rng, texts.theme_of(item.description), self.context(item)
        actor, made, remarks = self.actor(item), 0, None
        start = item.created_at + datetime.timedelta(days=1)  # work starts the day after, given time
        if start > stop - datetime.timedelta(days=1):
            start = item.created_at
        for step, at in zip(steps, _moments(rng, start, stop, len(steps)), strict=True):
            say = {"date": texts.day_label(timezone.localtime(at))}
            if step == "progress":
                text = texts.render(theme.progress[min(made, len(theme.progress) - 1)], ctx, rng, **say)
                made += 1
                files = [self._photo(theme)] if rng.random() < 0.35 * self.evidence else []
                services.progress_add(item=item, user=actor, text=text, files=files, at=at)
                _tick(item, at, first_only=True)
            elif step == "delay":
                text = texts.render(rng.choice(texts.DELAYS), ctx, rng, **say)
                services.progress_add(item=item, user=actor, text=text, at=at)
            elif step in ("submit", "resubmit"):
                if step == "submit":
                    text = texts.render(rng.choice(theme.done), ctx, rng, **say)
                    files = [self._report(item, theme, text, at)] if rng.random() < self.evidence else []
                else:
                    text = texts.render(remarks[1], ctx, rng, **say)
                    files = []
                if rng.random() < 0.4 * self.evidence:
                    files.append(self._photo(theme))
                _tick(item, at)
                services.item_submit(item=item, user=actor, text=text, files=files, at=at)
            elif step == "return":
                remarks = rng.choice(texts.RETURNS)
                text = texts.render(remarks[0], ctx, rng, **say)
                services.item_return(item=item, user=self.organizer, remarks=text, at=at)
            else:
                text = texts.render(rng.choice(theme.verify), ctx, rng, **say)
                services.item_sign_off(item=item, user=self.organizer, remarks=text, at=at)

    def _steps(self, fate: str) -> list[str]:
        progress = ["progress"] * self.rng.choice((1, 1, 2))
        return {
            OPEN: [],
            IN_PROGRESS: progress,
            LATE: ["progress"],
            SUBMITTED: [*progress, "submit"],
            RETURNED: ["progress", "submit", "return"],
            SIGNED: [*progress, "submit", "sign_off"],
            SIGNED_AFTER_RETURN: ["progress", "submit", "return", "resubmit", "sign_off"],
            UNFINISHED: ["progress", "delay"],
        }[fate]

    def follow(self, item: Item, manual: texts.ManualItem) -> None:
        """An item entered by hand, step by step as its text says."""
        ctx = self.context(item)
        for step in manual.steps:
            day = timezone.localtime(item.created_at).date() + datetime.timedelta(days=step.days)
            at = _at(day, self.rng.randint(9 * 60, 17 * 60))
            text = texts.render(step.text, ctx, self.rng)
            if step.kind == "return":
                services.item_return(item=item, user=self.organizer, remarks=text, at=at)
                continue
            files = [
                self._report(item, texts.GENERAL, text, at, name)
                if name.endswith(".pdf")
                else self._photo(None, name)
                for name in step.files
            ]
            if step.kind == "submit":
                services.item_submit(item=item, user=self.actor(item), text=text, files=files, at=at)
            else:
                services.progress_add(item=item, user=self.actor(item), text=text, files=files, at=at)

    def _photo(self, theme: texts.Theme | None, name: str = ""):
        name = name or self.rng.choice(theme.photos)
        return evidence_files.uploaded(name, evidence_files.photo_png(self.rng))

    def _report(self, item: Item, theme: texts.Theme, said: str, at, name: str = ""):
        name = name or f"{theme.report}.pdf"
        problem = texts.heading(item.description)
        title = f"关于“{problem}”问题的整改情况报告"
        if theme.report != texts.GENERAL.report:
            title = f"{theme.report}（“{problem}”问题整改）"
        day = timezone.localtime(at).date()
        measures = [m.text for m in item.measures.all()]
        content = evidence_files.report_pdf(
            title,
            f"{item.reporter.organization.name}　{day.year}年{day.month}月{day.day}日",
            [
                ("一、存在的问题", item.description),
                ("二、整改措施", "；".join(measures) + "。" if measures else "按整改方案逐项落实。"),
                ("三、整改情况", said),
            ],
        )
        return evidence_files.uploaded(name, content)


# --- Time ------------------------------------------------------------------------------------------


def _tick(item: Item, at, *, first_only: bool = False) -> None:
    """Progress ticks off the next task; a submission, every task left."""
    for measure in [m for m in item.measures.all() if not m.done_at][: 1 if first_only else None]:
        services.measure_mark(measure=measure, done=True, at=at)


def _at(day: datetime.date, minutes: int) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(minutes // 60, minutes % 60), tzinfo=timezone.get_default_timezone()
    )


def _weekdays(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    return [day for day in days if day.weekday() < 5] or days


def _moments(rng: random.Random, start: datetime.datetime, stop: datetime.datetime, count: int):
    """`count` moments in office hours on weekdays, after `start` and before `stop`, in order.

    With no office hours between them (a weekend, or `stop` too close), the moments are spread
    evenly instead. Each moment is at least a minute after the one before.
    """
    start, stop = timezone.localtime(start), timezone.localtime(stop)
    windows = []
    day = start.date()
    while day <= stop.date():
        low, high = WORKDAY
        if day == start.date():
            low = max(low, start.hour * 60 + start.minute + 10)
        if day == stop.date():
            high = min(high, stop.hour * 60 + stop.minute)
        if day.weekday() < 5 and high > low:
            windows.append((day, low, high))
        day += datetime.timedelta(days=1)
    total = sum(high - low for _day, low, high in windows)
    if total < 10 * count:
        step = (stop - start) / (count + 1)
        found = [start + step * (n + 1) for n in range(count)]
    else:
        found = []
        for offset in sorted(rng.uniform(0, total) for _ in range(count)):
            for day, low, high in windows:
                if offset < high - low:
                    found.append(_at(day, low + int(offset)))
                    break
                offset -= high - low
            else:
                day, _low, high = windows[-1]
                found.append(_at(day, high - 1))
    for n in range(1, len(found)):
        found[n] = max(found[n], found[n - 1] + datetime.timedelta(minutes=1))
    return found


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
