"""The debriefing meeting: its agenda, attendees and check-in, the big screen, comments and questions,
and the points of its closing speech."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from debrief.campaigns.models import Campaign, Reporter

DEFAULT_REPORT_MINUTES = 8


def new_token() -> str:
    return secrets.token_urlsafe(16)


class Meeting(models.Model):
    """The session where on-site reports are heard and comments made; one per campaign."""

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="meeting")
    starts_at = models.DateTimeField(_("date and time"))
    venue = models.CharField(_("venue"), max_length=200)
    presided_by = models.CharField(
        _("presided by"), max_length=200, help_text=_("Name and post, e.g. “局党组专职副书记 马平科”.")
    )
    guidance = models.CharField(
        _("attending for guidance"),
        max_length=300,
        blank=True,
        help_text=_("E.g. the superior organization department’s comrades."),
    )
    report_minutes = models.PositiveSmallIntegerField(
        _("minutes per on-site report"), default=DEFAULT_REPORT_MINUTES
    )
    # The big screen opens by this key alone, so the projector's computer needs no login.
    screen_key = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    current_item = models.ForeignKey(
        "AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The timer of the current item: seconds run before the present run, and when the present run began.
    timer_elapsed = models.PositiveIntegerField(default=0)
    timer_started_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every change the screen shows, so a screen asks "anything new since version n?".
    screen_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.campaign} · {self.venue}"


class AgendaKind(models.TextChoices):
    OPENING = "opening", _("Opening")
    REPORT = "report", _("On-site report")
    WRITTEN_REPORTS = "written", _("Written reports")
    COMMENTS = "comments", _("Comments")
    EVALUATION = "evaluation", _("Democratic evaluation")
    CLOSING_SPEECH = "closing", _("Closing speech")
    OTHER = "other", _("Other item")


class AgendaItem(models.Model):
    """One item of the meeting; an on-site report item belongs to its reporter."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(_("kind"), max_length=16, choices=AgendaKind.choices)
    # Blank means the kind's own name (or the reporter's), in the reader's language.
    title = models.CharField(_("title"), max_length=200, blank=True)
    reporter = models.ForeignKey(Reporter, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    time_limit_minutes = models.PositiveSmallIntegerField(_("time limit (minutes)"), null=True, blank=True)
    # The time the item actually took, kept when the screen moves on.
    spoken_seconds = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "reporter"],
                condition=models.Q(reporter__isnull=False),
                name="one_agenda_item_per_reporter",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="report", reporter__isnull=False)
                | (~models.Q(kind="report") & models.Q(reporter__isnull=True)),
                name="report_items_have_a_reporter",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()

    @property
    def is_report(self) -> bool:
        return self.kind == AgendaKind.REPORT


class CheckInMethod(models.TextChoices):
    QR = "qr", _("QR code")
    SEARCH = "search", _("Name search")


class Attendee(models.Model):
    """A person invited to the meeting. Nothing here links to a ballot code or a ballot."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("name"), max_length=64)
    unit = models.CharField(_("unit and post"), max_length=200, blank=True)
    # The evaluator category they vote in; blank for those who attend without evaluating.
    category = models.CharField(_("evaluator category"), max_length=64, blank=True)
    position = models.PositiveIntegerField(default=0)
    checkin_token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checkin_method = models.CharField(max_length=8, choices=CheckInMethod.choices, blank=True)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_present(self) -> bool:
        return self.checked_in_at is not None


class CommentRole(models.TextChoices):
    PRINCIPAL_LEADER = "principal", _("Principal leader")
    LEADER_IN_CHARGE = "in_charge", _("Leader in charge (one post, two responsibilities)")
    DISCIPLINE_INSPECTION = "discipline", _("Discipline inspection (supervision responsibility)")
    STANDING_COMMITTEE = "standing", _("Standing committee member")
    ORGANIZATION_DEPARTMENT = "org_dept", _("Superior organization department")


class Comment(models.Model):
    """A leader's remarks on one reporter: achievements, problems (as items) and requirements."""

    reporter = models.ForeignKey(Reporter, on_delete=models.CASCADE, related_name="comments")
    role = models.CharField(_("role"), max_length=16, choices=CommentRole.choices)
    commenter = models.CharField(
        _("commenter"), max_length=100, help_text=_("Name and post, e.g. “副局长 王建国”.")
    )
    achievements = models.TextField(_("achievements"), blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set by `commenting.comment_save`, which may be told when the comment was made.
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    # Who last edited it (None: never edited); the earlier texts are its `CommentChange` rows.
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.commenter} → {self.reporter}"

    def content(self) -> dict:
        """What the comment says, as kept in its history."""
        return {
            "role": self.role,
            "commenter": self.commenter,
            "achievements": self.achievements,
            "problems": [problem.text for problem in self.problems.all()],
            "requirements": self.requirements,
        }


class CommentChangeKind(models.TextChoices):
    EDITED = "edited", _("Edited")
    DELETED = "deleted", _("Deleted")


class CommentChangeQuerySet(models.QuerySet):
    def deletions(self) -> CommentChangeQuerySet:
        return self.filter(kind=CommentChangeKind.DELETED).select_related(
            "changed_by", "reporter__organization"
        )


class CommentChange(models.Model):
    """A comment as it was before someone edited or deleted it, with who did and when."""

    reporter = models.ForeignKey(Reporter, on_delete=models.CASCADE, related_name="comment_changes")
    comment = models.ForeignKey(  # None once the comment is deleted; `before` keeps what it said
        Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    kind = models.CharField(max_length=8, choices=CommentChangeKind.choices)
    before = models.JSONField()  # `Comment.content()` just before the change
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    objects = CommentChangeQuerySet.as_manager()

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.before.get('commenter', '')} → {self.reporter}: {self.kind}"

    @property
    def role_label(self) -> str:
        return CommentRole(self.before["role"]).label


class CommentProblem(models.Model):
    """One problem a comment points out; the rectification ledger picks these up one by one."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="problems")
    position = models.PositiveSmallIntegerField()
    text = models.TextField(_("problem"))

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class ClosingPointKind(models.TextChoices):
    """What the closing speech did with a point, in the order the minutes give them."""

    POINTED_OUT = "pointed_out", _("The meeting pointed out")
    REQUIRED = "required", _("The meeting required")
    STRESSED = "stressed", _("The meeting stressed")


class ClosingPoint(models.Model):
    """One point of the closing speech (会议指出 / 要求 / 强调), numbered within its kind."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="closing_points")
    kind = models.CharField(max_length=16, choices=ClosingPointKind.choices)
    position = models.PositiveSmallIntegerField()
    text = models.TextField(_("point"))

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:40]


class Question(models.Model):
    """A question put to a reporter after the report, and the answer given."""

    reporter = models.ForeignKey(Reporter, on_delete=models.CASCADE, related_name="questions")
    asked_by = models.CharField(_("asked by"), max_length=100)
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)  # set by `question_save`

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return self.question[:40]


# Sub-venues and the host's leaders live in modules of their own; importing them here registers them.
from .leader_models import HostLeader  # noqa: E402, F401
from .venue_models import SubVenue, VenueAttendance  # noqa: E402, F401
