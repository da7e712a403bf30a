"""The host's leaders who comment at its meetings: the list the comment form offers, kept by the
host's organizers, and which of them a logged-in leader is."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from debrief.accounts.models import Role
from debrief.lib.text import tidy
from debrief.orgs.models import Organization

from .leader_models import HostLeader
from .models import CommentRole
from .services import MeetingError


def host_leaders(organization: Organization) -> list[HostLeader]:
    return list(HostLeader.objects.filter(organization=organization))


def leader_of(user, leaders: list[HostLeader]) -> HostLeader | None:
    """The leader on the list whose login `user` is, if any."""
    if user is None or not user.is_authenticated:
        return None
    return next((leader for leader in leaders if leader.user_id == user.pk), None)


def leader_logins(organization: Organization) -> QuerySet:
    """The logins that may be linked to a leader of `organization`: those holding the leader role
    on it or on one of its superiors (a role applies to the whole subtree)."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            grants__role=Role.LEADER,
            grants__organization_id__in=[*organization.ancestor_ids(), organization.pk],
        )
        .distinct()
        .order_by("display_name", "username")
    )


@transaction.atomic
def leader_add(*, organization: Organization, name: str, post: str, role: str, user=None) -> HostLeader:
    """Put a leader on the host's list, optionally linked to their login."""
    name, post = tidy(name), tidy(post)
    if not name:
        raise MeetingError(_("Give the leader's name."))
    if not post:
        raise MeetingError(_("Give the leader's post as a comment names them, e.g. 副局长."))
    if len(name) > 64 or len(post) > 64:
        raise MeetingError(_("A leader's name and post may have at most 64 characters each."))
    if role not in CommentRole.values:
        raise MeetingError(_("Choose the role in which the leader comments."))
    leaders = HostLeader.objects.select_for_update().filter(organization=organization)
    if leaders.filter(name=name, post=post).exists():
        raise MeetingError(_("%(commenter)s is already on the list.") % {"commenter": f"{post} {name}"})
    if user is not None:
        if not leader_logins(organization).filter(pk=user.pk).exists():
            raise MeetingError(
                _(
                    "The login %(login)s holds no leader role over %(org)s; only a leader's login can be linked."
                )
                % {"login": user, "org": organization.name}
            )
        taken = leaders.filter(user=user).first()
        if taken is not None:
            raise MeetingError(
                _("The login %(login)s already belongs to %(commenter)s.")
                % {"login": user, "commenter": taken.commenter}
            )
    last = leaders.aggregate(last=Max("position"))["last"] or 0
    leader = HostLeader(
        organization=organization, name=name, post=post, role=role, user=user, position=last + 1
    )
    leader.full_clean()
    leader.save()
    return leader


@transaction.atomic
def leader_remove(*, leader: HostLeader) -> None:
    """Take a leader off the list; the comments they made keep their name and post as text."""
    leader.delete()
