"""Sub-venue addresses outside a campaign's: the venues a user runs, the organization suggestions
of the add form, and each sub-venue's screen (by its key, without a login)."""

from django.urls import path

from . import screen_views, venue_views

app_name = "venues"
urlpatterns = [
    path("venues/", venue_views.my_sub_venues, name="mine"),
    path("venues/organizations/", venue_views.organization_options, name="organization_options"),
    path("venue-screen/<str:key>/", screen_views.venue_screen_page, name="screen"),
    path("venue-screen/<str:key>/state/", screen_views.venue_screen_state, name="screen_state"),
]
