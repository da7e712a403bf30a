"""Writes to the rectification ledger: entering items, measures, progress, submission and sign-off.

Every change goes through one function here. The status moves only along the workflow:
open → in progress → submitted → signed off, or submitted → returned → (in progress →) submitted.
Overdue is never stored: it follows from the deadline (`Item.is_overdue`, `ItemQuerySet.overdue`).
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from debrief.campaigns.models import Campaign, Reporter
from debrief.campaigns.services import ensure_writable
from debrief.lib import uploads
from debrief.lib.dates import ensure_in_range
from debrief.lib.errors import DomainError
from debrief.lib.ordered_texts import replace_texts
from debrief.lib.text import tidy, tidy_lines
from debrief.orgs.models import Person

from .models import (
    WORK_OWED,
    Category,
    Event,
    EventKind,
    Evidence,
    Item,
    Measure,
    ReminderSent,
    Source,
    Status,
)
from .trail import item_event_audited

DEFAULT_MONTHS = 3  # a common deadline for rectification (the seeds speak of one to six months)
MAX_FILES = 10


class RectificationError(DomainError):
    """A ledger change the workflow refuses; the message is for the user."""


def default_deadline(start: datetime.date, months: int = DEFAULT_MONTHS) -> datetime.date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def ensure_ledger_open(campaign: Campaign) -> None:
    ensure_writable(campaign)


# What a change made meanwhile by someone else may have moved since the caller read the item.
_FRESH_FIELDS = ("status", "signed_off_at", "description", "category", "deadline", "responsible_id")


def _lock(item: Item) -> None:
    """Lock the item's row and read its state afresh (a page may have read it minutes ago), so two
    changes at once are decided one after the other and the second sees what the first did."""
    item.refresh_from_db(fields=_FRESH_FIELDS, from_queryset=Item.objects.select_for_update())
    carried_to = Item._meta.get_field("carried_to")
    if carried_to.is_cached(item):
        carried_to.delete_cached_value(item)


def _lock_changeable(item: Item) -> None:
    """Lock the item and refuse a change to one signed off or carried away; every change starts here."""
    _lock(item)
    ensure_ledger_open(item.campaign)
    if item.is_carried_away:
        raise RectificationError(
            _("This item was carried over into the %(year)d ledger; update it there.")
            % {"year": item.carried_to.campaign.year}
        )
    if item.is_signed_off:
        raise RectificationError(_("The item is signed off and can no longer be changed."))


def _clean_description(description: str) -> str:
    description = tidy(description)
    if not description:
        raise RectificationError(_("Describe the problem to rectify."))
    return description


def _next_number(campaign: Campaign) -> int:
    # The campaign row is locked, so two organizers adding items at once get different numbers.
    Campaign.objects.select_for_update().filter(pk=campaign.pk).exists()
    return (campaign.rectification_items.aggregate(top=Max("number"))["top"] or 0) + 1


def _record(item: Item, kind: str, user, text: str = "", at: datetime.datetime | None = None) -> Event:
    at, text = at or timezone.now(), tidy(text)
    item_event_audited(item=item, kind=kind, user=user, text=text, at=at)
    return Event.objects.create(item=item, kind=kind, text=text, actor=user, at=at)


@transaction.atomic
def item_create(
    *,
    campaign: Campaign,
    reporter: Reporter | None,
    description: str,
    deadline: datetime.date,
    user=None,
    category: str = Category.OTHER,
    source: str = Source.MANUAL,
    source_note: str = "",
    responsible: Person | None = None,
    measures: Sequence[str] = (),
    comment_problem=None,
    carried_from: Item | None = None,
    parent: Item | None = None,
    at: datetime.datetime | None = None,
) -> Item:
    """Enter one problem in the campaign's ledger; its responsible person defaults to the secretary.
    Without a reporter the item is the host's own task (a conveyance's), and names who answers for it."""
    ensure_ledger_open(campaign)
    if reporter is None:
        if source != Source.CONVEYANCE:
            raise RectificationError(_("Choose the reporter the item belongs to."))
        if responsible is None:
            raise RectificationError(_("Choose the person responsible for the task."))
    elif reporter.campaign_id != campaign.pk:
        raise RectificationError(_("The reporter does not take part in this campaign."))
    if category not in Category.values:
        raise RectificationError(_("Choose the problem's category."))
    if deadline is None:
        raise RectificationError(_("Set a deadline for the rectification."))
    ensure_in_range(deadline)
    at = at or timezone.now()
    item = Item(
        campaign=campaign,
        number=_next_number(campaign),
        reporter=reporter,
        description=_clean_description(description),
        category=category,
        source=source,
        source_note=tidy(source_note)[:200],
        comment_problem=comment_problem,
        carried_from=carried_from,
        parent=parent,
        responsible_id=responsible.pk if responsible else reporter.person_id,
        deadline=deadline,
        created_at=at,
        created_by=user,
    )
    # The related rows are the caller's own objects: checking that each exists would read it again
    # (the database enforces the keys and the unique numbers all the same).
    item.full_clean(
        exclude=[
            "campaign",
            "reporter",
            "responsible",
            "created_by",
            "comment_problem",
            "carried_from",
            "parent",
        ]
    )
    item.save()
    Measure.objects.bulk_create(
        Measure(item=item, position=position, text=text)
        for position, text in enumerate(tidy_lines(measures), start=1)
    )
    _record(item, EventKind.CREATED, user, at=at)
    return item


def _measures_replace(item: Item, texts: list[str]) -> None:
    # Tasks whose text is unchanged keep their identity and whether they are done.
    replace_texts(
        item.measures.all(),
        texts,
        lambda position, text: Measure.objects.create(item=item, position=position, text=text),
    )


# What an organizer may change; the views let a reporter change only the plan (`forms.PlanForm`).
ORGANIZER_FIELDS = ("description", "category", "deadline", "responsible", "measures")


@transaction.atomic
def item_update(*, item: Item, user, **changes) -> Item:
    """Change some of the item's fields; the timeline records what changed."""
    _lock_changeable(item)
    unknown = set(changes) - set(ORGANIZER_FIELDS)
    if unknown:
        raise TypeError(f"not item fields: {sorted(unknown)}")
    with translation.override(settings.LANGUAGE_CODE):  # the timeline is data, in the site's language
        said = _apply_changes(item, changes)
    if said:
        item.save()
        _record(item, EventKind.EDITED, user, "; ".join(said))
    return item


