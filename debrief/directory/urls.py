from django.urls import path, re_path

from . import views

app_name = "directory"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("import/", views.import_view, name="import"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    re_path(r"^import/template\.(?P<fmt>xlsx|csv)$", views.import_template_download, name="import_template"),
    path("<str:code>/children/", views.children, name="children"),
    path("<str:code>/", views.detail, name="detail"),
]
