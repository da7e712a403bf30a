"""The JSON API. Every endpoint scopes its answer exactly as the pages do."""

import datetime
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, ValidationError
from ninja.pagination import paginate
from ninja.security import django_auth

from debrief.accounts import selectors as access
from debrief.api.auth import PersonalToken
from debrief.evaluation.api import router as evaluation_router
from debrief.lib.errors import DomainError
from debrief.orgs import selectors
from debrief.orgs.models import Organization
from debrief.plans.api import router as plans_router
from debrief.publication.api import router as publication_router
from debrief.rectification.api import router as rectification_router
from debrief.reports.api import router as campaigns_router


def schema_access(view):
    """The schema and its docs page are for logged-in users unless DEBRIEF_API_SCHEMA_PUBLIC is set."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if settings.DEBRIEF_API_SCHEMA_PUBLIC or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        return redirect_to_login(request.get_full_path())

    return guarded


api = NinjaAPI(
    title="Debrief API",
    version="1",
    auth=[django_auth, PersonalToken()],
    urls_namespace="api",
    docs_decorator=schema_access,
)


# Every error is JSON with a human `detail` and a stable `code` a program can test.


@api.exception_handler(DomainError)
def refused(request, error: DomainError):
    """A change the rules refuse answers 409 with the same message a page would show."""
    return api.create_response(request, {"detail": str(error), "code": error.code}, status=409)


@api.exception_handler(Http404)
def not_found(request, error):
    # The same answer whether the object does not exist or is outside the caller's subtrees.
    return api.create_response(request, {"detail": _("Not found."), "code": "not_found"}, status=404)


@api.exception_handler(ValidationError)
def invalid(request, error: ValidationError):
    return api.create_response(request, {"detail": error.errors, "code": "invalid"}, status=422)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, error):
    return api.create_response(
        request,
        {
            "detail": _("Log in, or send a personal API token as “Authorization: Bearer …”."),
            "code": "unauthenticated",
        },
        status=401,
    )


class SecretaryOut(Schema):
    name: str
    start_date: datetime.date


class OrganizationOut(Schema):
    code: str
    name: str
    short_name: str
    org_type: str
    level: str
    status: str
    parent_code: str | None
    depth: int
    secretary: SecretaryOut | None = None


class GrantOut(Schema):
    role: str
    organization_code: str
    organization_name: str


class MeOut(Schema):
    username: str
    display_name: str
    is_superuser: bool
    grants: list[GrantOut]


def _out(org: Organization, parent_code: str | None, secretary=None) -> OrganizationOut:
    return OrganizationOut(
        code=org.code,
        name=org.name,
        short_name=org.short_name,
        org_type=org.org_type,
        level=org.level,
        status=org.status,
        parent_code=parent_code,
        depth=org.depth,
        secretary=SecretaryOut(name=secretary.person.name, start_date=secretary.start_date)
        if secretary
        else None,
    )


def _get_visible(request, code: str) -> Organization:
    organization = get_object_or_404(Organization.objects.select_related("parent"), code=code)
    if not access.can_view(request.user, organization):
        raise Http404
    return organization


@api.get("/me", response=MeOut)
def me(request):
    user = request.user
    return MeOut(
        username=user.username,
        display_name=user.display_name,
        is_superuser=user.is_superuser,
        grants=[
            GrantOut(
                role=g.role, organization_code=g.organization.code, organization_name=g.organization.name
            )
            for g in access.roles_summary(user)
        ],
    )


@api.get("/orgs", response=list[OrganizationOut])
@paginate
def search_organizations(request, q: str):
    """Organizations visible to you whose name contains, or code starts with, `q` (at most 50)."""
    found = selectors.search_organizations(
        access.organizations_visible_to(request.user).select_related("parent"), q
    )
    return [_out(org, org.parent.code if org.parent else None) for org in found]


@api.get("/orgs/{code}", response=OrganizationOut)
def organization_detail(request, code: str):
    organization = _get_visible(request, code)
    secretary = selectors.secretary_on(organization, timezone.localdate())
    return _out(organization, organization.parent.code if organization.parent else None, secretary)


@api.get("/orgs/{code}/children", response=list[OrganizationOut])
@paginate
def organization_children(request, code: str):
    organization = _get_visible(request, code)
    children = list(selectors.children_of(organization))
    secretaries = selectors.secretaries_on(children, timezone.localdate())
    return [_out(child, organization.code, secretaries.get(child.pk)) for child in children]


api.add_router("/", campaigns_router)
api.add_router("/", evaluation_router)
api.add_router("/", rectification_router)
api.add_router("/", publication_router)
api.add_router("/", plans_router)
