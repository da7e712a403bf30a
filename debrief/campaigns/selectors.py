"""Reads over campaigns, and who may see or change them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Q, QuerySet, When
from django.http import Http404
from django.shortcuts import get_object_or_404

from debrief.accounts import selectors as access
from debrief.accounts.models import Role
from debrief.orgs.models import Organization
from debrief.orgs.selectors import secretaries_on

from .models import Campaign, Reporter, ReportMode

# Roles that see a whole campaign; a reporter sees only their own part of it.
OVERSEEING_ROLES = (Role.ORGANIZER, Role.LEADER, Role.OBSERVER)


def can_manage_campaign(user, campaign: Campaign) -> bool:
    return access.can_manage(user, campaign.host)


def can_oversee_campaign(user, campaign: Campaign) -> bool:
    return access.has_role_on(user, campaign.host, OVERSEEING_ROLES)


def is_own_reporter(user, reporter: Reporter) -> bool:
    return bool(user.is_authenticated and user.person_id and reporter.person_id == user.person_id)


def own_reporters(user, campaign: Campaign) -> QuerySet[Reporter]:
    if not (user.is_authenticated and user.person_id):
        return Reporter.objects.none()
    return campaign.reporters.filter(person_id=user.person_id)


@dataclass(frozen=True)
class CampaignAccess:
    """A campaign and what the user may do with it, read once per request."""

    campaign: Campaign
    can_oversee: bool  # organizers, leaders and observers of the host see the whole campaign
    can_manage: bool  # organizers of the host change it


def campaign_access(user, campaign: Campaign) -> CampaignAccess:
    return CampaignAccess(
        campaign=campaign,
        can_oversee=can_oversee_campaign(user, campaign),
        can_manage=can_manage_campaign(user, campaign),
    )


def get_campaign_for_user(
    user, pk: int, *, manage: bool = False, reporters_too: bool = False
) -> CampaignAccess:
    """The campaign a page shows, with the user's rights on it. Overseers see it; with
    `reporters_too` its own reporters do as well; with `manage` only organizers of its host.
    Anyone else finds nothing (404), so a campaign's existence does not leak."""
    campaign = get_object_or_404(Campaign.objects.select_related("host"), pk=pk)
    rights = campaign_access(user, campaign)
    if manage:
        allowed = rights.can_manage
    else:
        allowed = rights.can_oversee or (reporters_too and own_reporters(user, campaign).exists())
    if not allowed:
        raise Http404
    return rights


def campaigns_visible_to(user) -> QuerySet[Campaign]:
    if user.is_authenticated and user.is_superuser:
        return Campaign.objects.select_related("host")
    paths = access.grant_paths(user, OVERSEEING_ROLES)
    visible = Q(host__in=Organization.objects.within_any(paths)) if paths else Q(pk__in=[])
    if user.is_authenticated and user.person_id:
        visible |= Q(reporters__person_id=user.person_id)
    return Campaign.objects.filter(visible).distinct().select_related("host")


@dataclass(frozen=True)
class CampaignFilter:
    level: str = ""  # the host's level
    state: str = ""
    year: int | None = None
    host: Organization | None = None  # the host or any organization above it


def campaigns_filtered(user, query: CampaignFilter) -> QuerySet[Campaign]:
    """The campaigns the user sees, narrowed by the filter, newest year first and down the tree."""
    campaigns = campaigns_visible_to(user)
    if query.level:
        campaigns = campaigns.filter(host__level=query.level)
    if query.state:
        campaigns = campaigns.filter(state=query.state)
    if query.year:
        campaigns = campaigns.filter(year=query.year)
    if query.host is not None:
        campaigns = campaigns.filter(host__in=Organization.objects.subtree_of(query.host.path))
    return campaigns.order_by("-year", "host__path")


def host_choices(user) -> QuerySet[Organization]:
    """What the host filter may name: the organizations in the subtrees the user oversees (a
    reporter's own campaigns are found by year and state)."""
    return access.organizations_visible_to(user, OVERSEEING_ROLES)


def reporters_in_order(campaign: Campaign) -> QuerySet[Reporter]:
    """On-site reporters in speaking order first, then written ones by organization code."""
    on_site_first = Case(When(mode=ReportMode.ON_SITE, then=0), default=1)
    return campaign.reporters.select_related("organization", "person").order_by(
        on_site_first, "speaking_order", "organization__code"
    )


def candidate_organizations(campaign: Campaign) -> list[tuple[Organization, object]]:
    """The host's active direct subordinates not yet reporting, with their secretary on the meeting date."""
    taken = campaign.reporters.values_list("organization_id", flat=True)
    organizations = list(
        Organization.objects.filter(parent=campaign.host).active().exclude(pk__in=taken).order_by("code")
    )
    posts = secretaries_on(organizations, campaign.meeting_date)
    return [(org, posts.get(org.pk)) for org in organizations]


def previous_campaign(campaign: Campaign) -> Campaign | None:
    return Campaign.objects.filter(host_id=campaign.host_id, year=campaign.year - 1).first()


def campaigns_matching(campaigns: QuerySet[Campaign], typed: str, *, limit: int) -> list[Campaign]:
    """Campaigns whose year, or host's code, name or short name, matches each word typed."""
    for word in " ".join(typed.split()).split(" ")[:3] if typed.strip() else []:
        year = Q(year=int(word)) if word.isdigit() and len(word) == 4 else Q(pk__in=[])
        campaigns = campaigns.filter(
            year
            | Q(host__code__icontains=word)
            | Q(host__name__icontains=word)
            | Q(host__short_name__icontains=word)
        )
    return list(campaigns.select_related("host").order_by("-year", "host__path")[:limit])
