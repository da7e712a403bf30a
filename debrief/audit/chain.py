"""How an entry is hashed: its fields as canonical JSON, after the hash of the entry before it."""

from __future__ import annotations

import datetime
import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder


def canonical(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder)


def as_stored(value):
    """A value as a JSON column gives it back (dates and decimals become strings), so the hash
    computed when recording matches the one recomputed from the stored row."""
    return None if value is None else json.loads(canonical(value))


def entry_hash(prev_hash: str, fields: dict) -> str:
    return hashlib.sha256(f"{prev_hash}\n{canonical(fields)}".encode()).hexdigest()


def hashed_fields(entry) -> dict:
    """What the hash covers: every field of the entry but its own hash."""
    at: datetime.datetime = entry.at
    return {
        "seq": entry.seq,
        "at": at.astimezone(datetime.UTC).isoformat(),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_label": entry.object_label,
        "organization_id": entry.organization_id,
        "organization_path": entry.organization_path,
        "before": entry.before,
        "after": entry.after,
    }
