"""Demo ledger items worked through, step by step, on back-dated times; and last year's ledgers.

Last year's campaigns of the housing bureau and of the street each kept a ledger: a problem of every
report (one or two of a community's) was entered the week after last year's meeting and worked
through the year, most of them submitted and signed off (some after being returned once), a few not
finished when the year ran out. campaigns.py has it filled while last year's campaign is rectifying,
before the archive freezes it (`last_year_ledger`).

An item's fate says which steps its timeline takes (progress with photos, a submission with its
report, a return, a sign-off); each goes through the ledger's services with its `at`, on weekdays in
office hours, never later than the moment the caller allows. Texts come from rectification_texts.py
and a seeded random generator; evidence files are drawn by evidence_files.py.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone

from debrief.accounts.models import User
from debrief.campaigns.models import Campaign
from debrief.orgs.models import Person
from debrief.rectification import services, sources
from debrief.rectification.models import Item, Source
from debrief.reports.models import ReportState, ReportVersion

from . import evidence_files, tree
from . import rectification_texts as texts
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

# Themes due in six months, and left unfinished first.
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


# --- What enters a ledger --------------------------------------------------------------------------


@dataclass
class Entry:
    at: datetime.datetime
    fields: dict
    fate: str = OPEN
    stop: datetime.datetime | None = None  # the timeline ends before this
    manual: texts.ManualItem | None = None
    first_step: str = ""


def latest_versions(campaign: Campaign) -> dict[int, ReportVersion]:
    latest = {}
    versions = ReportVersion.objects.filter(report__reporter__campaign=campaign).select_related("report")
    for version in versions.order_by("report_id", "number"):
        latest[version.report.reporter_id] = version
    return latest


def report_problems(campaign: Campaign) -> dict[int, list[sources.ReportProblem]]:
    """The problems of accepted reports not yet in the ledger, by reporter, in report order."""
    accepted = set(campaign.reporters.filter(report__state=ReportState.ACCEPTED).values_list("pk", flat=True))
    found: dict[int, list[sources.ReportProblem]] = {}
    for problem in sources.report_problems_pending(campaign):
        if problem.reporter.pk in accepted:
            found.setdefault(problem.reporter.pk, []).append(problem)
    return found


def report_fields(problem: sources.ReportProblem, version: ReportVersion, at, deadline) -> dict:
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


# --- Last year -------------------------------------------------------------------------------------


def last_year_ledger(campaign: Campaign) -> None:
    """Last year's ledger, entered after its meeting and worked through the year; called by campaigns.py
    while that campaign is rectifying, before it is archived."""
    plan = LAST_YEAR.get(campaign.host.code)
    if plan is None or campaign.rectification_items.exists():
        return
    organizer = User.objects.filter(username=plan.organizer).first()
    ledger = Ledger(campaign, organizer, f"{SEED}:{campaign.year}:{campaign.host.code}", evidence=0.5)
    rng = ledger.rng
    start = campaign.meeting_date + datetime.timedelta(days=1)
    end = min(
        day_at(start + datetime.timedelta(days=300), WORKDAY[1]), timezone.now() - datetime.timedelta(days=1)
    )
    versions = latest_versions(campaign)
    days = weekdays(start, start + datetime.timedelta(days=6))
    entries = []
    for problems in report_problems(campaign).values():
        chosen = rng.sample(problems, min(rng.choice(plan.per_report), len(problems)))
        day = rng.choice(days)
        for problem in sorted(chosen, key=problems.index):
            at = day_at(day, rng.randint(9 * 60, 17 * 60))
            deadline = services.default_deadline(day, rng.choice((2, 3, 3, 4, 6)))
            entries.append(Entry(at, report_fields(problem, versions[problem.reporter.pk], at, deadline)))
    _unfinished(entries, plan, rng)
    entries.sort(key=lambda entry: entry.at)
    for entry in entries:
        item = ledger.enter(entry.fields)
        deadline_end = day_at(entry.fields["deadline"], WORKDAY[1])
        if entry.fate == UNFINISHED:
            stop = deadline_end
        else:
            stop = deadline_end + datetime.timedelta(days=20 if entry.fate != RETURNED else 5)
        ledger.work(item, entry.fate, min(stop, end))


def _unfinished(entries: list[Entry], plan: LastYear, rng: random.Random) -> None:
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


class Ledger:
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
        for step, at in zip(steps, moments(rng, start, stop, len(steps)), strict=True):
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
            at = day_at(day, self.rng.randint(9 * 60, 17 * 60))
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


def day_at(day: datetime.date, minutes: int) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(minutes // 60, minutes % 60), tzinfo=timezone.get_default_timezone()
    )


def weekdays(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    return [day for day in days if day.weekday() < 5] or days


def moments(rng: random.Random, start: datetime.datetime, stop: datetime.datetime, count: int):
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
                    found.append(day_at(day, low + int(offset)))
                    break
                offset -= high - low
            else:
                day, _low, high = windows[-1]
                found.append(day_at(day, high - 1))
    for n in range(1, len(found)):
        found[n] = max(found[n], found[n - 1] + datetime.timedelta(minutes=1))
    return found
