from django.urls import path

from . import start_views, views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/publish/", views.plan_publish, name="publish"),
    path("<int:pk>/delete/", views.plan_delete, name="delete"),
    path("<int:pk>/notice.docx", views.plan_docx, name="docx"),
    path("<int:pk>/progress/", start_views.plan_progress, name="progress"),
    path("<int:pk>/start/<int:host_id>/", start_views.plan_start, name="start"),
    path("<int:pk>/link/<int:campaign_id>/", start_views.plan_link, name="link"),
]
