"""Writes to work plans: drafting, editing and publishing. Starting a campaign from one is in `adoption.py`.

A plan is a draft until its issuer publishes it; a published plan is frozen (hosts have started from
it, and the superior reads their changes against it), so there is no correcting a published plan: a
mistake is announced the usual way, by a separate notice.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from debrief.audit.models import Action
from debrief.audit.services import changes, entry_record
from debrief.campaigns.models import Campaign, KeyIndicator
from debrief.evaluation.models import Evaluation, SavedScheme, SchemeSettings
from debrief.evaluation.services.scheme import (
    categories_clean,
    default_categories,
    scheme_check,
    sub_indicators_clean,
)
from debrief.lib.dates import ensure_in_range
from debrief.lib.errors import DomainError
from debrief.lib.text import join_names, tidy
from debrief.orgs.models import Level, Organization

from .models import Plan, PlanDeadline, PlanState
from .selectors import deadline_levels, year_window

# Plain fields a draft's form edits, besides the scheme settings, categories, indicators and deadlines.
PLAIN_FIELDS = (
    "title",
    "document_number",
    "guidance",
    "requirements",
    "scheme_locked",
    "categories_locked",
    "indicators_locked",
    "filing_days",
    "conveyance_days",
)
TEXT_FIELDS = ("title", "document_number", "guidance", "requirements")
INDICATOR_NAME_MOST, INDICATOR_UNIT_MOST = 100, 16  # as a campaign's key indicator stores them


class PlanError(DomainError):
    """A change the work plan's rules refuse; the message is for the user."""


def _ensure_draft(plan: Plan) -> None:
    plan.refresh_from_db(fields=["state"])
    if plan.is_published:
        raise PlanError(
            _("The plan is published and can no longer be changed: hosts start their campaigns from it.")
        )


def _ensure_year(year: int) -> None:
    ensure_in_range(datetime.date(year, 1, 1) if 1 <= year <= 9999 else datetime.date(1, 1, 1))


def _scheme_source(issuer: Organization, scheme: SavedScheme | None) -> tuple[dict, list, list]:
    """Settings, categories and sub-indicators to start from: the saved scheme, else the issuer's latest
    evaluation, else the defaults."""
    if scheme is not None:
        values = {field: getattr(scheme, field) for field in SchemeSettings.SETTINGS_FIELDS}
        return values, list(scheme.categories), list(scheme.sub_indicators)
    latest = Evaluation.objects.filter(campaign__host=issuer).order_by("-campaign__year").first()
    if latest is None:
        categories = [{"name": name, "weight": str(weight)} for name, weight in default_categories()]
        return {}, categories, []
    values = {field: getattr(latest, field) for field in SchemeSettings.SETTINGS_FIELDS}
    categories = [{"name": c.name, "weight": str(c.weight)} for c in latest.categories.order_by("position")]
    return values, categories, list(latest.sub_indicators.order_by("position").values_list("name", flat=True))


def _latest_indicators(issuer: Organization) -> list[dict]:
    campaign = Campaign.objects.filter(host=issuer).order_by("-year").first()
    if campaign is None:
        return []
    rows = KeyIndicator.objects.filter(campaign=campaign).values_list("name", "unit")
    return [{"name": name, "unit": unit} for name, unit in rows]


@transaction.atomic
def plan_create(
    *, issuer: Organization, year: int, title: str, user=None, scheme: SavedScheme | None = None
) -> Plan:
    """A draft plan, its scheme and key indicators prefilled from `scheme` or the issuer's latest
    campaign, so the organizer edits last year's rules rather than typing them again."""
    _ensure_year(year)
    title = tidy(title)
    if not title:
        raise PlanError(_("Give the plan a title."))
    if Plan.objects.filter(issuer=issuer, year=year).exists():
        raise PlanError(
            _("%(issuer)s already has a work plan for %(year)d; edit that one.")
            % {"issuer": issuer.name, "year": year}
        )
    values, categories, sub_indicators = _scheme_source(issuer, scheme)
    plan = Plan(
        issuer=issuer,
        year=year,
        title=title,
        categories=categories,
        sub_indicators=sub_indicators,
        indicators=_latest_indicators(issuer),
        created_by=user,
        **values,
    )
    _full_clean(plan)
    plan.save()
    entry_record(
        action=Action.PLAN_CHANGED,
        actor=user,
        obj=plan,
        organization=issuer,
        after={"year": year, "title": title},
        label=title,
    )
    return plan


