"""Display rules of the tally (ROUND_HALF_UP, 2 decimals) for templates."""

from django import template

from debrief.evaluation.models import Rating
from debrief.lib import tally

register = template.Library()
GRADES = dict(Rating.choices)


@register.filter
def score(value):
    return "—" if value is None else tally.round_half_up(value)


@register.filter
def pct(value):
    return "—" if value is None else f"{tally.percent(value)}%"


@register.filter
def grade(value):
    return GRADES.get(value, "—") if value else "—"


@register.filter
def rating_count(counts, rating):
    return counts.get(rating, 0)
