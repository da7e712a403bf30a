from django.urls import path

from . import dashboard_views, history_views, views

app_name = "oversight"
urlpatterns = [
    path("", dashboard_views.dashboard_start, name="start"),
    path("audit/", views.audit_trail, name="audit"),
    path("hosts/", dashboard_views.host_options, name="host_options"),
    path("history/<str:code>/", history_views.organization_history, name="history"),
    path("<str:code>/", dashboard_views.dashboard_latest, name="latest"),
    path("<str:code>/<int:year>/", dashboard_views.dashboard, name="dashboard"),
    path("<str:code>/<int:year>/dashboard.xlsx", dashboard_views.dashboard_xlsx, name="dashboard_xlsx"),
    path("<str:code>/<int:year>/exempt/", dashboard_views.exempt, name="exempt"),
    path("exemptions/<int:pk>/remove/", dashboard_views.exemption_remove, name="exemption_remove"),
]
