from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from debrief.orgs.models import Organization, Person


class User(AbstractUser):
    display_name = models.CharField(_("display name"), max_length=64, blank=True)
    person = models.OneToOneField(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
        help_text=_("The person this account belongs to, for secretaries and leaders."),
    )

    def __str__(self) -> str:
        return self.display_name or self.username


class Role(models.TextChoices):
    ORGANIZER = "organizer", _("Organizer")
    LEADER = "leader", _("Leader")
    REPORTER = "reporter", _("Reporter")
    OBSERVER = "observer", _("Observer")


class RoleGrant(models.Model):
    """A role held on an organization; it applies to the organization's whole subtree."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="one_grant_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization}"
