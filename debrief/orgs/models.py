from __future__ import annotations

import datetime

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from debrief.lib import tree_paths

CODE_PATTERN = r"^[0-9A-Za-z][0-9A-Za-z._-]*$"
code_validator = RegexValidator(
    CODE_PATTERN,
    _("A code may contain only letters, digits, “.”, “-” and “_”, and must start with a letter or digit."),
)


class OrganizationType(models.TextChoices):
    COMMITTEE = "committee", _("Party committee")
    WORKING_COMMITTEE = "working_committee", _("Working committee")
    PARTY_GROUP = "party_group", _("Party group")
    GENERAL_BRANCH = "general_branch", _("General branch")
    BRANCH = "branch", _("Branch")


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City or prefecture")
    COUNTY = "county", _("County or district")
    TOWNSHIP = "township", _("Township or street")
    VILLAGE = "village", _("Village or community")
    UNIT = "unit", _("Organ or unit")


# Territorial levels nest strictly downward; an organ or unit (a bureau, an
# enterprise, a school) may sit under any level, but only units sit under a unit.
LEVEL_RANK = {
    Level.PROVINCE: 1,
    Level.CITY: 2,
    Level.COUNTY: 3,
    Level.TOWNSHIP: 4,
    Level.VILLAGE: 5,
}


def level_fits_parent(level: str, parent_level: str) -> bool:
    if level == Level.UNIT:
        return True
    if parent_level == Level.UNIT:
        return False
    return LEVEL_RANK[level] > LEVEL_RANK[parent_level]


class OrganizationStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DISSOLVED = "dissolved", _("Dissolved")


class OrganizationQuerySet(models.QuerySet):
    def subtree_of(self, path: str, *, include_self: bool = True) -> OrganizationQuerySet:
        """Every organization under the one at `path`: an index range, never a scan."""
        lower = {"path__gte": path} if include_self else {"path__gt": path}
        return self.filter(**lower, path__lt=tree_paths.subtree_upper_bound(path))

    def within_any(self, paths: list[str]) -> OrganizationQuerySet:
        if not paths:
            return self.none()
        condition = Q()
        for path in paths:
            condition |= Q(path__gte=path, path__lt=tree_paths.subtree_upper_bound(path))
        return self.filter(condition)

    def active(self) -> OrganizationQuerySet:
        return self.filter(status=OrganizationStatus.ACTIVE)


class Organization(models.Model):
    code = models.CharField(_("code"), max_length=64, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    org_type = models.CharField(_("type"), max_length=32, choices=OrganizationType.choices)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        db_index=False,  # covered by the (parent, code) index below
    )
    path = models.CharField(max_length=tree_paths.SEGMENT_WIDTH * tree_paths.MAX_DEPTH, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False, default=1)
    status = models.CharField(
        _("status"), max_length=16, choices=OrganizationStatus.choices, default=OrganizationStatus.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["path"]
        indexes = [
            # Subtree ranges, and counts by type and status inside them, read
            # this index alone.
            models.Index(fields=["path", "org_type", "status"], name="org_subtree_idx"),
            models.Index(fields=["parent", "code"], name="org_children_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def is_active(self) -> bool:
        return self.status == OrganizationStatus.ACTIVE

    def ancestor_ids(self) -> list[int]:
        return tree_paths.ancestor_ids(self.path)

    def is_within(self, other: Organization) -> bool:
        return tree_paths.is_within(self.path, other.path)


class Person(models.Model):
    name = models.CharField(_("name"), max_length=64)
    phone = models.CharField(_("mobile phone"), max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name


class PostRole(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")


class PostQuerySet(models.QuerySet):
    def held_on(self, day: datetime.date) -> PostQuerySet:
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=day), start_date__lte=day)

    def current(self) -> PostQuerySet:
        return self.filter(end_date__isnull=True)


class Post(models.Model):
    """A person holding a post in an organization over a term."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="posts")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="posts")
    role = models.CharField(_("post"), max_length=32, choices=PostRole.choices)
    start_date = models.DateField(_("term start"))
    end_date = models.DateField(_("term end"), null=True, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["organization", "role", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="post_term_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(end_date__isnull=True, role="secretary"),
                name="one_current_secretary_per_organization",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.get_role_display()} {self.person}"
