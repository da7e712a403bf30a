from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from debrief.audit.models import Action
from debrief.audit.services import entry_record
from debrief.lib.text import tidy
from debrief.orgs.models import Organization

from . import tokens
from .errors import AccountError
from .models import ApiToken, RoleGrant, User


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


MAX_ACTIVE_TOKENS = 10


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Make a token for `user`; returns it with the token itself, which is never shown again."""
    name = tidy(name)
    if not name:
        raise AccountError(_("Name the token after where it will be used, e.g. “statistics script”."))
    if user.api_tokens.filter(revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise AccountError(
            _("You already have %(n)d active tokens; revoke one you no longer use first.")
            % {"n": MAX_ACTIVE_TOKENS}
        )
    plain = tokens.new_token()
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=plain[:12], token_hash=tokens.token_hash(plain)
    )
    entry_record(action=Action.API_TOKEN_CREATED, actor=user, obj=user, after={"token": str(token)})
    return token, plain


@transaction.atomic
def api_token_revoke(*, token: ApiToken, user: User) -> None:
    if token.user_id != user.pk:
        raise AccountError(_("This token is not yours."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        entry_record(action=Action.API_TOKEN_REVOKED, actor=user, obj=user, before={"token": str(token)})


def api_token_touch(*, token: ApiToken) -> None:
    """Note when a token was last used, at most once a minute (no write on every request)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
