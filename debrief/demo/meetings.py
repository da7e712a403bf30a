"""The demo meetings (述职评议会议): the housing bureau's held, the street's under way, the province's ahead.

The housing bureau met yesterday (seed 1): its five on-site secretaries spoke in seed order, about
sixty people were invited in the evaluation's categories and nine in ten checked in, and each
on-site secretary was commented on by the leader in charge and the stationed discipline inspection
team leader. The street meets today (seed 2): about seventy invited, the reports are over, the
street secretary has commented on each community and the big screen is on the evaluation, whose
voting is open. The province (seed 4) has set up its meeting and drafted the provincial
secretary's comments on its on-site reporters. The housing bureau's closing speech is recorded
with its points when the big screen reaches it; the province's is drafted ahead with the comments;
the street's speech is still to come.

Everything goes through the meetings services and the screen's controls, told the time on the
meeting's own clock (their `at`): check-ins, timers and comments carry the meeting's times rather
than the moment of loading, but never a time later than that moment (so the street's records, loaded
before its meeting would have run, all carry the time of loading). A campaign that already has a
meeting is left alone, so loading again adds nothing.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.utils import timezone

from debrief.accounts.models import User
from debrief.campaigns.models import Campaign, Reporter
from debrief.campaigns.selectors import reporters_in_order
from debrief.evaluation.selectors import evaluation_of, turnout
from debrief.meetings import screen
from debrief.meetings.attendance import attendees_add_all, check_in
from debrief.meetings.commenting import comment_save, question_save
from debrief.meetings.models import AgendaKind, CheckInMethod, Comment, CommentRole, Meeting
from debrief.meetings.selectors import attendance, meeting_of
from debrief.meetings.services import RECORDS_OPEN, closing_speech_save, meeting_set_up
from debrief.orgs.models import Organization, Person, Post, PostRole

from . import closing_texts, tree
from . import meeting_texts as texts
from .names import NameGenerator
from .years import cycle_year

SEED = "debrief-demo-meetings"
SHANGHAI = ZoneInfo("Asia/Shanghai")
HEATING_COMPANY = f"{tree.HOUSING_BUREAU}02"  # its secretary answers two questions after the comments
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
class MeetingRow:
    campaign_id: int
    host: str
    year: int
    starts_at: datetime.datetime
    invited: int
    present: int
    comments: int
    screen_key: str


@dataclass
class MeetingSummary:
    meetings_created: int = 0
    comments_recorded: int = 0
    rows: list[MeetingRow] = field(default_factory=list)


@dataclass(frozen=True)
class Invitee:
    name: str
    unit: str
    category: str = ""  # blank: attends without evaluating
    sure: bool = False  # speaks or presides, so never absent


def load_meetings(today: datetime.date | None = None) -> MeetingSummary:
    year = cycle_year(today or timezone.localdate())
    summary = MeetingSummary()
    for host, hold in (
        (tree.HOUSING_BUREAU, _housing),
        (tree.CHANGZHENG, _street),
        (tree.PROVINCE, _province),
        (tree.HUBIN, _district),
    ):
        campaign = Campaign.objects.filter(host__code=host, year=year).select_related("host").first()
        if campaign is None:
            continue
        if campaign.state in RECORDS_OPEN and not Meeting.objects.filter(campaign=campaign).exists():
            hold(campaign, summary)
            summary.meetings_created += 1
        meeting = meeting_of(campaign)
        if meeting is not None:
            summary.rows.append(_row(meeting))
    return summary


# --- Seed 1: the housing bureau, held yesterday ----------------------------------------------------


def _housing(campaign: Campaign, summary: MeetingSummary) -> None:
    rng, name, organizer = _tools(campaign, "housing", "organizer")
    secretary = _holder(campaign.host, PostRole.SECRETARY) or name()
    deputy = _holder(campaign.host, PostRole.DEPUTY_SECRETARY) or name()
    bureau = [(Invitee(name(), post, sure=bool(title)), title) for post, title in texts.BUREAU_LEADERS]
    commenters = [f"{title} {invitee.name}" for invitee, title in bureau]
    leaders = [
        Invitee(secretary, "市住建局党组书记、局长", sure=True),
        Invitee(deputy, "市住建局党组专职副书记", sure=True),
    ]
    leaders += [invitee for invitee, _title in bureau]
    reporters = list(reporters_in_order(campaign))
    delegates = [Invitee(name(), post) for post in texts.BUREAU_OFFICES]
    delegates += [Invitee(name(), f"{_unit_name(r.organization)}党员职工代表") for r in reporters[5::3]]
    invitees = _by_category(campaign, [leaders, _secretaries(reporters), delegates], name)
    invitees += [Invitee(name(), unit, sure=True) for unit in texts.BUREAU_GUESTS]

    def comments(clock: _Clock) -> None:
        for reporter in reporters:
            key = reporter.organization.code[-2:]
            if not reporter.is_on_site or key not in texts.HOUSING:
                continue
            by_leader, by_inspector = texts.HOUSING[key]
            in_charge, inspector = commenters[texts.IN_CHARGE[key]], commenters[texts.INSPECTOR]
            _comment(reporter, CommentRole.LEADER_IN_CHARGE, in_charge, by_leader, organizer, clock)
            _comment(reporter, CommentRole.DISCIPLINE_INSPECTION, inspector, by_inspector, organizer, clock)
            summary.comments_recorded += 2
            if reporter.organization.code == HEATING_COMPANY:
                for asker, question, answer in texts.HEATING_QUESTIONS:
                    clock.advance(90)
                    asked_by = f"局长 {secretary}" if asker is None else commenters[asker]
                    question_save(
                        reporter=reporter,
                        asked_by=asked_by,
                        question=question,
                        answer=answer,
                        user=organizer,
                        at=clock.now(),
                    )

    _hold(
        campaign,
        rng=rng,
        organizer=organizer,
        invitees=invitees,
        absent_share=0.1,
        comments=comments,
        closing=closing_texts.HOUSING,
        venue="市住建局五楼会议室",
        presided_by=f"局党组专职副书记 {deputy}",
        guidance=texts.BUREAU_GUIDANCE,
    )


# --- Seed 2: the street, meeting today --------------------------------------------------------------


def _street(campaign: Campaign, summary: MeetingSummary) -> None:
    rng, name, organizer = _tools(campaign, "street", "street_organizer")
    secretary = _holder(campaign.host, PostRole.SECRETARY) or name()
    presider = _holder(campaign.host, PostRole.DEPUTY_SECRETARY) or name()
    reporters = list(reporters_in_order(campaign))
    communities = [_unit_name(r.organization) for r in reporters]
    leaders = [
        Invitee(secretary, "街道党工委书记", sure=True),
        Invitee(presider, texts.STREET_PRESIDER, sure=True),
    ]
    leaders += [Invitee(name(), post) for post in texts.STREET_LEADERS]
    delegates = [
        Invitee(name(), f"{c}{post}") for c in communities for post in texts.STREET_COMMUNITY_DELEGATES
    ]
    delegates += [Invitee(name(), post) for post in texts.STREET_DELEGATES]
    invitees = _by_category(campaign, [leaders, _secretaries(reporters), delegates], name)
    minister = name()
    invitees += [
        Invitee(minister, "湖滨区委组织部部长", sure=True),
        Invitee(name(), "湖滨区委组织部组织科科长"),
    ]
    invitees += [Invitee(name(), f"{c}党建专干") for c in communities]
    invitees += [Invitee(name(), post) for post in texts.STREET_STAFF]

    def comments(clock: _Clock) -> None:
        for reporter in reporters:  # one by one
            if said := texts.STREET.get(reporter.organization.code[-2:]):
                commenter = f"街道党工委书记 {secretary}"
                _comment(reporter, CommentRole.PRINCIPAL_LEADER, commenter, said, organizer, clock)
                summary.comments_recorded += 1

    _hold(
        campaign,
        rng=rng,
        organizer=organizer,
        invitees=invitees,
        absent_share=0.08,
        comments=comments,
        stop_at=AgendaKind.EVALUATION,  # voting is open: the screen stays there
        venue="长征街道党群服务中心三楼会议室",
        presided_by=f"{texts.STREET_PRESIDER} {presider}",
        guidance=f"湖滨区委组织部部长 {minister}及有关同志",
    )


# --- Seed 4: the province, ahead ------------------------------------------------------------------


def _province(campaign: Campaign, summary: MeetingSummary) -> None:
    _rng, name, organizer = _tools(campaign, "province", "province_organizer")
    secretary = _holder(campaign.host, PostRole.SECRETARY) or name()
    meeting = meeting_set_up(
        campaign=campaign,
        starts_at=_nine(campaign.meeting_date),
        venue=texts.PROVINCE_VENUE,
        presided_by=f"省委书记 {secretary}",
        guidance=texts.PROVINCE_GUIDANCE,
    )
    # The organization department drafts the secretary's comments ahead of the meeting.
    for reporter in reporters_in_order(campaign):
        said = texts.PROVINCE.get(reporter.organization.code)
        if reporter.is_on_site and said is not None:
            _comment(reporter, CommentRole.PRINCIPAL_LEADER, f"省委书记 {secretary}", said, organizer)
            summary.comments_recorded += 1
    _closing(meeting, closing_texts.PROVINCE, organizer)


# --- Seed 5: the district, held ten days ago -------------------------------------------------------


def _district(campaign: Campaign, summary: MeetingSummary) -> None:
    rng, name, organizer = _tools(campaign, "district", "district_organizer")
    secretary = _holder(campaign.host, PostRole.SECRETARY) or name()
    presider = _holder(campaign.host, PostRole.DEPUTY_SECRETARY) or name()
    reporters = list(reporters_in_order(campaign))
    leaders = [
        Invitee(secretary, "区委书记", sure=True),
        Invitee(presider, texts.DISTRICT_PRESIDER, sure=True),
    ]
    leaders += [Invitee(name(), post) for post in texts.DISTRICT_LEADERS[1:]]
    secretaries = _secretaries(reporters) + [Invitee(name(), post) for post in texts.DISTRICT_DEPARTMENTS]
    delegates = [Invitee(name(), post) for post in texts.DISTRICT_DELEGATES]
    invitees = _by_category(campaign, [leaders, secretaries, delegates], name)

    def comments(clock: _Clock) -> None:
        for reporter in reporters:
            if said := texts.DISTRICT.get(reporter.organization.code):
                _comment(
                    reporter, CommentRole.PRINCIPAL_LEADER, f"区委书记 {secretary}", said, organizer, clock
                )
                summary.comments_recorded += 1

    _hold(
        campaign,
        rng=rng,
        organizer=organizer,
        invitees=invitees,
        absent_share=0.05,
        comments=comments,
        venue=texts.DISTRICT_VENUE,
        presided_by=f"{texts.DISTRICT_PRESIDER} {presider}",
        guidance=texts.DISTRICT_GUIDANCE,
    )


# --- Shared steps ---------------------------------------------------------------------------------


class _Clock:
    """The meeting's time, moved on by hand; it never runs ahead of the real time."""

    def __init__(self, at: datetime.datetime) -> None:
        self.at = at

    def now(self) -> datetime.datetime:
        return min(self.at, timezone.now())

    def advance(self, seconds: int) -> None:
        self.at += datetime.timedelta(seconds=seconds)


