"""The writing pass of the organization import, in bulk.

Runs only after every row has been checked against the planned tree (`importing._validate`), so
it repeats none of the per-object checks of `services` (levels, depth, code format and
uniqueness, lengths, terms): a province's sheet of 200,000 rows is written in a few thousand
statements rather than a dozen per row. New organizations get their ids reserved up front, so
their paths are computed in memory and each is inserted once, complete. Moves (rare) still go
through `services.organization_move`, which shifts the whole subtree's paths.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable

from django.db import connection
from django.utils import timezone

from debrief.lib import tree_paths
from debrief.lib.tables import PROGRESS_EVERY

from . import services
from .import_sheet import ImportRow
from .models import Organization, Person, Post, PostRole

BATCH = 2000
EDITABLE = services.EDITABLE_FIELDS
ORG_COLUMNS = [
    *("id", "code", "name", "short_name", "org_type", "level", "parent_id", "path", "depth", "status"),
    *("created_at", "updated_at"),
]

Progress = Callable[[str, int, int], None]


def reserve_ids(model, count: int) -> list[int]:
    """`count` fresh primary keys of `model`, taken for this transaction."""
    if not count:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the transaction began IMMEDIATE (settings), so it holds the write lock and no one
        # else inserts meanwhile; AUTOINCREMENT never reuses an id, hence sqlite_sequence too.
        cursor.execute(
            f'SELECT MAX(n) FROM (SELECT MAX(id) AS n FROM "{table}" '  # noqa: S608 (a model's table)
            "UNION ALL SELECT seq FROM sqlite_sequence WHERE name = %s)",
            [table],
        )
        last = cursor.fetchone()[0] or 0
    return list(range(last + 1, last + 1 + count))


def insert_rows(model, fields: list[str], rows: list[tuple]) -> None:
    """Insert `rows` (values in `fields` order, already as the database takes them): what
    bulk_create does, without compiling every value of every row. PostgreSQL takes them by COPY,
    in one stream rather than a round trip a row; SQLite, in process, by executemany."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


