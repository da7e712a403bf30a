"""Import organizations and their secretaries from an XLSX or CSV sheet.

Two passes: every row is checked against the file (`import_sheet`) and the
database first, and only a sheet without a single error is written, in one
transaction, parents before children, in bulk (`import_write`). Rows are
matched by organization code, so importing the same sheet twice changes nothing
and an edited sheet updates in place.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from debrief.lib import tree_paths
from debrief.lib.errors import DomainError
from debrief.lib.tables import PROGRESS_EVERY, RowError, RowErrors, TableError, read_table

from .import_sheet import COLUMNS, ImportRow, parse_rows
from .import_write import Progress, Writer
from .models import Level, Organization, Post, PostRole, level_fits_parent


@dataclass
@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    secretaries_appointed: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _batches(values: list, size: int = 5000):
    """Slices of `values` small enough for one query's parameters (SQLite allows 32,766)."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


# What the checks and the writes read of an organization (not its timestamps).
PLAN_FIELDS = ("code", "name", "short_name", "org_type", "level", "parent", "path", "depth", "status")


class Secretary(NamedTuple):
    """An organization's current secretary: their post, name and term start."""

    post_id: int
    name: str
    start_date: datetime.date


class _Plan:
    """The tree as it would be after the import: file rows over the database."""

    def __init__(self, rows: list[ImportRow]) -> None:
        self.rows = {row.code: row for row in rows}
        wanted = sorted(set(self.rows) | {row.parent_code for row in rows if row.parent_code})
        self.existing = {
            org.code: org
            for codes in _batches(wanted)
            for org in Organization.objects.filter(code__in=codes).only(*PLAN_FIELDS).order_by()
        }
        # Their ancestors too, so walks up the tree need no further queries.
        ancestor_ids = {i for org in self.existing.values() for i in org.ancestor_ids()}
        self.by_id = {org.pk: org for org in self.existing.values()}
        self.by_id.update(Organization.objects.only(*PLAN_FIELDS).in_bulk(ancestor_ids - set(self.by_id)))
        self.known = {org.code: org for org in self.by_id.values()}
        # Plain tuples: a province's re-import reads 200,000 of them.
        self.secretaries = {
            organization_id: Secretary(post_id, name, start_date)
            for ids in _batches([org.pk for org in self.existing.values()])
            for organization_id, post_id, name, start_date in Post.objects.current()
            .filter(organization__in=ids, role=PostRole.SECRETARY)
            .order_by()
            .values_list("organization_id", "pk", "person__name", "start_date")
        }

    def parent_code(self, code: str) -> str | None:
        """The parent after the import; a blank parent code keeps an existing parent."""
        row = self.rows.get(code)
        if row is not None and row.parent_code:
            return row.parent_code
        org = self.known.get(code)
        if org is None or org.parent_id is None:
            return None
        return self.by_id[org.parent_id].code

    def level(self, code: str) -> str:
        row = self.rows.get(code)
        # `known`, not `existing`: a blank parent code keeps a parent the file does not name.
        return row.level if row is not None else self.known[code].level

    def chain_up(self, code: str) -> tuple[list[str], bool]:
        """Codes from `code` up to the root; True when the walk comes back to a code (a cycle)."""
        chain = [code]
        seen = {code}
        current = code
        while (parent := self.parent_code(current)) is not None:
            chain.append(parent)
            if parent in seen:
                return chain, True
            seen.add(parent)
            current = parent
        return chain, False


