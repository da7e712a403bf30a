"""The organizer's form for an interview (约谈)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from debrief.lib.dates import validate_in_range

from .interview_services import HELD_BY_MAX


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class InterviewForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput(), validators=[validate_in_range])
    held_by = forms.CharField(
        label=_("Held by"),
        max_length=HELD_BY_MAX,
        help_text=_("Name and post of who held it, e.g. “局党组书记 张卫东”."),
    )
    points = forms.CharField(label=_("Main points"), widget=forms.Textarea(attrs={"rows": 5}))
    commitments = forms.CharField(
        label=_("Commitments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the secretary undertook to do, and by when."),
    )

    @classmethod
    def initial_for(cls, interview) -> dict:
        return {
            "held_on": interview.held_on,
            "held_by": interview.held_by,
            "points": interview.points,
            "commitments": interview.commitments,
        }
