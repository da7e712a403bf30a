from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("open/", views.campaign_open, name="open"),
    path("hosts/", views.host_options, name="host_options"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("<int:pk>/advance/", views.campaign_advance, name="advance"),
    path("<int:pk>/reporters/", views.reporters, name="reporters"),
    path("<int:pk>/reporters/<int:reporter_id>/", views.reporter_change, name="reporter_change"),
]
