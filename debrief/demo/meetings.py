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
from dataclasses import dataclass, field

from django.utils import timezone

from debrief.accounts.models import User
from debrief.campaigns.models import Campaign
from debrief.campaigns.selectors import reporters_in_order
from debrief.meetings.commenting import question_save
from debrief.meetings.leader_models import HostLeader
from debrief.meetings.leaders import leader_add
from debrief.meetings.models import AgendaKind, Comment, CommentRole, Meeting
from debrief.meetings.selectors import attendance, meeting_of
from debrief.meetings.services import RECORDS_OPEN, meeting_set_up
from debrief.orgs.models import PostRole

from . import closing_texts, tree
from . import meeting_texts as texts
from .meeting_steps import (
    Clock,
    Invitee,
    by_category,
    closing_speech,
    comment,
    hold,
    holder,
    nine,
    secretaries,
    tools,
    unit_name,
)
from .years import cycle_year

HEATING_COMPANY = f"{tree.HOUSING_BUREAU}02"  # its secretary answers two questions after the comments


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


def load_meetings(today: datetime.date | None = None) -> MeetingSummary:
    year = cycle_year(today or timezone.localdate())
    summary = MeetingSummary()
    for host, hold_meeting in (
        (tree.HOUSING_BUREAU, _housing),
        (tree.CHANGZHENG, _street),
        (tree.PROVINCE, _province),
        (tree.HUBIN, _district),
    ):
        campaign = Campaign.objects.filter(host__code=host, year=year).select_related("host").first()
        if campaign is None:
            continue
        if campaign.state in RECORDS_OPEN and not Meeting.objects.filter(campaign=campaign).exists():
            hold_meeting(campaign, summary)
            summary.meetings_created += 1
        meeting = meeting_of(campaign)
        if meeting is not None:
            summary.rows.append(_row(meeting))
    return summary


# --- Seed 1: the housing bureau, held yesterday ----------------------------------------------------