def _apply_changes(item: Item, changes: dict) -> list[str]:
    said: list[str] = []
    if "description" in changes:
        description = _clean_description(changes["description"])
        if description != item.description:
            item.description = description
            said.append(_("problem description"))
    if "category" in changes and changes["category"] != item.category:
        if changes["category"] not in Category.values:
            raise RectificationError(_("Choose the problem's category."))
        before = item.get_category_display()
        item.category = changes["category"]
        said.append(
            _("category: %(before)s → %(after)s") % {"before": before, "after": item.get_category_display()}
        )
    if "deadline" in changes and changes["deadline"] != item.deadline:
        if changes["deadline"] is None:
            raise RectificationError(_("Set a deadline for the rectification."))
        ensure_in_range(changes["deadline"])
        said.append(
            _("deadline: %(before)s → %(after)s")
            % {"before": item.deadline.isoformat(), "after": changes["deadline"].isoformat()}
        )
        item.deadline = changes["deadline"]
    if "responsible" in changes and changes["responsible"].pk != item.responsible_id:
        said.append(
            _("person responsible: %(before)s → %(after)s")
            % {"before": item.responsible.name, "after": changes["responsible"].name}
        )
        item.responsible = changes["responsible"]
    if "measures" in changes:
        texts = tidy_lines(changes["measures"])
        if texts != [m.text for m in item.measures.all()]:
            _measures_replace(item, texts)
            said.append(_("measures"))
    return said


@transaction.atomic
def measure_mark(*, measure: Measure, done: bool, user=None, at=None) -> Measure:
    _lock_changeable(measure.item)
    try:  # the measures may have been rewritten while the page was open
        measure.refresh_from_db(fields=["done_at"])
    except Measure.DoesNotExist:
        raise RectificationError(
            _("The measures were changed in the meantime; reload the page and mark the task again.")
        ) from None
    measure.done_at = (measure.done_at or at or timezone.now()) if done else None
    measure.save(update_fields=["done_at"])
    return measure


