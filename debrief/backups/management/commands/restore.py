from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _

from debrief.backups.errors import BackupError
from debrief.backups.services import restore


class Command(BaseCommand):
    help = (
        "Restore an archive written by `manage.py backup` into the configured database (DATABASE_URL), "
        "which must be empty, and media root (DEBRIEF_MEDIA_ROOT), which must hold no files. Every "
        "checksum is verified before anything is written; the row counts are compared after. Exit "
        "status 1 when anything differs."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="the archive to restore")

    def handle(self, *args, archive: Path, **options):
        connections.close_all()  # a SQLite target's file is replaced whole
        database = connections[DEFAULT_DB_ALIAS].settings_dict
        try:
            result = restore(archive, database=database, media_root=Path(settings.MEDIA_ROOT))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _("Restored %(archive)s (made %(at)s): %(tables)d tables, %(rows)d rows, %(files)d media files.")
            % {
                "archive": archive.name,
                "at": result.created_at,
                "tables": len(result.tables),
                "rows": sum(result.tables.values()),
                "files": result.media_files,
            }
        )
        if result.migrations_behind:
            self.stdout.write(
                _("This Debrief has newer migrations for %(apps)s: run `manage.py migrate` next.")
                % {"apps": ", ".join(result.migrations_behind)}
            )
        if result.complete:
            self.stdout.write(
                _("Every table has the row count of the manifest, and every stored file is in place.")
            )
            return
        for table, expected, found in result.differences:
            self.stdout.write(
                _("- %(table)s: %(expected)s rows in the archive, %(found)s restored.")
                % {
                    "table": table,
                    "expected": "—" if expected is None else expected,
                    "found": "—" if found is None else found,
                }
            )
        for name in result.missing_files:
            self.stdout.write(
                _("- %(name)s: missing from the media root, or not its recorded size.") % {"name": name}
            )
        raise SystemExit(1)
