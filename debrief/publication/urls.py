from django.urls import path

from . import feedback_urls, notice_views, opinions_views

app_name = "publication"
urlpatterns = [
    path("", notice_views.notice, name="notice"),
    path("draft/", notice_views.draft_start, name="draft_start"),
    path("edit/", notice_views.draft_edit, name="edit"),
    path("publish/", notice_views.publish, name="publish"),
    path("correct/", notice_views.correction_start, name="correct"),
    path("v<int:version>/", notice_views.version, name="version"),
    path("v<int:version>/docx/", notice_views.version_docx, name="docx"),
    path("opinions/", opinions_views.opinions, name="opinions"),
    *feedback_urls.urlpatterns,
]
