"""The feedback sheets and interviews of a campaign, under campaigns/<pk>/publication/ (namespace
"publication", with the results notice's pages)."""

from django.urls import path

from . import feedback_views, interview_views

urlpatterns = [
    path("feedback/", feedback_views.feedback_list, name="feedback_list"),
    path("feedback/<int:reporter_id>/", feedback_views.feedback_sheet, name="feedback"),
    path("feedback/<int:reporter_id>/pdf/", feedback_views.feedback_pdf, name="feedback_pdf"),
    path("feedback/<int:reporter_id>/interviews/", interview_views.interview_add, name="interview_add"),
    path(
        "feedback/<int:reporter_id>/interviews/<int:interview_id>/",
        interview_views.interview_edit,
        name="interview_edit",
    ),
]
