"""Reading the audit trail: what a user may see of it, and whether the chain is intact."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from debrief.lib import tree_paths

from . import chain
from .models import GENESIS, Entry, Head


def entries_within(paths: list[str] | None) -> QuerySet[Entry]:
    """Entries recorded on organizations under any of `paths` (None: every entry, for superusers)."""
    entries = Entry.objects.select_related("actor")
    if paths is None:
        return entries
    if not paths:
        return entries.none()
    condition = Q()
    for path in paths:
        condition |= Q(
            organization_path__gte=path, organization_path__lt=tree_paths.subtree_upper_bound(path)
        )
    return entries.filter(condition)


@dataclass(frozen=True)
class ChainCheck:
    entries: int
    broken_at: int | None = None  # the number of the first entry that does not follow from the one before
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def chain_check() -> ChainCheck:
    """Recompute every link, in order: the first entry changed, removed or inserted breaks it."""
    previous, count = GENESIS, 0
    for entry in Entry.objects.order_by("seq").iterator(chunk_size=2000):
        count += 1
        if entry.seq != count:
            return ChainCheck(count - 1, count, f"entry {count} is missing (the next is {entry.seq})")
        if entry.prev_hash != previous:
            return ChainCheck(count - 1, entry.seq, "it does not link to the entry before it")
        if chain.entry_hash(previous, chain.hashed_fields(entry)) != entry.hash:
            return ChainCheck(count - 1, entry.seq, "its content no longer matches its hash")
        previous = entry.hash
    head = Head.objects.filter(pk=1).first()
    if head is not None and (head.seq, head.hash) != (count, previous):
        return ChainCheck(
            count, count + 1, f"the chain ends at entry {head.seq}, but entries after {count} are gone"
        )
    return ChainCheck(count)