def _housing(campaign: Campaign, summary: MeetingSummary) -> None:
    rng, name, organizer = tools(campaign, "housing", "organizer")
    secretary = holder(campaign.host, PostRole.SECRETARY) or name()
    deputy = holder(campaign.host, PostRole.DEPUTY_SECRETARY) or name()
    bureau = [(Invitee(name(), post, sure=bool(title)), title) for post, title in texts.BUREAU_LEADERS]
    commenters = [f"{title} {invitee.name}" for invitee, title in bureau]
    leaders = [
        Invitee(secretary, "市住建局党组书记、局长", sure=True),
        Invitee(deputy, "市住建局党组专职副书记", sure=True),
    ]
    leaders += [invitee for invitee, _title in bureau]
    _list_commenting_leaders(campaign, secretary, deputy, bureau)
    reporters = list(reporters_in_order(campaign))
    delegates = [Invitee(name(), post) for post in texts.BUREAU_OFFICES]
    delegates += [Invitee(name(), f"{unit_name(r.organization)}党员职工代表") for r in reporters[5::3]]
    invitees = by_category(campaign, [leaders, secretaries(reporters), delegates], name)
    invitees += [Invitee(name(), unit, sure=True) for unit in texts.BUREAU_GUESTS]

    def comments(clock: Clock) -> None:
        for reporter in reporters:
            key = reporter.organization.code[-2:]
            if not reporter.is_on_site or key not in texts.HOUSING:
                continue
            by_leader, by_inspector = texts.HOUSING[key]
            in_charge, inspector = commenters[texts.IN_CHARGE[key]], commenters[texts.INSPECTOR]
            comment(reporter, CommentRole.LEADER_IN_CHARGE, in_charge, by_leader, organizer, clock)
            comment(reporter, CommentRole.DISCIPLINE_INSPECTION, inspector, by_inspector, organizer, clock)
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

    hold(
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


def _list_commenting_leaders(campaign: Campaign, secretary: str, deputy: str, bureau) -> None:
    """The bureau's leaders who comment, for the comment form; the `leader` login is the deputy."""
    if HostLeader.objects.filter(organization=campaign.host).exists():
        return
    host = campaign.host
    leader_add(organization=host, name=secretary, post="局长", role=CommentRole.PRINCIPAL_LEADER)
    leader_add(
        organization=host,
        name=deputy,
        post="局党组专职副书记",
        role=CommentRole.LEADER_IN_CHARGE,
        user=User.objects.filter(username="leader").first(),
    )
    for number, (invitee, title) in enumerate(bureau):
        if title:
            role = (
                CommentRole.DISCIPLINE_INSPECTION
                if number == texts.INSPECTOR
                else CommentRole.LEADER_IN_CHARGE
            )
            leader_add(organization=host, name=invitee.name, post=title, role=role)


# --- Seed 2: the street, meeting today --------------------------------------------------------------


def _street(campaign: Campaign, summary: MeetingSummary) -> None:
    rng, name, organizer = tools(campaign, "street", "street_organizer")
    secretary = holder(campaign.host, PostRole.SECRETARY) or name()
    presider = holder(campaign.host, PostRole.DEPUTY_SECRETARY) or name()
    reporters = list(reporters_in_order(campaign))
    communities = [unit_name(r.organization) for r in reporters]
    leaders = [
        Invitee(secretary, "街道党工委书记", sure=True),
        Invitee(presider, texts.STREET_PRESIDER, sure=True),
    ]
    leaders += [Invitee(name(), post) for post in texts.STREET_LEADERS]
    delegates = [
        Invitee(name(), f"{c}{post}") for c in communities for post in texts.STREET_COMMUNITY_DELEGATES
    ]
    delegates += [Invitee(name(), post) for post in texts.STREET_DELEGATES]
    invitees = by_category(campaign, [leaders, secretaries(reporters), delegates], name)
    minister = name()
    invitees += [
        Invitee(minister, "湖滨区委组织部部长", sure=True),
        Invitee(name(), "湖滨区委组织部组织科科长"),
    ]
    invitees += [Invitee(name(), f"{c}党建专干") for c in communities]
    invitees += [Invitee(name(), post) for post in texts.STREET_STAFF]

    if not HostLeader.objects.filter(organization=campaign.host).exists():
        leader_add(
            organization=campaign.host,
            name=secretary,
            post="街道党工委书记",
            role=CommentRole.PRINCIPAL_LEADER,
            user=User.objects.filter(username="street_leader").first(),
        )

    def comments(clock: Clock) -> None:
        for reporter in reporters:  # one by one
            if said := texts.STREET.get(reporter.organization.code[-2:]):
                commenter = f"街道党工委书记 {secretary}"
                comment(reporter, CommentRole.PRINCIPAL_LEADER, commenter, said, organizer, clock)
                summary.comments_recorded += 1

    hold(
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
    _rng, name, organizer = tools(campaign, "province", "province_organizer")
    secretary = holder(campaign.host, PostRole.SECRETARY) or name()
    meeting = meeting_set_up(
        campaign=campaign,
        starts_at=nine(campaign.meeting_date),
        venue=texts.PROVINCE_VENUE,
        presided_by=f"省委书记 {secretary}",
        guidance=texts.PROVINCE_GUIDANCE,
    )
    # The organization department drafts the secretary's comments ahead of the meeting.
    for reporter in reporters_in_order(campaign):
        said = texts.PROVINCE.get(reporter.organization.code)
        if reporter.is_on_site and said is not None:
            comment(reporter, CommentRole.PRINCIPAL_LEADER, f"省委书记 {secretary}", said, organizer)
            summary.comments_recorded += 1
    closing_speech(meeting, closing_texts.PROVINCE, organizer)


# --- Seed 5: the district, held ten days ago -------------------------------------------------------


def _district(campaign: Campaign, summary: MeetingSummary) -> None:
    rng, name, organizer = tools(campaign, "district", "district_organizer")
    secretary = holder(campaign.host, PostRole.SECRETARY) or name()
    presider = holder(campaign.host, PostRole.DEPUTY_SECRETARY) or name()
    reporters = list(reporters_in_order(campaign))
    leaders = [
        Invitee(secretary, "区委书记", sure=True),
        Invitee(presider, texts.DISTRICT_PRESIDER, sure=True),
    ]
    leaders += [Invitee(name(), post) for post in texts.DISTRICT_LEADERS[1:]]
    heads = secretaries(reporters) + [Invitee(name(), post) for post in texts.DISTRICT_DEPARTMENTS]
    delegates = [Invitee(name(), post) for post in texts.DISTRICT_DELEGATES]
    invitees = by_category(campaign, [leaders, heads, delegates], name)

    def comments(clock: Clock) -> None:
        for reporter in reporters:
            if said := texts.DISTRICT.get(reporter.organization.code):
                comment(
                    reporter, CommentRole.PRINCIPAL_LEADER, f"区委书记 {secretary}", said, organizer, clock
                )
                summary.comments_recorded += 1

    hold(
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
