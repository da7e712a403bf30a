from django.urls import path

from . import views

app_name = "conveyance"

urlpatterns = [
    path("", views.index, name="index"),
    path("organizations/<int:pk>/new/", views.record, name="record"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
]
