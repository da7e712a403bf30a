from django.urls import path

from . import entry_views, result_views, views

app_name = "evaluation"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("turnout/", views.turnout, name="turnout"),
    path("setup/", views.setup, name="setup"),
    path("setup/save-scheme/", views.scheme_save, name="scheme_save"),
    path("setup/apply-scheme/", views.scheme_apply, name="scheme_apply"),
    path("codes/", views.codes, name="codes"),
    path("codes/void/", views.code_void, name="code_void"),
    path("open/", views.voting_open, name="open"),
    path("close/", views.voting_close, name="close"),
    path("paper/<int:category_id>/", entry_views.paper, name="paper"),
    path("routine/", entry_views.routine, name="routine"),
    path("routine/template.xlsx", entry_views.routine_template, name="routine_template"),
    path("results/", result_views.results, name="results"),
    path("results/<int:reporter_id>/", result_views.results_sheet, name="sheet"),
    path("results.xlsx", result_views.results_xlsx, name="results_xlsx"),
    path("results/recount/", result_views.recount, name="recount"),
]
