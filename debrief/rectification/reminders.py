"""Daily reminders by e-mail to the people responsible for ledger items: what is overdue and what
falls due within the next days.

A scheduler (cron, a systemd timer) runs `send_rectification_reminders` once a day. Each person gets
at most one e-mail a day: `ReminderSent` records it, so a rerun on the same day sends nothing twice.
The e-mail is written in the site's language, whoever runs the job.
"""

from __future__ import annotations

import datetime
import smtplib
from dataclasses import dataclass, field
from itertools import groupby

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from debrief.campaigns.models import CampaignState
from debrief.lib.background import enqueue_on_commit, runs_in_worker
from debrief.orgs.models import Person

from . import services, tasks
from .models import Item, ReminderSent

PROBLEM_CHARS = 40  # enough to recognise the problem; the link leads to the rest


class NotSent(models.TextChoices):
    NOT_CONFIGURED = "not_configured", gettext_lazy("e-mail is not configured (set DEBRIEF_EMAIL_HOST)")
    NO_ADDRESS = "no_address", gettext_lazy("no e-mail address")
    ALREADY_SENT = "already_sent", gettext_lazy("already sent today")
    DRY_RUN = "dry_run", gettext_lazy("dry run")
    FAILED = "failed", gettext_lazy("sending failed")
    QUEUED = "queued", gettext_lazy("queued: the background worker sends it")


@dataclass
class Reminder:
    """One person's items, and what became of their e-mail."""

    person: Person
    email: str  # the address of the person's active login, or ""
    overdue: list[Item] = field(default_factory=list)
    due_soon: list[Item] = field(default_factory=list)
    sent: bool = False
    not_sent: str = ""  # a `NotSent` value when no e-mail went out
    error: str = ""

    @property
    def items(self) -> list[Item]:
        return [*self.overdue, *self.due_soon]


def reminders_due(today: datetime.date, days: int, *, person_id: int | None = None) -> list[Reminder]:
    """Per person responsible, by name: items overdue and items due within `days`, earliest first
    (of one person only, given `person_id`)."""
    live = Item.objects.exclude(campaign__state=CampaignState.ARCHIVED)
    if person_id is not None:
        live = live.filter(responsible_id=person_id)
    items = (
        (live.overdue(today) | live.due_within(days, today))
        .select_related("campaign__host", "reporter__organization", "responsible")
        .order_by("responsible__name", "responsible_id", "deadline", "campaign__year", "number")
    )
    reminders = []
    for _person_id, group in groupby(items, key=lambda item: item.responsible_id):
        mine = list(group)
        reminders.append(
            Reminder(
                person=mine[0].responsible,
                email="",
                overdue=[item for item in mine if item.deadline < today],
                due_soon=[item for item in mine if item.deadline >= today],
            )
        )
    # A person without a login, or whose login is disabled, has nobody to mail.
    users = get_user_model().objects.filter(person__in=[r.person for r in reminders], is_active=True)
    addresses = {user.person_id: user.email for user in users}
    for reminder in reminders:
        reminder.email = addresses.get(reminder.person.pk, "")
    return reminders


def send_reminders(
    today: datetime.date | None = None,
    days: int | None = None,
    *,
    dry_run: bool = False,
    in_background: bool | None = None,
) -> list[Reminder]:
    """E-mail every person their reminder once today; a dry run sends and records nothing.

    `in_background` (by default: when tasks run in a worker): each e-mail is one task, queued here
    and sent by the worker (`tasks.send_reminder`), so one slow mail server holds up no one else.
    """
    if in_background is None:
        in_background = runs_in_worker()
    today = today or timezone.localdate()
    days = settings.DEBRIEF_REMINDER_DAYS if days is None else days
    reminders = reminders_due(today, days)
    mailed = set(
        ReminderSent.objects.filter(day=today, person__in=[r.person for r in reminders]).values_list(
            "person_id", flat=True
        )
    )
    for reminder in reminders:
        if reminder.person.pk in mailed:
            reminder.not_sent = NotSent.ALREADY_SENT
        elif not settings.DEBRIEF_EMAIL_ENABLED:
            reminder.not_sent = NotSent.NOT_CONFIGURED
        elif not reminder.email:
            reminder.not_sent = NotSent.NO_ADDRESS
        elif dry_run:
            reminder.not_sent = NotSent.DRY_RUN
        elif in_background:
            enqueue_on_commit(tasks.send_reminder, reminder.person.pk, today.isoformat(), days)
            reminder.not_sent = NotSent.QUEUED
        else:
            _send(reminder, today, days)
    return reminders