def _clean_deadlines(plan: Plan, deadlines: Mapping[str, datetime.date | None]) -> dict[str, datetime.date]:
    allowed = {level for level, _label in deadline_levels(plan.issuer)}
    cleaned = {level: day for level, day in deadlines.items() if day is not None}
    if refused := [Level(level).label for level in cleaned if level not in allowed]:
        raise PlanError(
            _(
                "A plan of %(issuer)s sets deadlines only for its own level and the levels below it: not %(levels)s."
            )
            % {"issuer": plan.issuer.name, "levels": join_names(str(label) for label in refused)}
        )
    ensure_in_range(*cleaned.values())
    first, last = year_window(plan.year)
    if outside := [Level(level).label for level, day in cleaned.items() if not first <= day <= last]:
        raise PlanError(
            _(
                "The deadlines of a plan for %(year)d fall from %(first)s to %(last)s; "
                "change the deadline of %(levels)s."
            )
            % {
                "year": plan.year,
                "first": first.isoformat(),
                "last": last.isoformat(),
                "levels": join_names(str(label) for label in outside),
            }
        )
    return cleaned


def _clean_indicators(rows: Sequence[tuple[str, str]]) -> list[dict]:
    cleaned = [{"name": tidy(name), "unit": tidy(unit)} for name, unit in rows if tidy(name)]
    if orphans := [tidy(unit) for name, unit in rows if tidy(unit) and not tidy(name)]:
        raise PlanError(_("Name the key indicator of the unit %(units)s.") % {"units": join_names(orphans)})
    names = [row["name"] for row in cleaned]
    if repeated := sorted({name for name in names if names.count(name) > 1}):
        raise PlanError(
            _("Each key indicator needs its own name: %(names)s repeated.") % {"names": join_names(repeated)}
        )
    if too_long := [name for name in names if len(name) > INDICATOR_NAME_MOST]:
        raise PlanError(
            _("Key indicator names are limited to %(most)d characters: %(names)s.")
            % {"most": INDICATOR_NAME_MOST, "names": join_names(too_long)}
        )
    if too_long := [row["unit"] for row in cleaned if len(row["unit"]) > INDICATOR_UNIT_MOST]:
        raise PlanError(
            _("Units are limited to %(most)d characters: %(units)s.")
            % {"most": INDICATOR_UNIT_MOST, "units": join_names(too_long)}
        )
    return cleaned


def _full_clean(plan: Plan) -> None:
    # The JSON lists are checked by the functions that clean them; an empty one is allowed.
    try:
        plan.full_clean(exclude=["categories", "sub_indicators", "indicators"], validate_constraints=False)
    except ValidationError as error:
        raise PlanError(" ".join(error.messages)) from error


class _Category:
    """A category as the scheme check reads it."""

    def __init__(self, name: str, weight: Decimal):
        self.name, self.weight = name, weight


def _snapshot(plan: Plan) -> dict:
    return {
        **{field: getattr(plan, field) for field in (*PLAIN_FIELDS, *SchemeSettings.SETTINGS_FIELDS)},
        "categories": plan.categories,
        "sub_indicators": plan.sub_indicators,
        "indicators": plan.indicators,
        "deadlines": {d.level: d.deadline for d in plan.deadlines.all()},
    }


