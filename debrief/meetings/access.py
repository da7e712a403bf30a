"""Who may do what with a campaign's meeting; anything else is missing (404)."""

from __future__ import annotations

from django.http import Http404

from debrief.accounts import selectors as access
from debrief.accounts.models import Role
from debrief.campaigns import selectors as campaign_selectors
from debrief.campaigns.models import Campaign

from . import selectors
from .models import Comment, Meeting, Question


def can_comment(user, campaign: Campaign) -> bool:
    """Organizers record comments for the leaders; leaders may record their own."""
    return access.has_role_on(user, campaign.host, [Role.ORGANIZER, Role.LEADER])


def can_change_record(user, campaign: Campaign, record: Comment | Question) -> bool:
    """Organizers change any comment or question; a leader only the ones they recorded. One with
    no recorder (recorded before recorders were kept, or by the system) is the organizers'."""
    if user is None or not user.is_authenticated:
        return False
    if campaign_selectors.can_manage_campaign(user, campaign):
        return True
    return record.recorded_by_id == user.pk and can_comment(user, campaign)


def meeting_for(request, pk: int, *, manage: bool = False) -> tuple[Campaign, Meeting]:
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk, manage=manage).campaign
    meeting = selectors.meeting_of(campaign)
    if meeting is None:
        raise Http404
    return campaign, meeting


def context(request, campaign: Campaign, meeting: Meeting | None, **extra) -> dict:
    return {
        "campaign": campaign,
        "meeting": meeting,
        "can_manage": campaign_selectors.can_manage_campaign(request.user, campaign),
        "can_comment": can_comment(request.user, campaign),
        **extra,
    }
