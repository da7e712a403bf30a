"""JSON endpoint of the published results notice, as its page shows it to the campaign's overseers."""

from __future__ import annotations

import datetime

from django.http import Http404
from ninja import Router, Schema

from debrief.campaigns import selectors as campaign_selectors

from . import selectors

router = Router(tags=["publication"])


class NoticeRowOut(Schema):
    rank: int | None
    organization: str
    secretary: str
    mode: str
    evaluation_score: str
    routine_score: str
    comprehensive_score: str
    grade: str


class NoticeOut(Schema):
    version: int
    title: str
    document_number: str
    meeting_section: str
    evaluation_section: str
    grades_section: str
    problems_section: str
    requirements_section: str
    rectification_deadline: datetime.date | None
    correction_reason: str
    published_at: datetime.datetime
    results_table: list[NoticeRowOut]


@router.get("/campaigns/{campaign_id}/notice", response=NoticeOut)
def published_notice(request, campaign_id: int):
    """The campaign's published results notice (the newest version), with its frozen results table."""
    campaign = campaign_selectors.get_campaign_for_user(request.user, campaign_id).campaign
    notice = selectors.published_notice(campaign)
    if notice is None:
        raise Http404
    return notice
