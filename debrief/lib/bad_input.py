"""Requests no form of the site sends: a 400 that says what is wrong, never a server error.

A NUL character is refused in every query string, form field and path (PostgreSQL cannot store
it, and no page or API field has a use for it); an id posted by a page must be a number.
"""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.http import HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


class BadInput(BadRequest):
    """A request refused with a message for the user (Django answers BadRequest with 400)."""


def id_from(value: str | None) -> int:
    """An object's id as a page sends it (a form field, a query parameter); else `BadInput`."""
    text = (value or "").strip()
    if not (text.isascii() and text.isdecimal() and len(text) <= 18):  # 18 digits fit any database
        message = _("“%(value)s” is not an id the page could have sent; reload the page and retry.")
        raise BadInput(message % {"value": text[:40]})
    return int(text)


def _has_nul(request) -> bool:
    if "\x00" in request.path:
        return True
    for data in (request.GET, request.POST) if request.method == "POST" else (request.GET,):
        for key, values in data.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
    return False


def bad_input_response(request, message: str):
    """The 400 answer: JSON with `detail` for the API, a page for the rest."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": message}, status=400)
    return HttpResponseBadRequest(render_to_string("400.html", {"message": message}, request))


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            message = _("The request holds a NUL character, which no text may contain; remove it and retry.")
            return bad_input_response(request, message)
        return self.get_response(request)


def bad_request(request, exception):
    """handler400: the message of a `BadInput`; Django's own refusals stay unexplained."""
    message = str(exception) if isinstance(exception, BadInput) else _("The request could not be understood.")
    return bad_input_response(request, message)
