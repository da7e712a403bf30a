"""Background work of the rectification ledger: one reminder e-mail per person and day."""

from __future__ import annotations

import datetime

from django_tasks import task


class ReminderNotSent(Exception):
    """The mail server refused or could not be reached: the task fails, and shows why."""


@task()
def send_reminder(person_id: int, day: str, days: int) -> str:
    """E-mail one person their reminder of `day` (YYYY-MM-DD), at most once that day (`ReminderSent`).
    Answers what became of it: "sent", or why not."""
    from . import reminders  # reminders queue this task: imported here, not at the top

    reminder = reminders.send_one_reminder(person_id, datetime.date.fromisoformat(day), days)
    if reminder is None:
        return "nothing_due"
    if reminder.not_sent == reminders.NotSent.FAILED:
        # A rerun of the command the same day queues it again (nothing was recorded).
        raise ReminderNotSent(reminder.error)
    return "sent" if reminder.sent else reminder.not_sent
