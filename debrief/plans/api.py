"""JSON endpoint of a work plan, scoped as its page is: the issuer's overseers, and once published
anyone with a role below the issuer."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ninja import Router, Schema

from debrief.evaluation.models import SchemeSettings

from . import selectors

router = Router(tags=["plans"])


class DeadlineOut(Schema):
    level: str
    deadline: datetime.date


class CategoryOut(Schema):
    name: str
    weight: Decimal


class IndicatorOut(Schema):
    name: str
    unit: str


class PlanOut(Schema):
    id: int
    issuer: str
    issuer_code: str
    year: int
    title: str
    document_number: str
    state: str
    published_at: datetime.datetime | None
    guidance: str
    requirements: str
    deadlines: list[DeadlineOut]
    scheme: dict
    categories: list[CategoryOut]
    sub_indicators: list[str]
    indicators: list[IndicatorOut]
    scheme_locked: bool
    categories_locked: bool
    indicators_locked: bool
    filing_days: int
    conveyance_days: int


@router.get("/plans/{plan_id}", response=PlanOut)
def plan_detail(request, plan_id: int):
    """The plan with its deadlines by level, evaluation scheme, key indicators and locks."""
    plan = selectors.get_plan_for_user(request.user, plan_id)
    return {
        **{name: getattr(plan, name) for name in PlanOut.model_fields if hasattr(plan, name)},
        "issuer": plan.issuer.name,
        "issuer_code": plan.issuer.code,
        "deadlines": [{"level": d.level, "deadline": d.deadline} for d in plan.deadlines.all()],
        "scheme": {
            name: str(value) if isinstance(value, Decimal) else value
            for name in SchemeSettings.SETTINGS_FIELDS
            for value in [getattr(plan, name)]
        },
    }
