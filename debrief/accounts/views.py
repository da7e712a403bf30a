from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from debrief.lib.errors import DomainError

from . import services
from .forms import ApiTokenForm, LoginForm
from .models import ApiToken


def locked_out(request, response, credentials):
    """What a paused login attempt sees (django-axes calls this): why, and for how long."""
    return render(
        request,
        "accounts/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
        status=429,
    )


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.cleaned_data.get("remember_me"):
            # A fixed age outlives the browser; otherwise the session ends when it closes.
            self.request.session.set_expiry(settings.SESSION_COOKIE_AGE)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:settings")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


@login_required
def account_settings(request):
    """The user's own settings: the password, and personal API tokens (made, listed, revoked)."""
    form = ApiTokenForm(request.POST or None)
    made = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, made = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
        except DomainError as error:
            form.add_error("name", str(error))
        else:
            form = ApiTokenForm()
    return render(
        request,
        "accounts/settings.html",
        {"form": form, "made": made, "tokens": request.user.api_tokens.all()},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def api_token_revoke(request, token_id: int):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    services.api_token_revoke(token=token, user=request.user)
    messages.success(
        request,
        _("The token “%(name)s” is revoked; programs using it are refused from now on.")
        % {"name": token.name},
    )
    return redirect("accounts:settings")
