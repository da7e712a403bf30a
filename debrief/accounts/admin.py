from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["organization"]
    readonly_fields = ["granted_at", "granted_by"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (None, {"fields": ("display_name", "person")}))
    list_display = ("username", "display_name", "is_active", "is_superuser", "last_login")
    search_fields = ("username", "display_name")
    autocomplete_fields = ["person"]
    inlines = [RoleGrantInline]
