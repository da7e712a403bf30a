"""Reads over the organization tree that are more than a filter."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from .models import Organization, OrganizationQuerySet, Post, PostRole

SEARCH_LIMIT = 50


def children_of(organization: Organization) -> QuerySet[Organization]:
    """Direct subordinates, each marked with whether it has subordinates itself."""
    has_children = Organization.objects.filter(parent=OuterRef("pk"))
    return (
        Organization.objects.filter(parent=organization)
        .annotate(has_children=Exists(has_children))
        .order_by("code")
    )


def roots_within(paths: list[str]) -> QuerySet[Organization]:
    """The top nodes a user may browse from: the organizations at the given paths."""
    has_children = Organization.objects.filter(parent=OuterRef("pk"))
    return (
        Organization.objects.filter(path__in=paths)
        .annotate(has_children=Exists(has_children))
        .order_by("path")
    )


def ancestors_of(organization: Organization) -> list[Organization]:
    ids = organization.ancestor_ids()
    by_id = Organization.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def subtree_counts_by_type(organization: Organization) -> dict[str, int]:
    """Active organizations of each type in the subtree, the node itself excluded."""
    rows = (
        Organization.objects.subtree_of(organization.path, include_self=False)
        .active()
        .values("org_type")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["org_type"]: row["n"] for row in rows}


def search_organizations(
    base: OrganizationQuerySet, query: str, *, limit: int = SEARCH_LIMIT
) -> list[Organization]:
    """Name or short name containing the text, or code starting with it; codes first."""
    query = query.strip()
    if not query:
        return []
    matches = base.filter(
        Q(code__istartswith=query) | Q(name__icontains=query) | Q(short_name__icontains=query)
    ).order_by("path")
    return list(matches[:limit])


def secretary_on(organization: Organization, day: datetime.date) -> Post | None:
    """The secretary of an organization on a given day, if the post was filled."""
    return (
        Post.objects.held_on(day)
        .filter(organization=organization, role=PostRole.SECRETARY)
        .select_related("person")
        .order_by("-start_date")
        .first()
    )


def secretaries_on(organizations: Iterable[Organization], day: datetime.date) -> dict[int, Post]:
    """Secretary posts on a day for many organizations in one query, keyed by organization id."""
    ids = [org.pk for org in organizations]
    posts = (
        Post.objects.held_on(day)
        .filter(organization_id__in=ids, role=PostRole.SECRETARY)
        .select_related("person")
        .order_by("organization_id", "start_date")
    )
    return {post.organization_id: post for post in posts}


def post_history(organization: Organization) -> QuerySet[Post]:
    return (
        Post.objects.filter(organization=organization)
        .select_related("person")
        .order_by("-start_date", "role")
    )