class Writer:
    """Writes a validated sheet into `result`'s counts, depth by depth (parents first)."""

    def __init__(self, plan, result, progress: Progress | None) -> None:
        self.plan = plan
        self.result = result
        self.progress = progress
        self.orgs: dict[str, Organization] = dict(plan.existing)
        self.new: dict[str, tuple[int, str]] = {}  # code -> (id, path) of an organization created
        self.changed: set[str] = set()  # codes of existing organizations the import changes
        self.written = self.reported = 0

    def write(self, rows: list[ImportRow]) -> None:
        depth = self._depths(rows)
        by_depth: dict[int, list[ImportRow]] = defaultdict(list)
        for row in rows:
            by_depth[depth[row.code]].append(row)
        self.total = len(rows)
        # Parents before children; within a depth, in the sheet's order.
        existing = self.plan.existing
        for level in sorted(by_depth):
            level_rows = sorted(by_depth[level], key=lambda r: r.line)
            self._create([row for row in level_rows if row.code not in existing])
            self._update([row for row in level_rows if row.code in existing])
        self._appoint(sorted(rows, key=lambda r: (depth[r.code], r.line)))
        for row in rows:
            if row.code in self.plan.existing:
                if row.code in self.changed:
                    self.result.updated += 1
                else:
                    self.result.unchanged += 1
        self._report(self.total)

    def _depths(self, rows: list[ImportRow]) -> dict[str, int]:
        """Each row's depth in the planned tree (validated: no cycles, at most MAX_DEPTH)."""
        depth: dict[str, int] = {}

        def of(code: str) -> int:
            if code not in depth:
                parent = self.plan.parent_code(code)
                depth[code] = 1 if parent is None else of(parent) + 1
            return depth[code]

        for row in rows:
            of(row.code)
        return depth

    def _place(self, code: str) -> tuple[int, str]:
        """(id, path) of an organization already in the system or created by this import."""
        org = self.orgs.get(code)
        return (org.pk, org.path) if org is not None else self.new[code]

    def _report(self, done: int) -> None:
        """Progress at every PROGRESS_EVERY rows crossed, and at the end."""
        if self.progress is not None and (
            done == self.total or done // PROGRESS_EVERY > self.reported // PROGRESS_EVERY
        ):
            self.progress("written", done, self.total)
            self.reported = done

    def _create(self, rows: list[ImportRow]) -> None:
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            new = []
            for row, pk in zip(batch, reserve_ids(Organization, len(batch)), strict=True):
                parent_id, parent_path = self._place(row.parent_code) if row.parent_code else (None, "")
                path = tree_paths.child_path(parent_path, pk)
                self.new[row.code] = (pk, path)
                new.append(
                    (pk, row.code, row.name, row.short_name, row.org_type, row.level, parent_id, path)
                    + (tree_paths.depth_of(path), row.status, now, now)
                )
            insert_rows(Organization, ORG_COLUMNS, new)
            self.result.created += len(new)
            self.written += len(new)
            if self.written < self.total:  # the end is reported once the secretaries are in
                self._report(self.written)

    def _update(self, rows: list[ImportRow]) -> None:
        moved = False
        edited = []
        for row in rows:
            org = self.orgs[row.code]
            parent_id = self._place(row.parent_code)[0] if row.parent_code else None
            if parent_id is not None and parent_id != org.parent_id:
                parent = self.orgs.get(row.parent_code) or Organization.objects.get(pk=parent_id)
                services.organization_move(organization=org, new_parent=parent, level=row.level)
                moved = True
                self.changed.add(row.code)
            values = {name: getattr(row, name) for name in EDITABLE}
            if any(getattr(org, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(org, name, value)
                edited.append(org)
                self.changed.add(row.code)
        if edited:
            now = timezone.now()
            for org in edited:
                org.updated_at = now
            Organization.objects.bulk_update(edited, [*EDITABLE, "updated_at"], batch_size=500)
        if moved:
            self._reload_paths()
        self.written += len(rows)
        if rows and self.written < self.total:
            self._report(self.written)

    def _reload_paths(self) -> None:
        """A move shifted whole subtrees in the database: take the paths of the organizations
        already in the system from there again (the ones created so far sit outside them)."""
        existing = list(self.plan.existing.values())
        for start in range(0, len(existing), BATCH):
            batch = {org.pk: org for org in existing[start : start + BATCH]}
            for pk, path, depth, parent_id in Organization.objects.filter(pk__in=batch).values_list(
                "pk", "path", "depth", "parent_id"
            ):
                org = batch[pk]
                org.path, org.depth, org.parent_id = path, depth, parent_id

    def _appoint(self, rows: list[ImportRow]) -> None:
        """Named secretaries who are not the current one take office; the current one's term
        ends the day before (each start was checked to come after it)."""
        today = timezone.localdate()
        appointed = []
        for row in rows:
            if not row.secretary_name:
                continue
            org_id = self._place(row.code)[0]
            current = self.plan.secretaries.get(org_id) if row.code in self.plan.existing else None
            if current is not None and current.name == row.secretary_name:
                continue
            appointed.append((row, org_id, current))
        if not appointed:
            return
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        day = connection.ops.adapt_datefield_value
        people, posts, ended = [], [], []
        person_ids = reserve_ids(Person, len(appointed))
        for (row, org_id, current), person_id in zip(appointed, person_ids, strict=True):
            start = row.secretary_start or today
            if current is not None:
                ended.append(Post(pk=current.post_id, end_date=start - datetime.timedelta(days=1)))
            people.append((person_id, row.secretary_name.strip(), row.secretary_phone.strip(), now))
            posts.append((person_id, org_id, PostRole.SECRETARY.value, day(start), None))
            if row.code in self.plan.existing:
                self.changed.add(row.code)
        insert_rows(Person, ["id", "name", "phone", "created_at"], people)
        # Terms end before the new ones begin: one current secretary per organization.
        if ended:
            Post.objects.bulk_update(ended, ["end_date"], batch_size=500)
        insert_rows(Post, ["person_id", "organization_id", "role", "start_date", "end_date"], posts)
        self.result.secretaries_appointed += len(posts)
