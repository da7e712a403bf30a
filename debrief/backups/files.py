"""After a restore: is every file the database names present in the media root, at its size?"""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.db import models


def file_columns() -> list[tuple[str, str, str | None]]:
    """(table, file column, size column or None) of every Debrief model that stores files."""
    found = []
    for model in apps.get_models():
        if not model._meta.app_config.name.startswith("debrief."):
            continue
        fields = {f.name: f for f in model._meta.concrete_fields}
        size = fields.get("size")
        for f in fields.values():
            if isinstance(f, models.FileField):
                found.append((model._meta.db_table, f.column, size.column if size else None))
    return sorted(found)


def missing_files(run, media_root: Path) -> list[str]:
    """Names of the stored files that are missing from media_root or not the size recorded;
    run(sql) returns the rows of a query on the restored database."""
    missing = []
    for table, column, size in file_columns():
        sized = f'"{size}"' if size else "NULL"
        query = f'SELECT "{column}", {sized} FROM "{table}"'
        for name, recorded in run(query):
            if not name:
                continue
            path = media_root / name
            if not path.is_file() or (recorded is not None and path.stat().st_size != recorded):
                missing.append(name)
    return sorted(missing)
