from __future__ import annotations

from django.db import transaction

from debrief.orgs.models import Organization

from .models import RoleGrant, User


@transaction.atomic
def role_grant(
    *, user: User, organization: Organization, role: str, granted_by: User | None = None
) -> RoleGrant:
    grant, _created = RoleGrant.objects.get_or_create(
        user=user, organization=organization, role=role, defaults={"granted_by": granted_by}
    )
    user.__dict__.pop("_grant_paths", None)
    return grant


@transaction.atomic
def role_revoke(*, user: User, organization: Organization, role: str) -> None:
    RoleGrant.objects.filter(user=user, organization=organization, role=role).delete()
    user.__dict__.pop("_grant_paths", None)