def _validate(
    rows: list[ImportRow], scope: list[str] | None, errors: RowErrors, progress: Progress | None = None
) -> _Plan:
    def in_scope(org: Organization) -> bool:
        return scope is None or any(tree_paths.is_within(org.path, path) for path in scope)

    plan = _Plan(rows)
    for checked, row in enumerate(rows):
        if progress is not None and checked and checked % PROGRESS_EVERY == 0:
            progress("checked", checked, len(rows))
        existing = plan.existing.get(row.code)
        if existing is not None and not in_scope(existing):
            errors.add(
                row.line,
                "code",
                _("Code “%(code)s” belongs to an organization you do not manage.") % {"code": row.code},
            )
            continue
        if row.parent_code == row.code:
            errors.add(row.line, "parent_code", _("An organization cannot be its own parent."))
            continue
        if row.parent_code and row.parent_code not in plan.rows and row.parent_code not in plan.existing:
            errors.add(
                row.line,
                "parent_code",
                _("No organization has the code “%(code)s”, in this file or in the system.")
                % {"code": row.parent_code},
            )
            continue
        parent_in_db = plan.existing.get(row.parent_code) if row.parent_code not in plan.rows else None
        moves = existing is None or parent_in_db is None or parent_in_db.pk != existing.parent_id
        if parent_in_db is not None and moves and not in_scope(parent_in_db):
            errors.add(
                row.line,
                "parent_code",
                _("“%(code)s” is outside the organizations you manage; you can import only under them.")
                % {"code": row.parent_code},
            )
            continue
        if not row.parent_code and scope is not None and existing is None:
            errors.add(
                row.line,
                "parent_code",
                _(
                    "Fill in the parent organization code; only a system administrator can add top-level organizations."
                ),
            )
            continue
        chain, cycle = plan.chain_up(row.code)
        if cycle:
            errors.add(
                row.line,
                "parent_code",
                _("This parent would put the organization inside its own subtree: %(chain)s.")
                % {"chain": " → ".join(reversed(chain))},
            )
            continue
        if len(chain) > tree_paths.MAX_DEPTH:
            errors.add(
                row.line,
                "parent_code",
                _("The tree cannot be deeper than %(depth)d levels.") % {"depth": tree_paths.MAX_DEPTH},
            )
            continue
        parent_code = plan.parent_code(row.code)
        if parent_code is not None:
            parent_level = plan.level(parent_code)
            if not level_fits_parent(row.level, parent_level):
                errors.add(
                    row.line,
                    "level",
                    _(
                        "Level “%(level)s” cannot sit under “%(parent)s”, which is of level “%(parent_level)s”."
                    )
                    % {
                        "level": Level(row.level).label,
                        "parent": parent_code,
                        "parent_level": Level(parent_level).label,
                    },
                )
                continue
        if existing is not None and existing.level != row.level:
            for child in existing.children.all():
                if child.code not in plan.rows and not level_fits_parent(child.level, row.level):
                    errors.add(
                        row.line,
                        "level",
                        _(
                            "Subordinate “%(child)s” is of level “%(child_level)s” and could not stay under level “%(level)s”."
                        )
                        % {
                            "child": child.code,
                            "child_level": Level(child.level).label,
                            "level": Level(row.level).label,
                        },
                    )
                    break
        if row.secretary_name and existing is not None:
            _validate_secretary(row, plan.secretaries.get(existing.pk), errors)
    if progress is not None:
        progress("checked", len(rows), len(rows))
    return plan


def _validate_secretary(row: ImportRow, current: Secretary | None, errors: RowErrors) -> None:
    if current is None or current.name == row.secretary_name:
        return
    start = row.secretary_start or timezone.localdate()
    if start <= current.start_date:
        errors.add(
            row.line,
            "secretary_start",
            _(
                "The current secretary %(name)s took office on %(date)s; the new secretary's term must start later."
            )
            % {"name": current.name, "date": current.start_date.isoformat()},
        )


def import_organizations(
    *,
    file_name: str,
    content: bytes,
    scope: list[str] | None,
    dry_run: bool = False,
    max_rows: int | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Check and, when every row is valid, apply a sheet.

    `scope` holds the paths of the topmost organizations the importer may change
    (and add under); None lets them change any, as a superuser may. `max_rows`
    overrides DEBRIEF_IMPORT_MAX_ROWS (the command line allows more than a web
    request). `progress(stage, done, total)` is called as the work goes on, with
    stage "read" (total 0 until the whole file is read), "checked" and "written".
    """
    result = ImportResult()
    try:
        table = read_table(file_name, content, COLUMNS, max_rows=max_rows, progress=progress)
    except TableError as error:
        result.errors = [RowError(0, "", str(error))]
        return result
    result.rows = len(table)
    errors = RowErrors(COLUMNS)
    rows = parse_rows(table, errors)
    del table  # a province's sheet: keep only the parsed rows in memory
    if not errors:
        plan = _validate(rows, scope, errors, progress)
    if errors:
        result.errors = errors.sorted()
        return result
    try:
        with transaction.atomic():
            Writer(plan, result, progress).write(rows)
            if dry_run:
                transaction.set_rollback(True)
    except DomainError as error:
        result.created = result.updated = result.unchanged = result.secretaries_appointed = 0
        result.errors = [RowError(0, "", str(error))]
    return result
