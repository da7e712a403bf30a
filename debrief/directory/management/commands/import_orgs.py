from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from debrief.directory.services import organizations_import

# A province's tree in one file; a web upload keeps DEBRIEF_IMPORT_MAX_ROWS, suited to a request.
COMMAND_MAX_ROWS = 500_000


class Command(BaseCommand):
    help = "Import organizations and their secretaries from an .xlsx or .csv file (all rows or none)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help="import as this user: only under the organizations they organize")
        parser.add_argument("--dry-run", action="store_true", help="check the file and change nothing")
        parser.add_argument(
            "--max-rows",
            type=int,
            default=COMMAND_MAX_ROWS,
            help=f"refuse a file of more data rows than this (default {COMMAND_MAX_ROWS:,})",
        )

    def handle(self, *args, file: Path, user: str | None, dry_run: bool, max_rows: int, **options):
        if not file.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": file})
        importer = None
        if user:
            try:
                importer = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist as error:
                raise CommandError(_("No such user: %(name)s") % {"name": user}) from error
        if max_rows < 1:
            raise CommandError(_("--max-rows must be at least 1."))
        result = organizations_import(
            user=importer,
            file_name=file.name,
            content=file.read_bytes(),
            dry_run=dry_run,
            max_rows=max_rows,
            progress=self._progress if options["verbosity"] >= 1 else None,
        )
        if not result.ok:
            for error in result.errors:
                where = _("row %(row)d") % {"row": error.row} if error.row else _("file")
                column = f" [{error.column}]" if error.column else ""
                self.stderr.write(f"{where}{column}: {error.message}")
            raise CommandError(_("%(n)d problem(s) found; nothing was imported.") % {"n": len(result.errors)})
        summary = _(
            "%(rows)d rows: %(created)d added, %(updated)d updated, %(unchanged)d unchanged, "
            "%(appointed)d secretaries appointed."
        ) % {
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "appointed": result.secretaries_appointed,
        }
        if dry_run:
            summary += " " + _("Dry run: nothing was changed.")
        self.stdout.write(self.style.SUCCESS(summary))

    def _progress(self, stage: str, done: int, total: int) -> None:
        if stage == "read":
            line = _("Read: %(done)d rows") % {"done": done}
        elif stage == "checked":
            line = _("Checked: %(done)d of %(total)d rows") % {"done": done, "total": total}
        else:
            line = _("Written: %(done)d of %(total)d rows") % {"done": done, "total": total}
        self.stdout.write(line)
        self.stdout.flush()
