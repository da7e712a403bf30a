"""Setting up an evaluation: its scheme, evaluator categories, sub-indicators and saved schemes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from itertools import pairwise

from django.db import transaction
from django.utils.translation import gettext as _

from debrief.audit.models import Action
from debrief.audit.services import campaign_entry_record, changes
from debrief.campaigns.models import Campaign
from debrief.campaigns.services import ensure_writable
from debrief.lib import tally
from debrief.lib.hooks import Hook
from debrief.lib.text import join_names, tidy, tidy_lines

from .. import selectors
from ..models import Evaluation, EvaluatorCategory, SavedScheme, SchemeSettings, SubIndicator
from .errors import EvaluationError

# Asked before a scheme changes, with the evaluation and what is about to be stored (`settings`: the
# changed settings by name; `categories`: [(name, weight)]; `sub_indicators`: [names]); each function
# answers the problems (empty when none). Plans registers: a campaign started from a work plan keeps
# what the plan locks.
scheme_guard = Hook("problems with changing an evaluation's scheme")


def _ensure_allowed(evaluation: Evaluation, **proposed) -> None:
    problems = [problem for answer in scheme_guard.results(evaluation, **proposed) for problem in answer]
    if problems:
        raise EvaluationError(" ".join(problems))


def default_categories() -> list[tuple[str, Decimal]]:
    return [
        (_("Host leadership team"), Decimal(30)),
        (_("Secretaries and department heads"), Decimal(40)),
        (_("Party member and masses representatives"), Decimal(30)),
    ]


def evaluation_set_up(campaign: Campaign) -> Evaluation:
    """The campaign's evaluation, created from the defaults the first time."""
    with transaction.atomic():
        evaluation, created = Evaluation.objects.get_or_create(campaign=campaign)
        if created:
            for position, (name, weight) in enumerate(default_categories()):
                EvaluatorCategory.objects.create(
                    evaluation=evaluation, name=name, weight=weight, position=position
                )
    return evaluation


def _ensure_setup(evaluation: Evaluation) -> None:
    evaluation.refresh_from_db(fields=["state"])
    if not evaluation.is_setup:
        raise EvaluationError(_("The scheme can be changed only before voting opens."))
    ensure_writable(evaluation.campaign)


def _check_scheme(evaluation: Evaluation) -> None:
    scheme_check(evaluation)


def scheme_check(settings: SchemeSettings, categories: Sequence | None = None) -> None:
    """Points and bands that fall, and rules the tally accepts; `categories` (anything with a name and
    a weight) for settings that keep them elsewhere than an evaluation's rows (a work plan)."""
    points = list(settings.points.values())
    if not all(higher > lower for higher, lower in pairwise(points)):
        raise EvaluationError(_("Points must fall from “excellent” to “poor”."))
    bands = [settings.band_excellent, settings.band_good, settings.band_fair]
    if not all(higher > lower for higher, lower in pairwise(bands)):
        raise EvaluationError(_("The lowest scores of the grades must fall from “excellent” to “fair”."))
    try:
        selectors.tally_scheme(settings, categories=categories)
    except tally.SchemeError as error:  # a rule the checks above do not yet phrase for users
        raise EvaluationError(str(error)) from error


def scheme_update(*, evaluation: Evaluation, **values) -> Evaluation:
    _ensure_setup(evaluation)
    unknown = set(values) - set(SchemeSettings.SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"not scheme settings: {sorted(unknown)}")
    for name, value in values.items():
        setattr(evaluation, name, value)
    evaluation.full_clean(exclude=["campaign", "closed_by"])
    _check_scheme(evaluation)
    _ensure_allowed(evaluation, settings={name: getattr(evaluation, name) for name in values})
    evaluation.save()
    return evaluation


def _clean_categories(
    rows: Sequence[tuple[str, Decimal, int | None]],
) -> list[tuple[str, Decimal, int | None]]:
    cleaned = [(tidy(name), weight, expected) for name, weight, expected in rows if tidy(name)]
    if not cleaned:
        raise EvaluationError(_("Name at least one evaluator category."))
    names = [name for name, _weight, _expected in cleaned]
    if repeated := sorted({name for name in names if names.count(name) > 1}):
        raise EvaluationError(
            _("Each category needs its own name: %(names)s repeated.") % {"names": join_names(repeated)}
        )
    if any(weight is None or weight <= 0 for _name, weight, _expected in cleaned):
        raise EvaluationError(_("Every category needs a weight above 0."))
    total = sum(weight for _name, weight, _expected in cleaned)
    if total != 100:
        raise EvaluationError(
            _("The category weights must add up to 100%%; they add up to %(total)s%%.")
            % {"total": f"{total.normalize():f}"}
        )
    return cleaned


def categories_clean(
    rows: Sequence[tuple[str, Decimal, int | None]],
) -> list[tuple[str, Decimal, int | None]]:
    """Named, distinct categories with weights above 0 that add up to 100 (for a work plan too)."""
    return _clean_categories(rows)


