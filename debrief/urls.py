from django.contrib import admin
from django.urls import include, path

from debrief.api.api import api
from debrief.campaigns import urls as campaign_urls
from debrief.home.views import home
from debrief.meetings.screen_views import screen_page, screen_state
from debrief.meetings.views import checkin_link
from debrief.reports import urls as report_urls


def superuser_only(request) -> bool:
    return request.user.is_active and request.user.is_superuser


# Requests no page sends answer 400 with what is wrong (`lib.bad_input`).
handler400 = "debrief.lib.bad_input.bad_request"

# The admin edits anything anywhere, so it is for superusers alone, not staff.
admin.site.has_permission = superuser_only

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("debrief.accounts.urls")),
    path("orgs/", include("debrief.directory.urls")),
    # The campaign's own pages and those that read its reports, under one namespace.
    path("campaigns/", include((campaign_urls.urlpatterns + report_urls.campaign_urlpatterns, "campaigns"))),
    path("campaigns/<int:pk>/evaluation/", include("debrief.evaluation.urls")),
    path("campaigns/<int:pk>/meeting/", include("debrief.meetings.urls")),
    path("campaigns/<int:pk>/publication/", include("debrief.publication.urls")),
    path("meetings/screen/<str:key>/", screen_page, name="screen"),
    path("meetings/screen/<str:key>/state/", screen_state, name="screen_state"),
    path("meetings/checkin/<str:token>/", checkin_link, name="checkin"),
    path("meetings/", include("debrief.meetings.venue_urls")),
    path("reports/", include("debrief.reports.urls")),
    path("rectification/", include("debrief.rectification.urls")),
    path("oversight/", include("debrief.oversight.urls")),
    path("plans/", include("debrief.plans.urls")),
    path("filings/", include("debrief.filings.urls")),
    path("conveyance/", include("debrief.conveyance.urls")),
    path("vote/", include("debrief.evaluation.vote_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