def _nine(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, STARTS, tzinfo=SHANGHAI)


def _tools(campaign: Campaign, key: str, username: str):
    """A seeded random generator, invented names no one in the demo tree has, and who records."""
    seed = f"{SEED}:{campaign.year}:{key}"
    name = NameGenerator(seed, avoid=Person.objects.values_list("name", flat=True))
    return random.Random(seed), name, User.objects.filter(username=username).first()


def _holder(organization: Organization, role: str) -> str | None:
    post = (
        Post.objects.current().filter(organization=organization, role=role).select_related("person").first()
    )
    return post.person.name if post else None


def _unit_name(organization: Organization) -> str:
    name = organization.name.removeprefix("长征街道")
    for suffix in ("党总支", "党支部", "党委"):
        name = name.removesuffix(suffix)
    return name


def _secretaries(reporters: list[Reporter]) -> list[Invitee]:
    return [Invitee(r.person.name, f"{r.organization.name}书记", sure=r.is_on_site) for r in reporters]


def _by_category(campaign: Campaign, groups: list[list[Invitee]], name) -> list[Invitee]:
    """The groups put in the evaluation's categories, in order, as many as each expects."""
    evaluation = evaluation_of(campaign)
    categories = list(evaluation.categories.all()) if evaluation else []
    invitees = []
    for category, group in zip(categories, groups, strict=False):
        count = category.expected or len(group)
        group = group + [Invitee(name(), "党员代表") for _ in range(count - len(group))]
        invitees += [Invitee(i.name, i.unit, category.name, i.sure) for i in group[:count]]
    return invitees


