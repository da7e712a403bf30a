from django.contrib import admin

from debrief.campaigns.admin import ArchivedReadOnly

from .models import Report


@admin.register(Report)
class ReportAdmin(ArchivedReadOnly, admin.ModelAdmin):
    list_display = ("reporter", "state", "updated_at")
    list_filter = ("state",)
    search_fields = ("reporter__organization__name", "reporter__person__name")
    # The workflow (submit, return, accept) runs on the report page, which keeps versions.
    readonly_fields = ("reporter", "state", "updated_at", "updated_by")
    actions = None

    def campaign_of(self, obj):
        return obj.reporter.campaign if obj is not None else None
