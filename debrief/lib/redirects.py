"""Going back to where a form came from, only within this site."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, fallback: str) -> str:
    """The form's `next` when it is a path on this site, else `fallback`. A bare word is refused
    too: `redirect()` would take it for a view name (and fail), and a crafted form could
    otherwise send the user to another site."""
    target = request.POST.get("next", "") or request.GET.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