@transaction.atomic
def plan_update(
    *,
    plan: Plan,
    values: Mapping[str, object],
    categories: Sequence[tuple[str, Decimal]],
    sub_indicators: Sequence[str],
    indicators: Sequence[tuple[str, str]],
    deadlines: Mapping[str, datetime.date | None],
    user=None,
) -> Plan:
    """Save a draft whole: `values` (the plain fields and scheme settings), the evaluator categories
    (name, weight %), sub-indicators, key indicators (name, unit) and the deadline by level (None: the
    level holds no campaign under the plan). Saved all or none; the checks are those of an evaluation's
    scheme, so a plan that saves is one every host can start from."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _ensure_draft(plan)
    unknown = set(values) - {*PLAIN_FIELDS, *SchemeSettings.SETTINGS_FIELDS}
    if unknown:
        raise TypeError(f"not plan fields: {sorted(unknown)}")
    before = _snapshot(plan)
    for name, value in values.items():
        setattr(plan, name, tidy(value) if name in TEXT_FIELDS else value)
    if not plan.title:
        raise PlanError(_("Give the plan a title."))
    _full_clean(plan)
    cleaned = categories_clean([(name, weight, None) for name, weight in categories])
    plan.categories = [{"name": name, "weight": f"{weight.normalize():f}"} for name, weight, _e in cleaned]
    scheme_check(plan, categories=[_Category(name, weight) for name, weight, _e in cleaned])
    plan.sub_indicators = sub_indicators_clean(sub_indicators)
    plan.indicators = _clean_indicators(indicators)
    days = _clean_deadlines(plan, deadlines)
    plan.save()
    plan.deadlines.all().delete()
    PlanDeadline.objects.bulk_create(
        PlanDeadline(plan=plan, level=level, deadline=day) for level, day in days.items()
    )
    before, after = changes(before, _snapshot(plan))
    if after:
        entry_record(
            action=Action.PLAN_CHANGED,
            actor=user,
            obj=plan,
            organization=plan.issuer,
            before=before,
            after=after,
            label=plan.title,
        )
    return plan


def publish_problems(plan: Plan, today: datetime.date) -> list[str]:
    """What keeps a draft from being published, each saying how to fix it."""
    problems = []
    if not tidy(plan.title):
        problems.append(_("Give the plan a title."))
    deadlines = list(plan.deadlines.all())
    if not deadlines:
        problems.append(
            _("Set the deadline of at least one level: hosts of a level without one are not asked.")
        )
    if past := [d for d in deadlines if d.deadline < today]:
        problems.append(
            _("The deadline of %(levels)s has passed; set a day from today on.")
            % {"levels": join_names(str(d.get_level_display()) for d in past)}
        )
    first, last = year_window(plan.year)
    if outside := [d for d in deadlines if not first <= d.deadline <= last]:
        problems.append(
            _("The deadlines of a plan for %(year)d fall from %(first)s to %(last)s; change %(levels)s.")
            % {
                "year": plan.year,
                "first": first.isoformat(),
                "last": last.isoformat(),
                "levels": join_names(str(d.get_level_display()) for d in outside),
            }
        )
    try:
        rows = [(c["name"], Decimal(c["weight"]), None) for c in plan.categories]
        cleaned = categories_clean(rows)
        scheme_check(plan, categories=[_Category(name, weight) for name, weight, _e in cleaned])
    except DomainError as error:
        problems.append(str(error))
    return problems


@transaction.atomic
def plan_publish(*, plan: Plan, user=None, today: datetime.date | None = None) -> Plan:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _ensure_draft(plan)
    if problems := publish_problems(plan, today or timezone.localdate()):
        raise PlanError(" ".join(problems))
    plan.state = PlanState.PUBLISHED
    plan.published_at = timezone.now()
    plan.published_by = user
    plan.save(update_fields=["state", "published_at", "published_by"])
    entry_record(
        action=Action.PLAN_PUBLISHED,
        actor=user,
        obj=plan,
        organization=plan.issuer,
        after={"state": plan.state, "deadlines": {d.level: d.deadline for d in plan.deadlines.all()}},
        label=plan.title,
    )
    return plan


@transaction.atomic
def plan_delete(*, plan: Plan, user=None) -> None:
    """A draft may be dropped; a published plan stays (campaigns were started from it)."""
    _ensure_draft(plan)
    entry_record(
        action=Action.PLAN_CHANGED,
        actor=user,
        obj=plan,
        organization=plan.issuer,
        before={"year": plan.year, "title": plan.title},
        label=plan.title,
    )
    plan.delete()
