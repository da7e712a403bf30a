from django.contrib import admin

from .models import Campaign, CampaignTransition, KeyIndicator, Reporter


class ArchivedReadOnly:
    """An archived campaign, and everything in it, cannot be changed here either."""

    def campaign_of(self, obj):
        return obj.campaign if obj is not None else None

    def _archived(self, obj) -> bool:
        campaign = self.campaign_of(obj)
        return campaign is not None and campaign.is_archived

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._archived(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._archived(obj)


class ReporterInline(ArchivedReadOnly, admin.TabularInline):
    model = Reporter
    extra = 0
    autocomplete_fields = ("organization", "person")

    def campaign_of(self, obj):
        return obj  # inlines are asked with the parent campaign

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._archived(obj)


class TransitionInline(admin.TabularInline):
    model = CampaignTransition
    extra = 0
    can_delete = False
    readonly_fields = ("from_state", "to_state", "actor", "at", "reason")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Campaign)
class CampaignAdmin(ArchivedReadOnly, admin.ModelAdmin):
    list_display = ("title", "host", "year", "state", "meeting_date")
    list_filter = ("state", "year")
    search_fields = ("title", "host__name", "host__code")
    # State changes go through the campaign page, which checks and records them.
    readonly_fields = ("host", "state", "created_at", "created_by")
    inlines = [ReporterInline, TransitionInline]
    actions = None

    def campaign_of(self, obj):
        return obj


@admin.register(KeyIndicator)
class KeyIndicatorAdmin(ArchivedReadOnly, admin.ModelAdmin):
    list_display = ("name", "unit", "campaign")
    search_fields = ("name",)
    actions = None
