"""The steps every demo meeting takes: invite and check in, take the agenda on the big screen, comment,
close; told the time on the meeting's own clock (see meetings.py)."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

from debrief.accounts.models import User
from debrief.campaigns.models import Campaign, Reporter
from debrief.evaluation.selectors import evaluation_of, turnout
from debrief.meetings import screen
from debrief.meetings.attendance import attendees_add_all, check_in
from debrief.meetings.commenting import comment_save
from debrief.meetings.models import AgendaKind, CheckInMethod, Meeting
from debrief.meetings.services import closing_speech_save, meeting_set_up
from debrief.orgs.models import Organization, Person, Post

from . import closing_texts
from . import meeting_texts as texts
from .names import NameGenerator

SEED = "debrief-demo-meetings"
SHANGHAI = ZoneInfo("Asia/Shanghai")
STARTS = datetime.time(9, 0)
# How long each kind of agenda item took, in seconds (a report may run over its 8 minutes).
DURATIONS = {
    AgendaKind.OPENING: (150, 300),
    AgendaKind.REPORT: (400, 530),
    AgendaKind.WRITTEN_REPORTS: (60, 150),
    AgendaKind.COMMENTS: (120, 240),
    AgendaKind.EVALUATION: (600, 900),
    AgendaKind.CLOSING_SPEECH: (900, 1300),
}


@dataclass(frozen=True)
class Invitee:
    name: str
    unit: str
    category: str = ""  # blank: attends without evaluating
    sure: bool = False  # speaks or presides, so never absent


class Clock:
    """The meeting's time, moved on by hand; it never runs ahead of the real time."""

    def __init__(self, at: datetime.datetime) -> None:
        self.at = at

    def now(self) -> datetime.datetime:
        return min(self.at, timezone.now())

    def advance(self, seconds: int) -> None:
        self.at += datetime.timedelta(seconds=seconds)


def nine(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, STARTS, tzinfo=SHANGHAI)


def tools(campaign: Campaign, key: str, username: str):
    """A seeded random generator, invented names no one in the demo tree has, and who records."""
    seed = f"{SEED}:{campaign.year}:{key}"
    name = NameGenerator(seed, avoid=Person.objects.values_list("name", flat=True))
    return random.Random(seed), name, User.objects.filter(username=username).first()


def holder(organization: Organization, role: str) -> str | None:
    post = (
        Post.objects.current().filter(organization=organization, role=role).select_related("person").first()
    )
    return post.person.name if post else None


def unit_name(organization: Organization) -> str:
    name = organization.name.removeprefix("长征街道")
    for suffix in ("党总支", "党支部", "党委"):
        name = name.removesuffix(suffix)
    return name


def secretaries(reporters: list[Reporter]) -> list[Invitee]:
    return [Invitee(r.person.name, f"{r.organization.name}书记", sure=r.is_on_site) for r in reporters]


def by_category(campaign: Campaign, groups: list[list[Invitee]], name) -> list[Invitee]:
    """The groups put in the evaluation's categories, in order, as many as each expects."""
    evaluation = evaluation_of(campaign)
    categories = list(evaluation.categories.all()) if evaluation else []
    invitees = []
    for category, group in zip(categories, groups, strict=False):
        count = category.expected or len(group)
        group = group + [Invitee(name(), "党员代表") for _ in range(count - len(group))]
        invitees += [Invitee(i.name, i.unit, category.name, i.sure) for i in group[:count]]
    return invitees


def invite_and_check_in(meeting, invitees: list[Invitee], user, clock: Clock, rng, absent_share: float):
    attendees_add_all(meeting=meeting, rows=[(i.name, i.unit, i.category) for i in invitees])
    # Those who voted were there: each category keeps at least as many present as it cast ballots.
    evaluation = evaluation_of(meeting.campaign)
    voted = {row.category.name: row.used for row in turnout(evaluation).rows} if evaluation else {}
    absent = set()
    for category in dict.fromkeys(i.category for i in invitees):
        members = [n for n, i in enumerate(invitees) if i.category == category]
        can_miss = [n for n in members if not invitees[n].sure]
        count = min(round(len(members) * absent_share), len(members) - voted.get(category, 0), len(can_miss))
        absent.update(rng.sample(can_miss, max(count, 0)))
    attendees = list(meeting.attendees.all())
    arrivals = [n for n in range(len(attendees)) if n not in absent]
    rng.shuffle(arrivals)
    clock.at = meeting.starts_at - datetime.timedelta(seconds=30 * len(arrivals))  # all in by the start
    for n in arrivals:
        clock.advance(rng.randint(10, 30))
        method = CheckInMethod.QR if rng.random() < 0.75 else CheckInMethod.SEARCH
        check_in(attendee=attendees[n], user=user, method=method, at=clock.now())


def hold(
    campaign: Campaign,
    *,
    rng,
    organizer,
    invitees,
    absent_share,
    comments,
    stop_at=None,
    closing: closing_texts.ClosingText | None = None,
    **setup,
):
    """Set the meeting up, check the invitees in and take the agenda item by item on the big screen,
    each for its usual time; `comments` are recorded during the comments item, the `closing` speech's
    points during its item. The screen stays on the last item taken (`stop_at`, or the closing speech)."""
    clock = Clock(nine(campaign.meeting_date))
    meeting = meeting_set_up(campaign=campaign, starts_at=nine(campaign.meeting_date), **setup)
    invite_and_check_in(meeting, invitees, organizer, clock, rng, absent_share)
    clock.at = meeting.starts_at
    for item in meeting.agenda.all():
        # Showing the next item keeps the time the last one took.
        screen.screen_show(meeting=meeting, item=item, at=clock.now())
        screen.timer_start(meeting=meeting, at=clock.now())
        if item.kind == AgendaKind.COMMENTS:
            comments(clock)
        if item.kind == AgendaKind.CLOSING_SPEECH and closing is not None:
            closing_speech(meeting, closing, organizer)
        clock.advance(rng.randint(*DURATIONS.get(item.kind, (60, 180))))
        if item.kind == stop_at:
            break
    screen.timer_stop(meeting=meeting, at=clock.now())


def comment(reporter, role, commenter, said: texts.CommentText, user, clock: Clock | None = None):
    """A comment said on the meeting's clock, some minutes after the last; without one, now."""
    if clock is not None:
        clock.advance(150)
    comment_save(
        reporter=reporter,
        role=role,
        commenter=commenter,
        achievements=said.achievements,
        problems=said.problems,
        requirements=said.requirements,
        user=user,
        at=clock.now() if clock is not None else None,
    )


def closing_speech(meeting: Meeting, said: closing_texts.ClosingText, user) -> None:
    closing_speech_save(
        meeting=meeting,
        pointed_out=said.pointed_out,
        required=said.required,
        stressed=said.stressed,
        user=user,
    )
