"""Writes to the organization tree and its posts.

Every change of an organization's place in the tree goes through
organization_create / organization_move, which keep `path` and `depth` right.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F, Max, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from debrief.lib import tree_paths
from debrief.lib.errors import DomainError

from .models import (
    Level,
    Organization,
    OrganizationStatus,
    Person,
    Post,
    PostRole,
    level_fits_parent,
)


class TreeError(DomainError):
    """A change that would break the tree; the message is for the user."""


def _check_level(level: str, parent: Organization | None) -> None:
    if parent is not None and not level_fits_parent(level, parent.level):
        raise TreeError(
            _(
                "An organization of level “%(level)s” cannot sit under “%(parent)s” (level “%(parent_level)s”)."
            )
            % {
                "level": Level(level).label,
                "parent": parent.name,
                "parent_level": Level(parent.level).label,
            }
        )


@transaction.atomic
def organization_create(
    *,
    code: str,
    name: str,
    org_type: str,
    level: str,
    parent: Organization | None = None,
    short_name: str = "",
    status: str = OrganizationStatus.ACTIVE,
) -> Organization:
    _check_level(level, parent)
    if parent is not None and parent.depth >= tree_paths.MAX_DEPTH:
        raise TreeError(
            _("The tree cannot be deeper than %(depth)d levels.") % {"depth": tree_paths.MAX_DEPTH}
        )
    organization = Organization(
        code=code,
        name=name,
        short_name=short_name,
        org_type=org_type,
        level=level,
        parent=parent,
        status=status,
    )
    organization.full_clean(exclude=["path", "depth"])
    organization.save()
    # The path ends with the node's own id, known only after the insert.
    organization.path = tree_paths.child_path(parent.path if parent else "", organization.pk)
    organization.depth = tree_paths.depth_of(organization.path)
    organization.save(update_fields=["path", "depth"])
    return organization


EDITABLE_FIELDS = ("name", "short_name", "org_type", "level", "status")


def organization_update(
    *, organization: Organization, check_subordinates: bool = True, **values: str
) -> bool:
    """Change the plain attributes; return whether anything changed.

    An import that has validated its whole planned tree passes
    check_subordinates=False, since its own rows may re-level the subordinates.
    """
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    changed = [name for name, value in values.items() if getattr(organization, name) != value]
    if not changed:
        return False
    if "level" in changed:
        _check_level(values["level"], organization.parent)
        for child in organization.children.all() if check_subordinates else ():
            if not level_fits_parent(child.level, values["level"]):
                raise TreeError(
                    _("“%(child)s” (level “%(child_level)s”) could no longer sit under this organization.")
                    % {"child": child.name, "child_level": Level(child.level).label}
                )
    for name in changed:
        setattr(organization, name, values[name])
    organization.full_clean(exclude=["path", "depth", "parent"])
    organization.save(update_fields=[*changed, "updated_at"])  # one statement: atomic by itself
    return True


@transaction.atomic
def organization_move(
    *, organization: Organization, new_parent: Organization | None, level: str | None = None
) -> None:
    """Put an organization, with its whole subtree, under another parent (at a new level if given)."""
    if (new_parent.pk if new_parent else None) == organization.parent_id:
        return
    if new_parent is not None and new_parent.is_within(organization):
        raise TreeError(
            _("“%(org)s” cannot be moved under “%(parent)s”, which is inside it.")
            % {"org": organization.name, "parent": new_parent.name}
        )
    level = level or organization.level
    _check_level(level, new_parent)
    old_path = organization.path
    new_path = tree_paths.child_path(new_parent.path if new_parent else "", organization.pk)
    delta = tree_paths.depth_of(new_path) - tree_paths.depth_of(old_path)
    subtree = Organization.objects.subtree_of(old_path)
    if delta > 0:
        deepest = subtree.aggregate(deepest=Max("depth"))["deepest"]
        if deepest + delta > tree_paths.MAX_DEPTH:
            raise TreeError(
                _("The tree cannot be deeper than %(depth)d levels.") % {"depth": tree_paths.MAX_DEPTH}
            )
    Organization.objects.filter(pk=organization.pk).update(parent=new_parent, level=level)
    subtree.update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + delta,
    )
    organization.refresh_from_db()


@transaction.atomic
def person_create(*, name: str, phone: str = "") -> Person:
    person = Person(name=name.strip(), phone=phone.strip())
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def post_appoint(*, organization: Organization, person: Person, role: str, start_date: datetime.date) -> Post:
    """Appoint a person; a new secretary ends the current secretary's term the day before."""
    if role == PostRole.SECRETARY:
        current = (
            Post.objects.select_for_update()
            .filter(organization=organization, role=role, end_date__isnull=True)
            .first()
        )
        if current is not None:
            if current.person_id == person.pk:
                return current
            if current.start_date >= start_date:
                raise TreeError(
                    _(
                        "The new secretary's term must start after %(date)s, when the current "
                        "secretary %(name)s took office."
                    )
                    % {"date": current.start_date.isoformat(), "name": current.person.name}
                )
            current.end_date = start_date - datetime.timedelta(days=1)
            current.save(update_fields=["end_date"])
    post = Post(organization=organization, person=person, role=role, start_date=start_date)
    post.full_clean()
    post.save()
    return post


@transaction.atomic
def post_end(*, post: Post, end_date: datetime.date) -> Post:
    post.end_date = end_date
    post.full_clean()
    post.save(update_fields=["end_date"])
    return post
