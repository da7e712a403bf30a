from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import selectors


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
def home(request):
    from debrief.reports.selectors import own_report_rows

    return render(
        request,
        "accounts/home.html",
        {"grants": selectors.roles_summary(request.user), "own_reports": own_report_rows(request.user)},
    )
