from django.contrib import admin

from .models import Organization, Person, Post


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "org_type", "level", "status")
    list_filter = ("org_type", "level", "status")
    search_fields = ("code", "name", "short_name")
    # The tree's place is changed only through the import or the services,
    # which keep paths right; the admin edits plain attributes.
    readonly_fields = ("parent", "path", "depth", "created_at", "updated_at")

    def has_add_permission(self, request):
        return False


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "phone", "created_at")
    search_fields = ("name", "phone")


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("organization", "role", "person", "start_date", "end_date")
    list_filter = ("role",)
    search_fields = ("organization__name", "organization__code", "person__name")
    autocomplete_fields = ("organization", "person")
