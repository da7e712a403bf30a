"""A host starts its campaign from a superior's plan, and keeps what the plan locks.

Starting is one transaction through the lower apps' own services (the campaign, its evaluation scheme,
its key indicators), so every rule of theirs applies; the `PlanAdoption` row is written last, which is
what turns the locks on: `campaigns.guards` and `evaluation.services.scheme.scheme_guard` ask the
functions below (registered in `PlansConfig.ready()`) before a campaign's dates, key indicators or
scheme change.

What each lock fixes: `scheme_locked` the scheme's settings (points, bands, weights of the evaluation
and the rules) and its sub-indicators; `categories_locked` the evaluator categories' names and weights
(not the expected evaluators: each host counts its own); `indicators_locked` the key indicators. The
level's deadline always binds: the meeting is held by it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from debrief.audit.models import Action
from debrief.audit.services import campaign_entry_record
from debrief.campaigns import services as campaign_services
from debrief.campaigns.models import Campaign
from debrief.evaluation.models import Evaluation, SchemeSettings
from debrief.evaluation.services.scheme import evaluation_set_up, scheme_set
from debrief.lib.text import join_names, tidy
from debrief.orgs.models import Organization

from . import selectors
from .models import Plan, PlanAdoption
from .services import PlanError


def default_title(plan: Plan, host: Organization) -> str:
    return _(
        "%(host)s %(year)d annual debriefing, review and assessment of Party organization secretaries"
    ) % {
        "host": host.name,
        "year": plan.year,
    }


def _deadline_problem(plan: Plan, level: str, meeting_date: datetime.date) -> str | None:
    deadline = selectors.deadline_for(plan, level)
    first, _last = selectors.year_window(plan.year)
    if deadline is None or first <= meeting_date <= deadline:
        return None
    return _(
        "The meeting date %(date)s is outside the plan’s deadlines: “%(plan)s” asks hosts of this level "
        "to meet from %(first)s to %(deadline)s. Choose a day in that range."
    ) % {
        "date": meeting_date.isoformat(),
        "plan": plan.title,
        "first": first.isoformat(),
        "deadline": deadline.isoformat(),
    }


@transaction.atomic
def campaign_start_from_plan(
    *,
    plan: Plan,
    host: Organization,
    user,
    meeting_date: datetime.date,
    report_deadline: datetime.date,
    title: str | None = None,
) -> Campaign:
    """Open the host's campaign for the plan's year with the plan's scheme, categories, sub-indicators
    and key indicators, and record that it follows the plan; all or nothing."""
    # Read afresh (the caller's copy may predate publishing); not locked: a province's hosts start at once.
    plan = Plan.objects.select_related("issuer").get(pk=plan.pk)
    if not plan.is_published:
        raise PlanError(_("The plan is not published yet; campaigns start from a published plan."))
    if not selectors.is_expected(plan, host):
        raise PlanError(
            _(
                "“%(plan)s” does not ask %(host)s for a campaign: its level has no deadline in the plan, "
                "or it has no subordinate with a secretary in post."
            )
            % {"plan": plan.title, "host": host.name}
        )
    existing = Campaign.objects.filter(host=host, year=plan.year).first()
    if existing is not None and PlanAdoption.objects.filter(campaign=existing).exists():
        raise PlanError(
            _("%(host)s has already started its campaign for %(year)d from a work plan: “%(title)s”.")
            % {"host": host.name, "year": plan.year, "title": existing.title}
        )
    if existing is not None:
        raise PlanError(
            _(
                "%(host)s already has a campaign for %(year)d (“%(title)s”); it was not started from the plan. "
                "Link that campaign to the plan instead."
            )
            % {"host": host.name, "year": plan.year, "title": existing.title}
        )
    if problem := _deadline_problem(plan, host.level, meeting_date):
        raise PlanError(problem)
    campaign = campaign_services.campaign_open(
        host=host,
        year=plan.year,
        title=tidy(title or "") or default_title(plan, host),
        report_deadline=report_deadline,
        meeting_date=meeting_date,
        user=user,
    )
    scheme_set(
        evaluation=evaluation_set_up(campaign),
        values={field: getattr(plan, field) for field in SchemeSettings.SETTINGS_FIELDS},
        categories=[(c["name"], Decimal(c["weight"]), None) for c in plan.categories],
        sub_indicators=plan.sub_indicators,
        user=user,
    )
    for indicator in plan.indicators:
        campaign_services.indicator_add(campaign=campaign, name=indicator["name"], unit=indicator["unit"])
    PlanAdoption.objects.create(plan=plan, campaign=campaign, started_by=user)
    campaign_entry_record(
        campaign=campaign,
        action=Action.PLAN_ADOPTED,
        actor=user,
        obj=campaign,
        after={"plan": plan.title, "issuer": plan.issuer.name},
    )
    return campaign


@transaction.atomic
def campaign_link_to_plan(*, plan: Plan, campaign: Campaign, user) -> Campaign:
    """A campaign the host opened before (or without) the plan follows it from now on: the parts the plan
    locks are set as the plan says (while the scheme and indicators can still change), key indicators
    the plan fixes are added, none is removed (reporters may have filled them in); what still differs
    shows on the superior's progress page."""
    plan = Plan.objects.select_related("issuer").get(pk=plan.pk)
    host = campaign.host
    if not plan.is_published:
        raise PlanError(_("The plan is not published yet; campaigns start from a published plan."))
    if campaign.year != plan.year or not selectors.is_expected(plan, host):
        raise PlanError(
            _(
                "“%(plan)s” does not ask %(host)s for a campaign: its level has no deadline in the plan, "
                "or it has no subordinate with a secretary in post."
            )
            % {"plan": plan.title, "host": host.name}
        )
    if PlanAdoption.objects.filter(campaign=campaign).exists():
        raise PlanError(_("“%(title)s” already follows a work plan.") % {"title": campaign.title})
    if problem := _deadline_problem(plan, host.level, campaign.meeting_date):
        raise PlanError(problem)
    evaluation = evaluation_set_up(campaign)
    if plan.scheme_locked or plan.categories_locked:
        expected = {c.name: c.expected for c in evaluation.categories.all()}
        scheme_set(
            evaluation=evaluation,
            values={field: getattr(plan, field) for field in SchemeSettings.SETTINGS_FIELDS}
            if plan.scheme_locked
            else {},
            categories=[(c["name"], Decimal(c["weight"]), expected.get(c["name"])) for c in plan.categories]
            if plan.categories_locked
            else [(c.name, c.weight, c.expected) for c in evaluation.categories.all()],
            sub_indicators=plan.sub_indicators
            if plan.scheme_locked
            else list(evaluation.sub_indicators.values_list("name", flat=True)),
            user=user,
        )
    if plan.indicators_locked:
        present = set(campaign.indicators.values_list("name", flat=True))
        for indicator in plan.indicators:
            if indicator["name"] not in present:
                campaign_services.indicator_add(
                    campaign=campaign, name=indicator["name"], unit=indicator["unit"]
                )
    PlanAdoption.objects.create(plan=plan, campaign=campaign, started_by=user)
    campaign_entry_record(
        campaign=campaign,
        action=Action.PLAN_ADOPTED,
        actor=user,
        obj=campaign,
        after={"plan": plan.title, "issuer": plan.issuer.name, "linked": True},
    )
    return campaign


