"""What the dashboard's charts and tables name: the stages and grades in order, and the charts' data
(drawn by static/debrief/oversight-charts.js with the vendored ECharts)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from debrief.campaigns.models import CampaignState
from debrief.evaluation.models import Rating
from debrief.lib import tally
from debrief.rectification.models import Status

from .dashboard import NOT_STARTED, Dashboard, Figures


def stage_choices() -> list[tuple[str, str]]:
    return [(NOT_STARTED, _("Not started")), *CampaignState.choices]


def grade_choices() -> list[tuple[str, str]]:
    return list(Rating.choices)


def status_choices() -> list[tuple[str, str]]:
    return list(Status.choices)


def percent(rate) -> float | None:
    return None if rate is None else float(tally.percent(rate))


def _series(rows: list[tuple[str, Figures]], choices, counter: str) -> list[dict]:
    return [
        {"key": value, "name": str(label), "data": [getattr(f, counter)[value] for _n, f in rows]}
        for value, label in choices
    ]


def chart_data(board: Dashboard) -> dict:
    rows = [(row.organization.short_name or row.organization.name, row.figures) for row in board.rows]
    if board.own.campaigns or board.own.expected_hosts:
        rows.insert(
            0,
            (
                _("%(name)s itself") % {"name": board.organization.short_name or board.organization.name},
                board.own,
            ),
        )
    return {
        "names": [name for name, _f in rows],
        "stages": _series(rows, stage_choices(), "stages"),
        "grades": _series(rows, grade_choices(), "grades"),
        "coverage": [percent(f.coverage) for _n, f in rows],
        "coverage_label": _("Coverage (%)"),
        "grade_total": [
            {"key": value, "name": str(label), "value": board.total.grades[value]}
            for value, label in grade_choices()
        ],
        "tree": [
            {
                "name": name,
                "value": max(f.should_report, 1),
                "coverage": percent(f.coverage),
            }
            for name, f in rows
        ],
    }


def table_cells(f: Figures) -> dict:
    """A row's figures in the order of the table's columns."""
    return {
        "stages": [(value, label, f.stages[value]) for value, label in stage_choices()],
        "grades": [(value, label, f.grades[value]) for value, label in grade_choices()],
        "coverage": percent(f.coverage),
        "overdue_rate": percent(f.overdue_rate),
        "signed_off_rate": percent(f.signed_off_rate),
    }
