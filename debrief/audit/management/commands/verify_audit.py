from django.core.management.base import BaseCommand, CommandError

from debrief.audit.selectors import chain_check


class Command(BaseCommand):
    help = "Check that the audit trail is unbroken: every entry links to the one before it by its hash."

    def handle(self, *args, **options):
        result = chain_check()
        if not result.intact:
            raise CommandError(
                f"The audit trail is broken at entry {result.broken_at}: {result.reason}. "
                f"The {result.entries} entries before it are intact."
            )
        self.stdout.write(f"The audit trail is intact: {result.entries} entries.")