def send_one_reminder(person_id: int, today: datetime.date, days: int) -> Reminder | None:
    """The reminder of one person for `today`, sent unless it already was (the worker's part of
    `send_reminders`); None when nothing of theirs is due any more."""
    found = reminders_due(today, days, person_id=person_id)
    if not found:
        return None
    (reminder,) = found
    if ReminderSent.objects.filter(day=today, person_id=person_id).exists():
        reminder.not_sent = NotSent.ALREADY_SENT
    elif not settings.DEBRIEF_EMAIL_ENABLED:
        reminder.not_sent = NotSent.NOT_CONFIGURED
    elif not reminder.email:
        reminder.not_sent = NotSent.NO_ADDRESS
    else:
        _send(reminder, today, days)
    return reminder


def _send(reminder: Reminder, today: datetime.date, days: int) -> None:
    subject, body = reminder_email(reminder, today, days)
    try:
        # The record and the e-mail stand or fall together: a failed send is retried by a rerun,
        # and a run started at the same time stops at the unique constraint.
        with transaction.atomic():
            services.reminder_record(
                person=reminder.person, day=today, email=reminder.email, items=len(reminder.items)
            )
            EmailMessage(subject, body, to=[reminder.email]).send()
    except IntegrityError:
        reminder.not_sent = NotSent.ALREADY_SENT
    except (smtplib.SMTPException, OSError) as error:
        reminder.not_sent, reminder.error = NotSent.FAILED, str(error)
    else:
        reminder.sent = True


def _link(path: str) -> str:
    return f"{getattr(settings, 'DEBRIEF_SITE_URL', '').rstrip('/')}{path}"


def _item_lines(number: int, item: Item, when: str) -> list[str]:
    problem = Truncator(" ".join(item.description.split())).chars(PROBLEM_CHARS)
    heading = _("%(label)s %(organization)s: %(problem)s") % {
        "label": item.label,
        "organization": item.unit.name,
        "problem": problem,
    }
    return [
        f"{number}. {heading}",
        f"   {when}",
        f"   {_link(reverse('rectification:item', args=[item.pk]))}",
    ]


def _overdue_text(item: Item, today: datetime.date) -> str:
    late = (today - item.deadline).days
    return ngettext(
        "Deadline %(date)s, overdue by %(days)d day",
        "Deadline %(date)s, overdue by %(days)d days",
        late,
    ) % {"date": item.deadline.isoformat(), "days": late}


def _due_text(item: Item, today: datetime.date) -> str:
    left = (item.deadline - today).days
    if left == 0:
        return _("Deadline %(date)s, due today") % {"date": item.deadline.isoformat()}
    return ngettext(
        "Deadline %(date)s, due in %(days)d day",
        "Deadline %(date)s, due in %(days)d days",
        left,
    ) % {"date": item.deadline.isoformat(), "days": left}


def reminder_email(reminder: Reminder, today: datetime.date, days: int) -> tuple[str, str]:
    """The subject and plain-text body, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        count = len(reminder.items)
        subject = ngettext(
            "Rectification reminder: %(count)d item needs your attention",
            "Rectification reminder: %(count)d items need your attention",
            count,
        ) % {"count": count}
        lines = [
            _("Dear %(name)s,") % {"name": reminder.person.name},
            "",
            _("You are responsible for these rectification items in the ledger:"),
        ]
        if reminder.overdue:
            lines += ["", _("Overdue (%(count)d):") % {"count": len(reminder.overdue)}]
            for number, item in enumerate(reminder.overdue, start=1):
                lines += _item_lines(number, item, _overdue_text(item, today))
        if reminder.due_soon:
            heading = ngettext(
                "Due within %(days)d day (%(count)d):", "Due within %(days)d days (%(count)d):", days
            )
            lines += ["", heading % {"days": days, "count": len(reminder.due_soon)}]
            for number, item in enumerate(reminder.due_soon, start=1):
                lines += _item_lines(number, item, _due_text(item, today))
        lines += [
            "",
            _("The rectification ledger: %(url)s") % {"url": _link(reverse("rectification:ledger"))},
            "",
            _("This e-mail was sent automatically; please do not reply."),
        ]
    return subject, "\n".join(lines)
