"""The download of codes just issued: printable slips (PDF) or a list (CSV).

The organizer's codes page and a sub-venue's page (in meetings) both answer with it.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from debrief.lib import downloads, slips

from .models import Evaluation, EvaluatorCategory
from .services import IssuedCodes


def slips_download(
    request,
    evaluation: Evaluation,
    category: EvaluatorCategory,
    issued: IssuedCodes,
    file_format: str,
    *,
    venue_name: str = "",
) -> HttpResponse:
    """The codes as slips or a CSV; a sub-venue's slips print its name (`venue_name`)."""
    url = request.build_absolute_uri("/vote/")
    first = issued.first_serial
    entries = [
        slips.Slip(
            code=code, url=f"{url}#{code}", category=category.name, serial=str(first + i), venue=venue_name
        )
        for i, code in enumerate(issued)
    ]
    parts = [evaluation.campaign.host.name, *([venue_name] if venue_name else []), category.name]
    name = "-".join([*parts, str(first), str(first + len(issued) - 1)])
    if file_format == "csv":
        headers = [_("Serial"), _("Evaluator category"), pgettext("ballot", "Code"), _("Voting link")]
        if venue_name:
            headers.append(_("Sub-venue"))
        content = slips.slips_csv(entries, headers=headers)
        return downloads.attachment(content, "text/csv; charset=utf-8", f"{name}.csv", no_store=True)
    content = slips.slips_pdf(
        entries,
        title=_("Democratic evaluation · %(title)s") % {"title": evaluation.campaign.title},
        instructions=_(
            "Scan the QR code, or open the link and type the code. One code, one ballot; anonymous."
        ),
        code_label=pgettext("ballot", "Code"),
        host=evaluation.campaign.host.name,
    )
    return downloads.attachment(content, "application/pdf", f"{name}.pdf", no_store=True)
