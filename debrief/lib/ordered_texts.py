"""Keep a list of text rows (a comment's problems, an item's measures) in line with edited text."""

from __future__ import annotations

from collections.abc import Callable


def replace_texts(rows, texts: list[str], create: Callable[[int, str], object]) -> None:
    """Make `rows` (a queryset of rows with `text` and `position`) read `texts`, in order.

    Rows whose text is unchanged keep their identity, so whatever links to them (a ledger item to a
    comment's problem, a task's done mark) survives the edit; the others are deleted, and `create`
    makes the new ones from (position, text).
    """
    keep = {}
    for row in rows:
        if row.text in texts and row.text not in keep:
            keep[row.text] = row
    rows.exclude(pk__in=[row.pk for row in keep.values()]).delete()
    for position, text in enumerate(texts, start=1):
        row = keep.pop(text, None)
        if row is None:
            create(position, text)
        elif row.position != position:
            row.position = position
            row.save(update_fields=["position"])
