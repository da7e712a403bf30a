from django.urls import path

from . import ledger_views, views

app_name = "rectification"

urlpatterns = [
    path("", ledger_views.ledger, name="ledger"),
    path("ledger.xlsx", ledger_views.ledger_xlsx, name="ledger_xlsx"),
    path("organizations/", ledger_views.organization_options, name="organization_options"),
    path("campaigns/", ledger_views.campaign_options, name="campaign_options"),
    path("new/", views.item_new, name="item_new"),
    path("campaigns/<int:pk>/add-from/", views.add_from, name="add_from"),
    path("campaigns/<int:pk>/carry-over/", views.carry_over, name="carry_over"),
    path("from-comment/<int:problem_id>/", views.from_comment, name="from_comment"),
    path("<int:pk>/", views.item, name="item"),
    path("<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/verify/", views.verify, name="verify"),
    path("<int:pk>/break-down/", views.break_down, name="break_down"),
    path("<int:pk>/measures/<int:measure_id>/", views.measure_mark, name="measure"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
]
