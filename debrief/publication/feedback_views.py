"""The feedback sheets (结果反馈单): the list for organizers and overseers, one reporter's sheet, its PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from debrief.lib import downloads

from . import feedback
from . import feedback_pdf as pdf

PDF = "application/pdf"


@login_required
def feedback_list(request, pk: int):
    """Every reporter's sheet for organizers and overseers; a reporter is taken to their own."""
    try:
        campaign, can_manage = feedback.feedback_list_access(request.user, pk)
    except Http404:
        reporter = feedback.own_reporter_in(request.user, pk)
        return redirect("publication:feedback", pk=pk, reporter_id=reporter.pk)
    return render(
        request,
        "publication/feedback_list.html",
        {
            "campaign": campaign,
            "rows": feedback.feedback_rows(campaign),
            "preview": not feedback.is_published(campaign),
            "can_manage": can_manage,
        },
    )


@login_required
def feedback_sheet(request, pk: int, reporter_id: int):
    access = feedback.feedback_access(request.user, pk, reporter_id)
    sheet = feedback.feedback_sheet(access)
    return render(
        request,
        "publication/feedback_sheet.html",
        {
            "campaign": access.campaign,
            "sheet": sheet,
            "can_list": access.can_list,
            "can_record_interviews": access.can_manage
            and sheet.calls_for_interview
            and sheet.is_final
            and not access.campaign.is_archived,
        },
    )


@login_required
def feedback_pdf(request, pk: int, reporter_id: int):
    access = feedback.feedback_access(request.user, pk, reporter_id)
    sheet = feedback.feedback_sheet(access)
    name = _("Feedback - %(organization)s %(secretary)s.pdf") % {
        "organization": access.reporter.organization.name,
        "secretary": access.reporter.person.name,
    }
    return downloads.attachment(pdf.feedback_pdf(sheet), PDF, name)
