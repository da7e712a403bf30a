"""Logins and failed logins enter the trail, on the organization where the user holds a role."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from debrief.lib import clients

from .models import Action
from .services import entry_record


def _home_organization(user):
    grant = user.grants.select_related("organization").order_by("organization__path").first()
    return grant.organization if grant else None


@receiver(user_logged_in, dispatch_uid="audit-login")
def _logged_in(sender, request, user, **kwargs):
    entry_record(action=Action.LOGIN, actor=user, obj=user, organization=_home_organization(user))


@receiver(user_login_failed, dispatch_uid="audit-login-failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    user = get_user_model().objects.filter(username=username).first()
    address = clients.client_address(request) if request is not None else ""
    entry_record(
        action=Action.LOGIN_FAILED,
        obj=user,
        label=username,
        organization=_home_organization(user) if user else None,
        after={"username": username, "address": address},
    )
