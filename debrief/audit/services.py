"""Appending to the audit trail. Callers record inside their own transaction, so the change and
its entry are stored together or not at all."""

from __future__ import annotations

from django.db import models, transaction
from django.utils import timezone

from debrief.orgs.models import Organization

from . import chain
from .models import Entry, Head


def _actor(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def entry_record(
    *,
    action: str,
    actor=None,
    obj: models.Model | None = None,
    organization: Organization | None = None,
    before: dict | None = None,
    after: dict | None = None,
    label: str = "",
    at=None,
) -> Entry:
    """Append one entry: who (`actor`), what (`action` on `obj`, within `organization`), and the
    values before and after. Appends are serialized by locking the chain's head, so the head's
    lock is held until the caller's transaction ends (no savepoint of its own: its writes belong
    to the caller's change)."""
    with transaction.atomic(savepoint=False):
        return _append(action, actor, obj, organization, before, after, label, at)


def _append(action, actor, obj, organization, before, after, label, at) -> Entry:
    head = Head.objects.select_for_update().filter(pk=1).first()
    if head is None:  # the very first entry
        Head.objects.get_or_create(pk=1)
        head = Head.objects.select_for_update().get(pk=1)
    actor = _actor(actor)
    entry = Entry(
        seq=head.seq + 1,
        at=at or timezone.now(),
        actor=actor,
        actor_name=str(actor)[:150] if actor else "",
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_label=(label or (str(obj) if obj is not None else ""))[:300],
        organization=organization,
        organization_path=organization.path if organization is not None else "",
        before=chain.as_stored(before),
        after=chain.as_stored(after),
        prev_hash=head.hash,
    )
    entry.hash = chain.entry_hash(head.hash, chain.hashed_fields(entry))
    entry.save()
    head.seq, head.hash = entry.seq, entry.hash
    head.save(update_fields=["seq", "hash"])
    return entry


def campaign_entry_record(
    *,
    campaign,
    action: str,
    actor=None,
    obj: models.Model | None = None,
    before=None,
    after=None,
    label: str = "",
) -> Entry:
    """An entry about a campaign or something of it: recorded on its host organization and named
    by its title unless `label` says otherwise. (`campaign` is any object with `host` and `title`:
    the campaigns app builds on this one.)"""
    return entry_record(
        action=action,
        actor=actor,
        obj=obj if obj is not None else campaign,
        organization=campaign.host,
        label=label or campaign.title,
        before=before,
        after=after,
    )


def changes(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the fields that changed, before and after: what an edit's entry records."""
    keys = [key for key in after if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}
