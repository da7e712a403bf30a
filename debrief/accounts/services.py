from __future__ import annotations

from django.db import transaction

from debrief.audit.models import Action
from debrief.audit.services import entry_record
from debrief.orgs.models import Organization

from .models import RoleGrant, User


@transaction.atomic
def role_grant(
    *, user: User, organization: Organization, role: str, granted_by: User | None = None
) -> RoleGrant:
    grant, created = RoleGrant.objects.get_or_create(
        user=user, organization=organization, role=role, defaults={"granted_by": granted_by}
    )
    if created:
        entry_record(
            action=Action.ROLE_GRANTED,
            actor=granted_by,
            obj=user,
            organization=organization,
            after={"user": user.username, "role": role},
        )
    user.__dict__.pop("_grant_paths", None)
    return grant


@transaction.atomic
def role_revoke(*, user: User, organization: Organization, role: str, revoked_by: User | None = None) -> None:
    deleted, _rows = RoleGrant.objects.filter(user=user, organization=organization, role=role).delete()
    if deleted:
        entry_record(
            action=Action.ROLE_REVOKED,
            actor=revoked_by,
            obj=user,
            organization=organization,
            before={"user": user.username, "role": role},
        )
    user.__dict__.pop("_grant_paths", None)
