"""The evaluators' pages: no login, a code admits one anonymous ballot.

Codes travel only in POST bodies (the QR link carries the code after '#', which browsers never
send), so no access log or referrer holds one. Nothing here logs a code or a ballot.
"""

from __future__ import annotations

import re

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import selectors, services, throttle
from .models import Evaluation, Rating
from .services import VoteError

RATING_FIELD = re.compile(r"r-(\d{1,18})-(\d{1,2})")


def _ratings_from(post) -> dict[int, list[str | None]]:
    """The ballot's fields r-<reporter>-<indicator> as lists; the service checks them against the scheme."""
    ratings: dict[int, list[str | None]] = {}
    for name, value in post.items():
        if match := RATING_FIELD.fullmatch(name):
            values = ratings.setdefault(int(match[1]), [])
            position = int(match[2])
            values.extend([None] * (position + 1 - len(values)))
            values[position] = value or None
    return ratings


def _ballot_page(request, code_text: str, code, *, chosen=None, error=None, kind=None, status=200):
    evaluation = code.evaluation
    reporters, sub_indicators = selectors.ballot_layout(evaluation)
    chosen = chosen or {}
    cap = services.excellent_cap_count(evaluation, len(reporters))
    items = [
        {
            "reporter": reporter,
            "number": number,
            "indicators": [
                {
                    "position": position,
                    "name": name,
                    "chosen": dict(enumerate(chosen.get(reporter.pk) or [])).get(position),
                }
                for position, name in enumerate([_("Overall rating"), *(i.name for i in sub_indicators)])
            ],
        }
        for number, reporter in enumerate(reporters, start=1)
    ]
    missing = [
        item["reporter"].pk for item in items if kind == "incomplete" and not item["indicators"][0]["chosen"]
    ]
    return render(
        request,
        "evaluation/vote_ballot.html",
        {
            "evaluation": evaluation,
            "campaign": evaluation.campaign,
            "category": code.category,
            "code": code_text,
            "items": items,
            "ratings": Rating.choices,
            "cap": cap,
            "error": error,
            "missing": missing,
        },
        status=status,
    )


def _code_page(request, code_text="", error=None, status=200):
    return render(request, "evaluation/vote_code.html", {"code": code_text, "error": error}, status=status)


def _find_code(request, code_text: str):
    """The code, or the page saying why not. The code is checked before the limit, so a correct one
    is accepted whatever this client's count; unknown codes count, and past the limit are refused."""
    try:
        return services.code_lookup(code_text), None
    except VoteError as error:
        if error.kind == "unknown" and not throttle.wrong_code_within_limit(request):
            message = _(
                "This code is not known, and too many unknown codes have come from this network in the "
                "last %(minutes)d minutes. Check the code against your slip: a correct code is always accepted."
            ) % {"minutes": throttle.WINDOW_MINUTES}
            return None, _code_page(request, code_text, message, status=429)
        return None, _code_page(request, code_text, str(error), status=422)


@never_cache
@require_http_methods(["GET", "POST"])
def enter_code(request):
    if request.method == "GET":
        return _code_page(request)
    code_text = request.POST.get("code", "")
    code, refusal = _find_code(request, code_text)
    if refusal:
        return refusal
    return _ballot_page(request, code_text, code)


@never_cache
@require_http_methods(["POST"])
def submit_ballot(request):
    code_text = request.POST.get("code", "")
    code, refusal = _find_code(request, code_text)
    if refusal:
        return refusal
    ratings = _ratings_from(request.POST)
    try:
        receipt = services.ballot_cast(code_text=code_text, ratings=ratings, code=code)
    except VoteError as error:
        if error.kind in ("incomplete", "over_cap", "uniform", "invalid"):
            return _ballot_page(
                request, code_text, code, chosen=ratings, error=str(error), kind=error.kind, status=422
            )
        return _code_page(request, code_text, str(error), status=409)
    return render(
        request,
        "evaluation/vote_done.html",
        {"receipt": receipt, "evaluation": code.evaluation, "campaign": code.evaluation.campaign},
    )


@never_cache
def receipts(request, public_key: str):
    """After close, the published receipt codes: anyone can see that their ballot was counted."""
    evaluation = get_object_or_404(Evaluation.objects.select_related("campaign"), public_key=public_key)
    checked, counted, error = request.GET.get("receipt", "").strip(), None, None
    if checked and evaluation.is_closed:
        try:
            counted = selectors.receipt_counted(evaluation, checked)
        except ValueError:
            error = _("A receipt code looks like R-XXXX-XXXX; check what you typed.")
    return render(
        request,
        "evaluation/vote_receipts.html",
        {
            "evaluation": evaluation,
            "campaign": evaluation.campaign,
            "receipts": evaluation.receipts.values_list("code", flat=True) if evaluation.is_closed else [],
            "checked": checked,
            "counted": counted,
            "error": error,
        },
    )
