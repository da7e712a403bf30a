"""The issuer's view of a plan: each expected host's campaign, whether it is late, and what it changed.

Read in a fixed number of queries whatever the subtree's size (a province expects about 2,000 hosts):
the expected hosts, the year's campaigns in the subtree and the plan's adoptions once each; the
differences only for the campaigns on the page shown, four queries for all of them.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from debrief.campaigns.models import Campaign, CampaignState, KeyIndicator
from debrief.evaluation.models import Evaluation, EvaluatorCategory, SchemeSettings, SubIndicator
from debrief.lib import tree_paths
from debrief.orgs.models import Level

from . import selectors
from .models import Plan, PlanAdoption

NOT_STARTED, STARTED, HELD = "not_started", "started", "held"
STATUS_LABELS = {
    NOT_STARTED: gettext_lazy("Not started"),
    STARTED: gettext_lazy("Started"),
    HELD: gettext_lazy("Meeting held"),
}


@dataclass
class HostRow:
    host_id: int
    name: str
    level: str
    deadline: datetime.date
    campaign_id: int | None = None
    campaign_state: str = ""
    meeting_date: datetime.date | None = None
    from_plan: bool = False
    late: bool = False
    changes: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.campaign_id is None:
            return NOT_STARTED
        return STARTED if self.campaign_state == CampaignState.PREPARING else HELD

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def level_label(self) -> str:
        return Level(self.level).label

    @property
    def state_label(self) -> str:
        return CampaignState(self.campaign_state).label if self.campaign_state else ""


@dataclass
class Progress:
    rows: list[HostRow]
    counts: Counter  # status -> hosts, and "late"

    @property
    def expected(self) -> int:
        return len(self.rows)


def progress(plan: Plan, today: datetime.date | None = None) -> Progress:
    """Every expected host with its deadline, campaign and late flag; changes are read by `add_changes`
    for the rows shown."""
    today = today or timezone.localdate()
    deadlines = {d.level: d.deadline for d in plan.deadlines.all()}
    hosts = selectors.expected_hosts(plan, today).values_list("pk", "name", "level")
    upper = tree_paths.subtree_upper_bound(plan.issuer.path)
    campaigns = {
        host_id: (pk, state, meeting_date)
        for pk, host_id, state, meeting_date in Campaign.objects.filter(
            year=plan.year, host__path__gte=plan.issuer.path, host__path__lt=upper
        ).values_list("pk", "host_id", "state", "meeting_date")
    }
    adopted = set(PlanAdoption.objects.filter(plan=plan).values_list("campaign_id", flat=True))
    rows, counts = [], Counter()
    for host_id, name, level in hosts:
        row = HostRow(host_id, name, level, deadlines[level])
        if host_id in campaigns:
            row.campaign_id, row.campaign_state, row.meeting_date = campaigns[host_id]
            row.from_plan = row.campaign_id in adopted
        row.late = row.deadline < today and row.status != HELD
        counts[row.status] += 1
        counts["late"] += row.late
        rows.append(row)
    return Progress(rows, counts)


def _text(value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value) if value not in ("", None) else "—"


def changes_by_campaign(plan: Plan, campaign_ids: list[int]) -> dict[int, list[str]]:
    """What each campaign's settings say that the plan does not, in words: the settings, evaluator
    categories, sub-indicators and key indicators as they stand (four queries for all campaigns)."""
    found: dict[int, list[str]] = defaultdict(list)
    if not campaign_ids:
        return found
    fields = SchemeSettings.SETTINGS_FIELDS
    for row in Evaluation.objects.filter(campaign_id__in=campaign_ids).values("campaign_id", *fields):
        for name in fields:
            if row[name] != getattr(plan, name):
                label = Evaluation._meta.get_field(name).verbose_name
                found[row["campaign_id"]].append(
                    f"{label}: {_text(getattr(plan, name))} → {_text(row[name])}"
                )
    categories = defaultdict(dict)
    for campaign_id, name, weight in EvaluatorCategory.objects.filter(
        evaluation__campaign_id__in=campaign_ids
    ).values_list("evaluation__campaign_id", "name", "weight"):
        categories[campaign_id][name] = weight
    subs = defaultdict(list)
    for campaign_id, name in SubIndicator.objects.filter(
        evaluation__campaign_id__in=campaign_ids
    ).values_list("evaluation__campaign_id", "name"):
        subs[campaign_id].append(name)
    indicators = defaultdict(dict)
    for campaign_id, name, unit in KeyIndicator.objects.filter(campaign_id__in=campaign_ids).values_list(
        "campaign_id", "name", "unit"
    ):
        indicators[campaign_id][name] = unit
    planned_categories = {c["name"]: Decimal(c["weight"]) for c in plan.categories}
    planned_indicators = {i["name"]: i["unit"] for i in plan.indicators}
    for campaign_id in campaign_ids:
        found[campaign_id] += _named_changes(
            planned_categories,
            categories[campaign_id],
            added=_("Evaluator category added: %(name)s (%(value)s%%)"),
            removed=_("Evaluator category removed: %(name)s"),
            changed=_("Weight of %(name)s: %(before)s%% → %(after)s%%"),
        )
        found[campaign_id] += _named_changes(
            dict.fromkeys(plan.sub_indicators, ""),
            dict.fromkeys(subs[campaign_id], ""),
            added=_("Sub-indicator added: %(name)s"),
            removed=_("Sub-indicator removed: %(name)s"),
        )
        found[campaign_id] += _named_changes(
            planned_indicators,
            indicators[campaign_id],
            added=_("Key indicator added: %(name)s"),
            removed=_("Key indicator removed: %(name)s"),
            changed=_("Unit of %(name)s: %(before)s → %(after)s"),
        )
    return found


def _named_changes(planned: dict, actual: dict, *, added: str, removed: str, changed: str = "") -> list[str]:
    lines = [
        added % {"name": name, "value": _text(value)} for name, value in actual.items() if name not in planned
    ]
    lines += [removed % {"name": name} for name in planned if name not in actual]
    if changed:
        lines += [
            changed % {"name": name, "before": _text(value), "after": _text(actual[name])}
            for name, value in planned.items()
            if name in actual and actual[name] != value
        ]
    return lines


def add_changes(plan: Plan, rows: list[HostRow]) -> None:
    """Fill in the changes of the rows' campaigns started from the plan."""
    found = changes_by_campaign(plan, [row.campaign_id for row in rows if row.from_plan])
    for row in rows:
        if row.from_plan:
            row.changes = found.get(row.campaign_id, [])