def ensure_scheme_complete(evaluation: Evaluation) -> None:
    """The stored scheme as voting needs it: named categories weighing 100%, points and bands that fall."""
    _clean_categories([(c.name, c.weight, c.expected) for c in evaluation.categories.all()])
    _check_scheme(evaluation)


@transaction.atomic
def categories_set(*, evaluation: Evaluation, rows: Sequence[tuple[str, Decimal, int | None]]) -> None:
    """Replace the evaluator categories (name, weight %, expected evaluators or None)."""
    _ensure_setup(evaluation)
    cleaned = _clean_categories(rows)
    _ensure_allowed(evaluation, categories=[(name, weight) for name, weight, _expected in cleaned])
    existing = {category.name: category for category in evaluation.categories.all()}
    keep = {name for name, _weight, _expected in cleaned}
    dropped = [category for name, category in existing.items() if name not in keep]
    if in_use := [c.name for c in dropped if c.codes.exists()]:
        raise EvaluationError(
            _("Codes have been issued for %(names)s; such a category cannot be removed.")
            % {"names": join_names(in_use)}
        )
    for category in dropped:
        category.delete()
    for position, (name, weight, expected) in enumerate(cleaned):
        category = existing.get(name) or EvaluatorCategory(evaluation=evaluation, name=name)
        category.weight, category.expected, category.position = weight, expected, position
        category.save()


def sub_indicators_clean(names: Sequence[str]) -> list[str]:
    """Distinct sub-indicator names of at most 60 characters, blank lines dropped."""
    names = tidy_lines(names)
    if repeated := sorted({name for name in names if names.count(name) > 1}):
        raise EvaluationError(
            _("Each indicator needs its own name: %(names)s repeated.") % {"names": join_names(repeated)}
        )
    if too_long := [name for name in names if len(name) > 60]:
        raise EvaluationError(
            _("Indicator names are limited to 60 characters: %(names)s.") % {"names": join_names(too_long)}
        )
    return names


@transaction.atomic
def sub_indicators_set(*, evaluation: Evaluation, names: Sequence[str]) -> None:
    _ensure_setup(evaluation)
    names = sub_indicators_clean(names)
    _ensure_allowed(evaluation, sub_indicators=names)
    evaluation.sub_indicators.all().delete()
    SubIndicator.objects.bulk_create(
        SubIndicator(evaluation=evaluation, name=name, position=position)
        for position, name in enumerate(names, start=1)
    )


def scheme_save(*, evaluation: Evaluation, name: str) -> SavedScheme:
    name = tidy(name)
    if not name:
        raise EvaluationError(_("Give the scheme a name."))
    values = {field: getattr(evaluation, field) for field in SchemeSettings.SETTINGS_FIELDS}
    values["categories"] = [{"name": c.name, "weight": str(c.weight)} for c in evaluation.categories.all()]
    values["sub_indicators"] = list(evaluation.sub_indicators.values_list("name", flat=True))
    scheme, _created = SavedScheme.objects.update_or_create(
        host=evaluation.campaign.host, name=name, defaults=values
    )
    return scheme


@transaction.atomic
def scheme_set(
    *,
    evaluation: Evaluation,
    values: Mapping[str, object],
    categories: Sequence[tuple[str, Decimal, int | None]],
    sub_indicators: Sequence[str],
    user=None,
) -> Evaluation:
    """The whole scheme at once: settings, categories and sub-indicators are saved all or none;
    what changed enters the audit trail."""
    evaluation.refresh_from_db()
    before = _snapshot(evaluation)
    scheme_update(evaluation=evaluation, **values)
    categories_set(evaluation=evaluation, rows=categories)
    sub_indicators_set(evaluation=evaluation, names=sub_indicators)
    evaluation.refresh_from_db()  # both snapshots hold values as stored, so they compare alike
    before, after = changes(before, _snapshot(evaluation))
    if after:
        campaign_entry_record(
            campaign=evaluation.campaign,
            action=Action.SCHEME_CHANGED,
            actor=user,
            obj=evaluation,
            before=before,
            after=after,
        )
    return evaluation


def _snapshot(evaluation: Evaluation) -> dict:
    """The scheme as the audit trail shows it: every setting, the categories and sub-indicators."""
    return {
        **{field: getattr(evaluation, field) for field in SchemeSettings.SETTINGS_FIELDS},
        "categories": [
            [c.name, str(c.weight), c.expected] for c in evaluation.categories.order_by("position", "pk")
        ],
        "sub_indicators": list(evaluation.sub_indicators.order_by("position").values_list("name", flat=True)),
    }


def scheme_apply(*, evaluation: Evaluation, scheme: SavedScheme, user=None) -> None:
    scheme_set(
        evaluation=evaluation,
        values={field: getattr(scheme, field) for field in SchemeSettings.SETTINGS_FIELDS},
        categories=[(c["name"], Decimal(c["weight"]), None) for c in scheme.categories],
        sub_indicators=scheme.sub_indicators,
        user=user,
    )
