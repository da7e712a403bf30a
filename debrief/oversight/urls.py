from django.urls import path

from . import history_views, views

app_name = "oversight"
urlpatterns = [
    path("audit/", views.audit_trail, name="audit"),
    path("history/<str:code>/", history_views.organization_history, name="history"),
]
