from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("<int:reporter_id>/", views.report_detail, name="detail"),
    path("<int:reporter_id>/edit/", views.report_edit, name="edit"),
    path("<int:reporter_id>/submit/", views.report_submit, name="submit"),
    path("<int:reporter_id>/review/", views.report_review, name="review"),
    path("<int:reporter_id>/compare/", views.compare, name="compare"),
    path("<int:reporter_id>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("<int:reporter_id>/report.docx", views.report_docx, name="docx"),
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("attachments/<int:attachment_id>/remove/", views.attachment_remove, name="attachment_remove"),
]