def _invite_and_check_in(meeting, invitees: list[Invitee], user, clock: _Clock, rng, absent_share: float):
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


def _hold(
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
    clock = _Clock(_nine(campaign.meeting_date))
    meeting = meeting_set_up(campaign=campaign, starts_at=_nine(campaign.meeting_date), **setup)
    _invite_and_check_in(meeting, invitees, organizer, clock, rng, absent_share)
    clock.at = meeting.starts_at
    for item in meeting.agenda.all():
        # Showing the next item keeps the time the last one took.
        screen.screen_show(meeting=meeting, item=item, at=clock.now())
        screen.timer_start(meeting=meeting, at=clock.now())
        if item.kind == AgendaKind.COMMENTS:
            comments(clock)
        if item.kind == AgendaKind.CLOSING_SPEECH and closing is not None:
            _closing(meeting, closing, organizer)
        clock.advance(rng.randint(*DURATIONS.get(item.kind, (60, 180))))
        if item.kind == stop_at:
            break
    screen.timer_stop(meeting=meeting, at=clock.now())


def _comment(reporter, role, commenter, said: texts.CommentText, user, clock: _Clock | None = None):
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


def _closing(meeting: Meeting, said: closing_texts.ClosingText, user) -> None:
    closing_speech_save(
        meeting=meeting,
        pointed_out=said.pointed_out,
        required=said.required,
        stressed=said.stressed,
        user=user,
    )


def _row(meeting: Meeting) -> MeetingRow:
    present = attendance(meeting)
    return MeetingRow(
        campaign_id=meeting.campaign_id,
        host=meeting.campaign.host.name,
        year=meeting.campaign.year,
        starts_at=meeting.starts_at,
        invited=present.invited,
        present=present.present,
        comments=Comment.objects.filter(reporter__campaign=meeting.campaign).count(),
        screen_key=meeting.screen_key,
    )
