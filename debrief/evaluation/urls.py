from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("turnout/", views.turnout, name="turnout"),
    path("setup/", views.setup, name="setup"),
    path("setup/save-scheme/", views.scheme_save, name="scheme_save"),
    path("setup/apply-scheme/", views.scheme_apply, name="scheme_apply"),
    path("codes/", views.codes, name="codes"),
    path("open/", views.voting_open, name="open"),
    path("close/", views.voting_close, name="close"),
    path("paper/<int:category_id>/", views.paper, name="paper"),
    path("routine/", views.routine, name="routine"),
    path("routine/template.xlsx", views.routine_template, name="routine_template"),
    path("results/", views.results, name="results"),
    path("results/<int:reporter_id>/", views.results_sheet, name="sheet"),
    path("results.xlsx", views.results_xlsx, name="results_xlsx"),
]
