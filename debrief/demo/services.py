"""Load the demo province, its secretaries and one login per role.

Idempotent: organizations are found by code and users by username, and only
what is missing is created. An organization that already has a current
secretary gets no new one (nor a deputy, if it has one). Every write goes
through the orgs and accounts services.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.db import transaction

from debrief.accounts.models import User
from debrief.accounts.services import role_grant
from debrief.orgs.models import Organization, OrganizationStatus, Person, Post, PostRole
from debrief.orgs.services import organization_create, person_create, post_appoint

from . import (
    campaigns,
    cascade,
    evaluation,
    logins,
    meetings,
    publication,
    rectification,
    staffing,
    tree,
    work_plan,
)


@dataclass(frozen=True)
class LoginRow:
    username: str
    password: str
    role: str
    organization: str
    try_this: str


@dataclass
class DemoSummary:
    organizations_created: int = 0
    organizations_total: int = 0
    organizations_dissolved: int = 0
    demo_organizations: int = 0
    people_created: int = 0
    posts_created: int = 0
    users_created: list[str] = field(default_factory=list)
    logins: list[LoginRow] = field(default_factory=list)
    campaigns_created: int = 0
    reports_written: int = 0
    evaluations: evaluation.EvaluationSummary = field(default_factory=evaluation.EvaluationSummary)
    meetings: meetings.MeetingSummary = field(default_factory=meetings.MeetingSummary)
    rectification: rectification.RectificationSummary = field(
        default_factory=rectification.RectificationSummary
    )
    notices: list[publication.NoticeRow] = field(default_factory=list)
    cascade: cascade.CascadeSummary = field(default_factory=cascade.CascadeSummary)
    seconds: float = 0.0


def load_demo() -> DemoSummary:
    started = time.perf_counter()
    root = tree.build_tree()
    plan = staffing.build_plan(root)
    summary = DemoSummary()
    ledgers_before = rectification.counts()
    with transaction.atomic():
        orgs = _ensure_organizations(root, summary)
        _ensure_posts(orgs, plan, summary)
        _ensure_logins(orgs, plan, summary)
        work_plan.publish_province_plan()
        found = campaigns.load_campaigns()
        summary.evaluations = evaluation.load_evaluations()
        summary.meetings = meetings.load_meetings()
        summary.notices = publication.load_publication()
        summary.cascade = cascade.load_cascade()
        summary.rectification = rectification.load_rectification(before=ledgers_before)
    summary.campaigns_created = found.campaigns_created
    summary.reports_written = found.reports_written
    summary.evaluations.evaluations_created += found.evaluations_created
    summary.evaluations.ballots_cast += found.ballots_cast
    summary.demo_organizations = len(orgs)
    summary.organizations_total = Organization.objects.count()
    summary.organizations_dissolved = Organization.objects.filter(status=OrganizationStatus.DISSOLVED).count()
    summary.seconds = time.perf_counter() - started
    return summary


def _ensure_organizations(root: tree.OrgSpec, summary: DemoSummary) -> dict[str, Organization]:
    nodes = list(tree.walk(root))
    orgs = Organization.objects.in_bulk([spec.code for spec, _ in nodes], field_name="code")
    for spec, parent in nodes:
        if spec.code in orgs:
            continue
        orgs[spec.code] = organization_create(
            code=spec.code,
            name=spec.name,
            short_name=spec.short_name,
            org_type=spec.org_type,
            level=spec.level,
            status=spec.status,
            parent=orgs[parent.code] if parent else None,
        )
        summary.organizations_created += 1
    return orgs


def _ensure_posts(orgs: dict[str, Organization], plan: staffing.Plan, summary: DemoSummary) -> None:
    ids = [org.pk for org in orgs.values()]
    current = Post.objects.current().filter(organization_id__in=ids)
    with_secretary = set(current.filter(role=PostRole.SECRETARY).values_list("organization_id", flat=True))
    with_deputy = set(
        current.filter(role=PostRole.DEPUTY_SECRETARY).values_list("organization_id", flat=True)
    )
    for code, staff in plan.posts.items():
        organization = orgs[code]
        if organization.pk not in with_secretary:
            for term in staff.secretaries:
                _appoint(organization, term, PostRole.SECRETARY, summary)
        if staff.deputy and organization.pk not in with_deputy:
            _appoint(organization, staff.deputy, PostRole.DEPUTY_SECRETARY, summary)


def _appoint(organization: Organization, term: staffing.Term, role: str, summary: DemoSummary) -> None:
    person = person_create(name=term.name)
    post_appoint(organization=organization, person=person, role=role, start_date=term.start)
    summary.people_created += 1
    summary.posts_created += 1


def _current_holder(organization: Organization, role: str) -> Person | None:
    post = (
        Post.objects.current()
        .filter(organization=organization, role=role)
        .select_related("person")
        .order_by("start_date", "pk")
        .first()
    )
    return post.person if post else None


def _ensure_logins(orgs: dict[str, Organization], plan: staffing.Plan, summary: DemoSummary) -> None:
    for login in logins.LOGINS:
        organization = orgs[login.org_code] if login.org_code else None
        user = User.objects.filter(username=login.username).first()
        if user is None:
            user = _create_user(login, organization, plan)
            summary.users_created.append(user.username)
        if organization is not None:
            role_grant(user=user, organization=organization, role=login.role)
        summary.logins.append(
            LoginRow(
                username=login.username,
                password=logins.PASSWORD,
                role=str(login.role),
                organization=organization.name if organization else "（全部）",
                try_this=login.try_this,
            )
        )


def _create_user(login: logins.DemoLogin, organization: Organization | None, plan: staffing.Plan) -> User:
    person = None
    if login.person == logins.STAFF:
        name = plan.staff[login.username]
    else:
        role = PostRole.SECRETARY if login.person == logins.SECRETARY else PostRole.DEPUTY_SECRETARY
        person = _current_holder(organization, role)
        if person is not None and User.objects.filter(person=person).exists():
            person = None  # already someone's account; leave that link alone
        name = person.name if person else ""
    fields = {"display_name": f"{login.title} {name}".strip(), "person": person}
    if login.role == logins.SUPERUSER:
        return User.objects.create_superuser(
            username=login.username, email="", password=logins.PASSWORD, **fields
        )
    return User.objects.create_user(username=login.username, password=logins.PASSWORD, **fields)
