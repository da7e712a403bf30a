"""The host's leaders who comment at its meetings, each in the capacity they comment in."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from debrief.orgs.models import Organization

from .models import CommentRole


class HostLeader(models.Model):
    """A leader of the host organization offered on the comment form, year after year until
    removed. Comments keep the name and post as text, so removing a leader changes no comment."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="meeting_leaders")
    name = models.CharField(_("name"), max_length=64)
    post = models.CharField(_("post"), max_length=64, help_text=_("As a comment names them, e.g. 副局长."))
    role = models.CharField(_("role"), max_length=16, choices=CommentRole.choices)
    # Their own login, so the comment form names them when they record a comment themselves.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("host leader")
        verbose_name_plural = _("host leaders")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "post", "name"], name="one_leader_per_post_and_name"
            ),
            models.UniqueConstraint(
                fields=["organization", "user"],
                condition=models.Q(user__isnull=False),
                name="one_leader_per_login",
            ),
        ]

    def __str__(self) -> str:
        return self.commenter

    @property
    def commenter(self) -> str:
        """How a comment names them: post and name, e.g. “副局长 王建国”."""
        return f"{self.post} {self.name}".strip()