def _check_files(files: Sequence) -> list[str]:
    if len(files) > MAX_FILES:
        raise RectificationError(_("Attach at most %(count)d files at a time.") % {"count": MAX_FILES})
    kinds = []
    for uploaded in files:
        kinds.append(
            uploads.check_attachment(
                uploaded.name, uploaded.size, uploaded, settings.DEBRIEF_ATTACHMENT_MAX_BYTES
            )
        )
    return kinds


def _entry(item: Item, kind: str, user, text: str, files: Sequence, at) -> Event:
    """A timeline entry with its evidence; every file is checked before anything is stored."""
    kinds = _check_files(files)
    event = _record(item, kind, user, text, at)
    for uploaded, file_kind in zip(files, kinds, strict=True):
        evidence = Evidence(
            event=event, original_name=uploaded.name[:200], kind=file_kind, size=uploaded.size
        )
        evidence.file.save(uploaded.name, uploaded, save=False)
        evidence.save()
    return event


def _move(item: Item, status: str, **fields) -> None:
    item.status = status
    for name, value in fields.items():
        setattr(item, name, value)
    item.save(update_fields=["status", *fields])


@transaction.atomic
def progress_add(*, item: Item, user, text: str, files: Sequence = (), at=None) -> Event:
    """Report progress, with evidence; the first report starts the work."""
    _lock_changeable(item)
    if item.status == Status.SUBMITTED:
        raise RectificationError(
            _("The item is waiting for verification; progress can be added once it is returned.")
        )
    text = text.strip()
    if not text:
        raise RectificationError(_("Say what has been done."))
    event = _entry(item, EventKind.PROGRESS, user, text, files, at)
    if item.status != Status.IN_PROGRESS:
        _move(item, Status.IN_PROGRESS)
    return event


@transaction.atomic
def item_submit(*, item: Item, user, text: str, files: Sequence = (), at=None) -> Event:
    """Submit the item for verification, saying how it was rectified."""
    _lock_changeable(item)
    if item.status not in WORK_OWED:
        raise RectificationError(_("The item has already been submitted for verification."))
    text = text.strip()
    if not text:
        raise RectificationError(
            _("Say how the problem was rectified before submitting it for verification.")
        )
    event = _entry(item, EventKind.SUBMITTED, user, text, files, at)
    _move(item, Status.SUBMITTED)
    return event


def _ensure_submitted(item: Item) -> None:
    _lock_changeable(item)
    if item.status != Status.SUBMITTED:
        raise RectificationError(
            _(
                "Item %(label)s is “%(status)s”: only an item submitted for verification can be signed "
                "off or returned. If the page showed it as submitted, someone changed it in the meantime; "
                "reload the page."
            )
            % {"label": item.label, "status": item.get_status_display()}
        )


@transaction.atomic
def item_return(*, item: Item, user, remarks: str, at=None) -> Event:
    """Send the item back: the rectification is not yet good enough, and the remarks say why."""
    _ensure_submitted(item)
    remarks = remarks.strip()
    if not remarks:
        raise RectificationError(_("Say why the item is returned, so the reporter knows what is missing."))
    event = _record(item, EventKind.RETURNED, user, remarks, at)
    _move(item, Status.RETURNED)
    return event


@transaction.atomic
def item_sign_off(*, item: Item, user, remarks: str = "", at=None) -> Event:
    """Verify the rectification and sign the item off (销号)."""
    _ensure_submitted(item)
    event = _record(item, EventKind.SIGNED_OFF, user, remarks.strip(), at)
    _move(item, Status.SIGNED_OFF, signed_off_at=event.at)
    return event


def reminder_record(*, person: Person, day: datetime.date, email: str, items: int) -> ReminderSent:
    """Note that the person was mailed today; the unique constraint refuses a second one (IntegrityError)."""
    return ReminderSent.objects.create(person=person, day=day, email=email, items=items)
