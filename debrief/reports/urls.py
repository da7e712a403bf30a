from django.urls import path

from . import campaign_views, views

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

# A campaign's pages that read its reports; debrief/urls.py serves them as `campaigns:`.
campaign_urlpatterns = [
    path("<int:pk>/", campaign_views.campaign_detail, name="detail"),
    path("<int:pk>/indicators/", campaign_views.indicators, name="indicators"),
    path(
        "<int:pk>/indicators/<int:indicator_id>/remove/",
        campaign_views.indicator_remove,
        name="indicator_remove",
    ),
    path("<int:pk>/similarity/", campaign_views.similarity_page, name="similarity"),
    path("<int:pk>/similarity/status/", campaign_views.similarity_status, name="similarity_status"),
    path(
        "<int:pk>/similarity/<int:reporter_id>/with/<int:other_id>/",
        campaign_views.side_by_side_page,
        name="side_by_side",
    ),
    path("<int:pk>/volume.docx", campaign_views.volume_docx, name="volume_docx"),
    path("<int:pk>/volume/", campaign_views.volume_status, name="volume_status"),
]
