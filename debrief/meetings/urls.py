from django.urls import path

from . import comment_views, leader_views, screen_views, venue_views, views

app_name = "meetings"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("closing-speech/", views.closing_speech, name="closing_speech"),
    path("agenda/", views.agenda, name="agenda"),
    path("agenda/order/", views.agenda_order, name="agenda_order"),
    path("agenda/<int:item_id>/", views.agenda_item, name="agenda_item"),
    path("attendees/", views.attendees, name="attendees"),
    path("attendees/<int:attendee_id>/", views.attendee_change, name="attendee_change"),
    path("attendees/import/", views.attendees_import, name="attendees_import"),
    path("attendees/template.xlsx", views.attendees_template, name="attendees_template"),
    path("attendees/cards/", views.attendee_cards, name="attendee_cards"),
    path("attendance/", views.attendance_summary, name="attendance"),
    path("checkin/", views.checkin_desk, name="checkin"),
    path("checkin/<int:attendee_id>/undo/", views.checkin_undo, name="checkin_undo"),
    path("venues/", venue_views.sub_venues, name="sub_venues"),
    path("venues/<int:venue_id>/", venue_views.sub_venue_page, name="sub_venue"),
    path("venues/<int:venue_id>/remove/", venue_views.sub_venue_remove, name="sub_venue_remove"),
    path("control/", screen_views.control, name="control"),
    path("control/action/", screen_views.control_action, name="control_action"),
    path("comments/", comment_views.comments, name="comments"),
    path("comments/leaders/", leader_views.leaders, name="leaders"),
    path("comments/leaders/<int:leader_id>/remove/", leader_views.leader_remove, name="leader_remove"),
    path("comments/<int:reporter_id>/", comment_views.reporter_comments, name="reporter_comments"),
    path("comments/<int:reporter_id>/<int:comment_id>/", comment_views.comment_edit, name="comment_edit"),
    path("comments/<int:reporter_id>/questions/", comment_views.question_add, name="question_add"),
    path(
        "comments/<int:reporter_id>/questions/<int:question_id>/remove/",
        comment_views.question_remove,
        name="question_remove",
    ),
    path("minutes.docx", comment_views.minutes_docx, name="minutes_docx"),
]
