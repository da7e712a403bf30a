"""Recording a conveyance of a superior's meeting; each task it sets becomes an item of the conveying
organization's own ledger (the campaign it runs over its subordinates in the same year)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from debrief.audit.models import Action
from debrief.audit.services import entry_record
from debrief.campaigns.models import Campaign, CampaignState
from debrief.lib import tree_paths
from debrief.lib.dates import ensure_in_range
from debrief.lib.errors import DomainError
from debrief.lib.text import tidy
from debrief.meetings.models import Meeting
from debrief.orgs.models import Organization, Person, Post
from debrief.rectification import services as ledger
from debrief.rectification.models import Source

from .models import Conveyance, ConveyanceTask


class ConveyanceError(DomainError):
    """A conveyance the rules refuse; the message is for the user."""


@dataclass(frozen=True)
class TaskInput:
    """One row of the tasks: `pk` names a task already recorded (None for a new one)."""

    text: str
    owner: Person | None
    deadline: datetime.date | None
    pk: int | None = None


def meeting_day(meeting: Meeting) -> datetime.date:
    return timezone.localdate(meeting.starts_at)


def own_campaign(organization: Organization, year: int) -> Campaign | None:
    """The campaign the organization runs over its own subordinates in `year`: its ledger."""
    return Campaign.objects.filter(host=organization, year=year).first()


def _check_meeting(organization: Organization, meeting: Meeting, held_on: datetime.date) -> None:
    host = meeting.campaign.host
    if organization.pk == host.pk or not tree_paths.is_within(organization.path, host.path):
        raise ConveyanceError(
            _(
                "%(organization)s is not below %(host)s, so it does not convey that meeting; choose a "
                "meeting of one of its superiors."
            )
            % {"organization": organization.name, "host": host.name}
        )
    meeting.campaign.refresh_from_db(fields=["state"])  # the caller's object may predate a step
    if meeting.campaign.state == CampaignState.PREPARING:
        raise ConveyanceError(
            _("The meeting of %(host)s has not been held yet; record the conveyance after it.")
            % {"host": host.name}
        )
    day = meeting_day(meeting)
    if held_on < day:
        raise ConveyanceError(
            _(
                "The conveyance is dated %(held_on)s, before the meeting it conveys (%(day)s); "
                "enter the day it was held."
            )
            % {"held_on": held_on.isoformat(), "day": day.isoformat()}
        )
    if held_on > timezone.localdate():
        raise ConveyanceError(
            _("The conveyance is dated %(held_on)s, which has not come yet; record it once it is held.")
            % {"held_on": held_on.isoformat()}
        )


def _clean_fields(*, presided_by: str, attendance: int | None, expected: int | None, points: str) -> dict:
    presided_by, points = tidy(presided_by), tidy(points)
    if not presided_by:
        raise ConveyanceError(_("Say who presided over the conveyance."))
    if attendance is None or attendance < 1:
        raise ConveyanceError(_("Enter how many were present (at least one)."))
    if expected is not None and attendance > expected:
        raise ConveyanceError(
            _("%(present)d present is more than the %(expected)d expected; correct either number.")
            % {"present": attendance, "expected": expected}
        )
    if not points:
        raise ConveyanceError(_("Write down the points conveyed."))
    return {
        "presided_by": presided_by[:200],
        "attendance": attendance,
        "expected": expected,
        "points": points,
    }


def owner_choices(organization: Organization, also=()):
    """Who may own a task: people holding or having held a post in the organization (and `also`,
    the owners of tasks already recorded)."""
    return (
        Person.objects.filter(Q(posts__organization=organization) | Q(pk__in=list(also)))
        .distinct()
        .order_by("name")
    )


def _clean_tasks(organization: Organization, held_on: datetime.date, tasks: Sequence[TaskInput]):
    owners = set(Post.objects.filter(organization=organization).values_list("person_id", flat=True))
    cleaned = []
    for number, task in enumerate(tasks, start=1):
        text = tidy(task.text)
        if not text:
            raise ConveyanceError(
                _("Task %(number)d has no text; say what is to be done.") % {"number": number}
            )
        if task.owner is None or task.owner.pk not in owners:
            raise ConveyanceError(
                _("Choose the owner of task %(number)d among the people with a post in %(organization)s.")
                % {"number": number, "organization": organization.name}
            )
        if task.deadline is None:
            raise ConveyanceError(_("Set a deadline for task %(number)d.") % {"number": number})
        ensure_in_range(task.deadline)
        if task.deadline < held_on:
            raise ConveyanceError(
                _("The deadline of task %(number)d (%(deadline)s) comes before the conveyance itself.")
                % {"number": number, "deadline": task.deadline.isoformat()}
            )
        cleaned.append(TaskInput(text=text, owner=task.owner, deadline=task.deadline, pk=task.pk))
    return cleaned


def _ledger(organization: Organization, meeting: Meeting) -> Campaign:
    year = meeting.campaign.year
    campaign = own_campaign(organization, year)
    if campaign is None:
        raise ConveyanceError(
            _(
                "The tasks go into the rectification ledger of %(organization)s's own %(year)d campaign, "
                "which is not open yet. Open that campaign (or start it from the plan) first, then save "
                "the conveyance again."
            )
            % {"organization": organization.name, "year": year}
        )
    if campaign.is_archived:
        raise ConveyanceError(
            _("The %(year)d campaign of %(organization)s is archived; its ledger takes no new tasks.")
            % {"organization": organization.name, "year": year}
        )
    return campaign


def _source_note(meeting: Meeting) -> str:
    with translation.override(settings.LANGUAGE_CODE):  # stored as data, in the site's language
        return _("Conveying the %(year)d meeting of %(host)s") % {
            "year": meeting.campaign.year,
            "host": meeting.campaign.host.display_name,
        }


def _task_item(conveyance: Conveyance, campaign: Campaign, task: TaskInput, user):
    return ledger.item_create(
        campaign=campaign,
        reporter=None,
        description=task.text,
        deadline=task.deadline,
        user=user,
        source=Source.CONVEYANCE,
        source_note=_source_note(conveyance.meeting),
        responsible=task.owner,
    )


def _task_add(conveyance: Conveyance, campaign: Campaign, position: int, task: TaskInput, user) -> None:
    """A new task and its item in the organization's own ledger."""
    ConveyanceTask.objects.create(
        conveyance=conveyance,
        position=position,
        text=task.text,
        owner=task.owner,
        deadline=task.deadline,
        item=_task_item(conveyance, campaign, task, user),
    )


