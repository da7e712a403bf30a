from django.contrib import admin
from django.urls import include, path

from debrief.accounts.views import home
from debrief.api.api import api


def superuser_only(request) -> bool:
    return request.user.is_active and request.user.is_superuser


# The admin edits anything anywhere, so it is for superusers alone, not staff.
admin.site.has_permission = superuser_only

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("debrief.accounts.urls")),
    path("orgs/", include("debrief.orgs.urls")),
    path("campaigns/", include("debrief.campaigns.urls")),
    path("campaigns/<int:pk>/evaluation/", include("debrief.evaluation.urls")),
    path("reports/", include("debrief.reports.urls")),
    path("vote/", include("debrief.evaluation.vote_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
