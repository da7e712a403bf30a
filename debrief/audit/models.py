"""The audit trail: an append-only chain of who changed what, when, from what to what.

Each entry carries the hash of the one before it, so an entry changed or removed
afterwards breaks the chain at that place (`selectors.chain_check`, the
`verify_audit` command). Ballots are never recorded here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from debrief.orgs.models import Organization

# The hash the first entry links to.
GENESIS = "0" * 64


class Action(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed login")
    ROLE_GRANTED = "role_granted", _("Role granted")
    ROLE_REVOKED = "role_revoked", _("Role revoked")
    API_TOKEN_CREATED = "api_token_created", _("API token made")
    API_TOKEN_REVOKED = "api_token_revoked", _("API token revoked")
    ORGANIZATIONS_IMPORTED = "organizations_imported", _("Organizations imported")
    CAMPAIGN_OPENED = "campaign_opened", _("Campaign opened")
    CAMPAIGN_EDITED = "campaign_edited", _("Campaign edited")
    CAMPAIGN_ADVANCED = "campaign_advanced", _("Campaign moved to its next step")
    REPORTERS_CHANGED = "reporters_changed", _("Reporters changed")
    REPORT_REVIEWED = "report_reviewed", _("Report submitted, returned or accepted")
    AGENDA_CHANGED = "agenda_changed", _("Agenda changed")
    ATTENDEES_CHANGED = "attendees_changed", _("Attendees changed")
    COMMENT_CHANGED = "comment_changed", _("Comment recorded, edited or deleted")
    CLOSING_SPEECH_CHANGED = "closing_speech_changed", _("Closing speech points recorded or changed")
    SUB_VENUE_CHANGED = "sub_venue_changed", _("Sub-venue added or removed, or its attendance recorded")
    SCHEME_CHANGED = "scheme_changed", _("Evaluation scheme changed")
    EVALUATION_OPENED = "evaluation_opened", _("Evaluation opened")
    EVALUATION_CLOSED = "evaluation_closed", _("Evaluation closed")
    EVALUATION_RECOUNTED = "evaluation_recounted", _("Evaluation recounted")
    BALLOT_CODE_VOIDED = "ballot_code_voided", _("Ballot code of a lost slip voided")
    HOST_EXEMPTED = "host_exempted", _("Host exempted from the year's campaign")
    HOST_EXEMPTION_REMOVED = "host_exemption_removed", _("Host exemption lifted")
    ROUTINE_SCORES_CHANGED = "routine_scores_changed", _("Routine assessment scores changed")
    LEDGER_ITEM_CHANGED = "ledger_item_changed", _("Ledger item status changed")
    NOTICE_DRAFTED = "notice_drafted", _("Results notice drafted")
    NOTICE_EDITED = "notice_edited", _("Results notice edited")
    NOTICE_PUBLISHED = "notice_published", _("Results notice published")
    OPINION_CHANGED = "opinion_changed", _("Assessment opinion written or changed")
    INTERVIEW_CHANGED = "interview_changed", _("Interview recorded, edited or removed")
    MATERIAL_FILED = "material_filed", _("Material filed with the superior")
    CONVEYANCE_RECORDED = "conveyance_recorded", _("Conveyance of a superior's meeting recorded or edited")
    PLAN_CHANGED = "plan_changed", _("Work plan drafted or changed")
    PLAN_PUBLISHED = "plan_published", _("Work plan published")
    PLAN_ADOPTED = "plan_adopted", _("Campaign started from a work plan")


class Head(models.Model):
    """The end of the chain, one row; appending locks it, so entries are numbered one by one."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS)

    def __str__(self) -> str:
        return f"audit trail head at entry {self.seq}"


class Entry(models.Model):
    seq = models.PositiveBigIntegerField(_("no."), unique=True)
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as written, so the entry still says who after the account is gone (and for the hash).
    actor_name = models.CharField(_("by"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(_("object"), max_length=300, blank=True)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The organization's path when recorded: organizers read the entries of their subtree.
    organization_path = models.CharField(max_length=255, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["organization_path", "seq"], name="audit_subtree_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_label}"
