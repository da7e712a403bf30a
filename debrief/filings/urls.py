from django.urls import path

from . import views

app_name = "filings"

urlpatterns = [
    path("", views.start, name="start"),
    path("campaigns/<int:pk>/", views.campaign_filings, name="campaign"),
    path("campaigns/<int:pk>/lists.xlsx", views.lists_xlsx, name="lists_xlsx"),
    path("campaigns/<int:pk>/<str:kind>/", views.snapshot, name="snapshot"),
    path("campaigns/<int:pk>/<str:kind>/file/", views.file, name="file"),
    path("<str:code>/<int:year>/", views.superior, name="superior"),
]
