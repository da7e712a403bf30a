"""Who may see and change what: every view and API endpoint asks here.

A role granted on an organization applies to its whole subtree. Superusers
see everything. Anything outside a user's subtrees is reported as missing
(404), never as forbidden, so its existence does not leak.
"""

from __future__ import annotations

from collections.abc import Iterable

from debrief.lib import tree_paths
from debrief.orgs.models import Organization, OrganizationQuerySet

from . import tokens
from .models import ApiToken, Role, RoleGrant

ALL_ROLES = tuple(Role.values)


def grant_paths(user, roles: Iterable[str] = ALL_ROLES) -> list[str]:
    """Paths of the topmost organizations on which the user holds one of the roles."""
    if not user.is_authenticated:
        return []
    # One query per user object (a request) answers every role set asked afterwards.
    cache = user.__dict__.setdefault("_grant_paths", {})
    if "all" not in cache:
        cache["all"] = list(RoleGrant.objects.filter(user=user).values_list("role", "organization__path"))
    key = tuple(sorted(roles))
    if key not in cache:
        paths = sorted({path for role, path in cache["all"] if role in key})
        topmost: list[str] = []
        for path in paths:  # sorted, so an ancestor comes before its descendants
            if not any(tree_paths.is_within(path, top) for top in topmost):
                topmost.append(path)
        cache[key] = topmost
    return cache[key]


def organizations_visible_to(user, roles: Iterable[str] = ALL_ROLES) -> OrganizationQuerySet:
    if user.is_authenticated and user.is_superuser:
        return Organization.objects.all()
    return Organization.objects.within_any(grant_paths(user, roles))


def browse_roots(user) -> list[str] | None:
    """Paths the tree page starts from; None means the real roots (superusers)."""
    if user.is_authenticated and user.is_superuser:
        return None
    return grant_paths(user)


def has_role_on(user, organization: Organization, roles: Iterable[str] = ALL_ROLES) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(tree_paths.is_within(organization.path, path) for path in grant_paths(user, roles))


def can_view(user, organization: Organization) -> bool:
    return has_role_on(user, organization)


def can_manage(user, organization: Organization) -> bool:
    """Organizers change the tree under the organization they work for."""
    return has_role_on(user, organization, [Role.ORGANIZER])


def import_scope(user) -> list[str] | None:
    """Where the user may import organizations: the paths they organize, or None for anywhere."""
    return None if user.is_superuser else grant_paths(user, [Role.ORGANIZER])


def can_import_anywhere(user) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(grant_paths(user, [Role.ORGANIZER])))


def roles_summary(user) -> list[RoleGrant]:
    return list(
        RoleGrant.objects.filter(user=user).select_related("organization").order_by("organization__path")
    )


def active_api_token(plain: str) -> ApiToken | None:
    """The unrevoked token `plain` stands for, with its active user."""
    return (
        ApiToken.objects.select_related("user")
        .filter(token_hash=tokens.token_hash(plain), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
