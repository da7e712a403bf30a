from django.urls import path

from . import vote_views

app_name = "vote"
urlpatterns = [
    path("", vote_views.enter_code, name="enter"),
    path("ballot/", vote_views.submit_ballot, name="submit"),
    path("receipts/<str:public_key>/", vote_views.receipts, name="receipts"),
]
