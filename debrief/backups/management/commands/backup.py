from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from debrief.backups.databases import LABELS
from debrief.backups.errors import BackupError
from debrief.backups.services import backup


class Command(BaseCommand):
    help = (
        "Write the database (pg_dump, or SQLite's online backup) and the media files into one archive "
        "with a manifest of checksums and row counts. Restore it with `manage.py restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="the archive to write (.tar, or .tar.gz to compress), or a directory to write "
            "debrief-<date>-<time>.tar.gz in; default: that name in the current directory",
        )

    def handle(self, *args, output: Path | None, **options):
        name = timezone.now().strftime("debrief-%Y%m%d-%H%M%S.tar.gz")
        output = Path.cwd() / name if output is None else output / name if output.is_dir() else output
        try:
            result = backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _(
                "Backup written to %(path)s: %(engine)s database, %(tables)d tables, %(rows)d rows, %(files)d media files."
            )
            % {
                "path": result.path,
                "engine": LABELS[result.engine],
                "tables": len(result.tables),
                "rows": result.rows,
                "files": result.media_files,
            }
        )
        if result.open_evaluations:
            self.stderr.write(
                _(
                    "Voting is open in: %(titles)s. This backup holds their waiting ballots: keep it no "
                    "longer and no more widely than the ballot key, or take it again after the close."
                )
                % {"titles": ", ".join(result.open_evaluations)}
            )
