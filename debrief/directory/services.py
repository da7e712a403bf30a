"""Importing organizations as a user does it: within the user's scope, and recorded."""

from __future__ import annotations

from django.db import transaction

from debrief.accounts import selectors as access
from debrief.audit.models import Action
from debrief.audit.services import entry_record
from debrief.orgs.importing import ImportResult, Progress, import_organizations
from debrief.orgs.models import Organization


@transaction.atomic
def organizations_import(
    *,
    user=None,
    file_name: str,
    content: bytes,
    dry_run: bool = False,
    max_rows: int | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import the sheet under the organizations `user` organizes (anywhere for a superuser, or with
    no user: the command line's administrator); a real import that changed something enters the
    audit trail in the same transaction. `max_rows` and `progress`: see `import_organizations`."""
    scope = access.import_scope(user) if user is not None else None
    result = import_organizations(
        file_name=file_name,
        content=content,
        scope=scope,
        dry_run=dry_run,
        max_rows=max_rows,
        progress=progress,
    )
    if result.ok and not dry_run and (result.created or result.updated or result.secretaries_appointed):
        entry_record(
            action=Action.ORGANIZATIONS_IMPORTED,
            actor=user,
            organization=Organization.objects.filter(path__in=scope).order_by("path").first()
            if scope
            else None,
            label=file_name[:300],
            after={
                "rows": result.rows,
                "created": result.created,
                "updated": result.updated,
                "secretaries_appointed": result.secretaries_appointed,
            },
        )
    return result