# The locks, asked by the lower apps' hooks ------------------------------------------------------------


def _adopted_plan(campaign_id: int) -> Plan | None:
    adoption = PlanAdoption.objects.filter(campaign_id=campaign_id).select_related("plan").first()
    return adoption.plan if adoption else None


def date_problems(campaign: Campaign, *, report_deadline, meeting_date) -> list[str]:
    plan = _adopted_plan(campaign.pk)
    if plan is None:
        return []
    problem = _deadline_problem(plan, campaign.host.level, meeting_date)
    return [problem] if problem else []


def indicator_problems(campaign: Campaign) -> list[str]:
    plan = _adopted_plan(campaign.pk)
    if plan is None or not plan.indicators_locked:
        return []
    return [
        _("The key indicators are fixed by the plan “%(plan)s”; they cannot be added or removed.")
        % {"plan": plan.title}
    ]


def scheme_problems(
    evaluation: Evaluation, *, settings=None, categories=None, sub_indicators=None
) -> list[str]:
    plan = _adopted_plan(evaluation.campaign_id)
    if plan is None:
        return []
    problems = []
    if settings is not None and plan.scheme_locked:
        changed = [
            str(Evaluation._meta.get_field(name).verbose_name)
            for name, value in settings.items()
            if value != getattr(plan, name)
        ]
        if changed:
            problems.append(
                _("The plan “%(plan)s” fixes the evaluation’s rules; %(fields)s cannot change.")
                % {"plan": plan.title, "fields": join_names(changed)}
            )
    if sub_indicators is not None and plan.scheme_locked and list(sub_indicators) != plan.sub_indicators:
        problems.append(
            _("The plan “%(plan)s” fixes the sub-indicators: %(names)s.")
            % {"plan": plan.title, "names": join_names(plan.sub_indicators) or "—"}
        )
    if categories is not None and plan.categories_locked:
        planned = [(c["name"], Decimal(c["weight"])) for c in plan.categories]
        if [(name, Decimal(weight)) for name, weight in categories] != planned:
            problems.append(
                _("The plan “%(plan)s” fixes the evaluator categories and their weights: %(categories)s.")
                % {
                    "plan": plan.title,
                    "categories": join_names(f"{name} {weight.normalize():f}%" for name, weight in planned),
                }
            )
    return problems
