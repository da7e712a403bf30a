import argparse
import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from debrief.rectification.reminders import NotSent, Reminder, send_reminders


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            _("not a date in the form YYYY-MM-DD: %(text)s") % {"text": text}
        ) from error


def _days(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(_("not a number of days: %(text)s") % {"text": text})
    return int(text)


class Command(BaseCommand):
    help = (
        "E-mail each person responsible for rectification items what is overdue and what falls due "
        "soon, once a day (run it daily from cron or a systemd timer). With a background worker "
        "(DEBRIEF_TASKS=database) each e-mail is queued and the worker sends it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=_days, help="items due within this many days (default: setting)")
        parser.add_argument("--date", type=_day, help="the day to run for, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--dry-run", action="store_true", help="list the reminders, send and record nothing"
        )

    def handle(self, *args, days: int | None, date: datetime.date | None, dry_run: bool, **options):
        days = settings.DEBRIEF_REMINDER_DAYS if days is None else days
        reminders = send_reminders(today=date, days=days, dry_run=dry_run)
        for reminder in reminders:
            self.stdout.write(self._line(reminder, days))
        sent = sum(reminder.sent for reminder in reminders)
        summary = ngettext("%(count)d reminder e-mail sent.", "%(count)d reminder e-mails sent.", sent) % {
            "count": sent
        }
        queued = sum(reminder.not_sent == NotSent.QUEUED for reminder in reminders)
        if queued:
            summary += " " + ngettext(
                "%(count)d reminder e-mail queued for the background worker.",
                "%(count)d reminder e-mails queued for the background worker.",
                queued,
            ) % {"count": queued}
        if dry_run:
            summary += " " + _("Dry run: nothing was changed.")
        self.stdout.write(self.style.SUCCESS(summary))
        failed = [reminder for reminder in reminders if reminder.not_sent == NotSent.FAILED]
        if failed:
            # A non-zero exit lets the scheduler report it; a rerun today retries only these.
            raise CommandError(
                ngettext(
                    "%(count)d reminder could not be sent.",
                    "%(count)d reminders could not be sent.",
                    len(failed),
                )
                % {"count": len(failed)}
            )

    def _line(self, reminder: Reminder, days: int) -> str:
        counts = ngettext(
            "%(name)s: %(overdue)d overdue, %(due_soon)d due within %(days)d day",
            "%(name)s: %(overdue)d overdue, %(due_soon)d due within %(days)d days",
            days,
        ) % {
            "name": reminder.person.name,
            "overdue": len(reminder.overdue),
            "due_soon": len(reminder.due_soon),
            "days": days,
        }
        if reminder.sent:
            outcome = _("mailed to %(email)s") % {"email": reminder.email}
        elif reminder.not_sent == NotSent.DRY_RUN:
            outcome = _("would be mailed to %(email)s") % {"email": reminder.email}
        elif reminder.not_sent == NotSent.QUEUED:
            outcome = _("queued for %(email)s") % {"email": reminder.email}
        else:
            why = NotSent(reminder.not_sent).label
            if reminder.error:
                why = f"{why} ({reminder.error})"
            outcome = _("not mailed: %(reason)s") % {"reason": why}
        return _("%(counts)s — %(outcome)s") % {"counts": counts, "outcome": outcome}