def _audit(conveyance: Conveyance, user, before: dict | None) -> None:
    entry_record(
        action=Action.CONVEYANCE_RECORDED,
        actor=user,
        obj=conveyance,
        organization=conveyance.organization,
        label=f"{conveyance.organization.name} {conveyance.held_on.isoformat()}",
        before=before,
        after=_snapshot(conveyance),
    )


def _snapshot(conveyance: Conveyance) -> dict:
    return {
        "meeting": conveyance.meeting_id,
        "held_on": conveyance.held_on.isoformat(),
        "presided_by": conveyance.presided_by,
        "attendance": conveyance.attendance,
        "expected": conveyance.expected,
        "tasks": conveyance.tasks.count(),
    }


@transaction.atomic
def conveyance_record(
    *,
    organization: Organization,
    meeting: Meeting,
    held_on: datetime.date,
    presided_by: str,
    attendance: int | None,
    points: str,
    expected: int | None = None,
    tasks: Sequence[TaskInput] = (),
    user=None,
) -> Conveyance:
    """Record the organization's conveyance of a superior's meeting; its tasks enter its own ledger."""
    if held_on is None:
        raise ConveyanceError(_("Enter the day the conveyance was held."))
    ensure_in_range(held_on)
    _check_meeting(organization, meeting, held_on)
    fields = _clean_fields(presided_by=presided_by, attendance=attendance, expected=expected, points=points)
    existing = Conveyance.objects.filter(organization=organization, meeting=meeting).first()
    if existing is not None:
        raise ConveyanceError(
            _(
                "%(organization)s already recorded its conveyance of this meeting (held on %(day)s); "
                "edit that record instead."
            )
            % {"organization": organization.name, "day": existing.held_on.isoformat()}
        )
    cleaned = _clean_tasks(organization, held_on, tasks)
    campaign = _ledger(organization, meeting) if cleaned else None
    try:
        with transaction.atomic():
            conveyance = Conveyance.objects.create(
                organization=organization, meeting=meeting, held_on=held_on, created_by=user, **fields
            )
    except IntegrityError:  # recorded at the same moment by someone else
        raise ConveyanceError(
            _("%(organization)s already recorded its conveyance of this meeting; edit that record instead.")
            % {"organization": organization.name}
        ) from None
    for position, task in enumerate(cleaned, start=1):
        _task_add(conveyance, campaign, position, task, user)
    _audit(conveyance, user, None)
    return conveyance


@transaction.atomic
def conveyance_update(
    *,
    conveyance: Conveyance,
    held_on: datetime.date,
    presided_by: str,
    attendance: int | None,
    points: str,
    expected: int | None = None,
    tasks: Sequence[TaskInput] = (),
    user=None,
) -> Conveyance:
    """Correct the record. Tasks already in the ledger keep their item (changes of text, owner and
    deadline go to it); they cannot be removed, as ledger items are never deleted. New rows add tasks."""
    conveyance = (
        Conveyance.objects.select_for_update().select_related("meeting__campaign__host").get(pk=conveyance.pk)
    )
    before = _snapshot(conveyance)
    if held_on is None:
        raise ConveyanceError(_("Enter the day the conveyance was held."))
    ensure_in_range(held_on)
    _check_meeting(conveyance.organization, conveyance.meeting, held_on)
    fields = _clean_fields(presided_by=presided_by, attendance=attendance, expected=expected, points=points)
    cleaned = _clean_tasks(conveyance.organization, held_on, tasks)
    recorded = {task.pk: task for task in conveyance.tasks.select_related("item")}
    kept = {task.pk for task in cleaned if task.pk is not None}
    if kept - set(recorded):
        raise ConveyanceError(_("The tasks were changed in the meantime; reload the page and try again."))
    missing = [task for pk, task in recorded.items() if pk not in kept]
    if missing:
        raise ConveyanceError(
            _("Task %(number)d is already in the ledger and cannot be removed; keep its row.")
            % {"number": missing[0].position}
        )
    for name, value in {"held_on": held_on, **fields}.items():
        setattr(conveyance, name, value)
    conveyance.save()
    campaign = None
    position = max((task.position for task in recorded.values()), default=0)
    for row in cleaned:
        if row.pk is not None:
            _task_update(recorded[row.pk], row, user)
            continue
        campaign = campaign or _ledger(conveyance.organization, conveyance.meeting)
        position += 1
        _task_add(conveyance, campaign, position, row, user)
    _audit(conveyance, user, before)
    return conveyance


def _task_update(task: ConveyanceTask, row: TaskInput, user) -> None:
    if (task.text, task.owner_id, task.deadline) == (row.text, row.owner.pk, row.deadline):
        return
    if task.item is not None:  # the ledger decides whether the item may still change
        ledger.item_update(
            item=task.item,
            user=user,
            description=row.text,
            responsible=row.owner,
            deadline=row.deadline,
        )
    task.text, task.owner, task.deadline = row.text, row.owner, row.deadline
    task.save(update_fields=["text", "owner", "deadline"])
