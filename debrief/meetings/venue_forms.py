"""Forms of the sub-venue pages: adding a sub-venue and counting its attendance by category."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from debrief.orgs.forms import OrganizationField


class SubVenueForm(forms.Form):
    organization = OrganizationField(
        label=_("Hosted by (a subordinate organization)"),
        queryset=None,
        options_url="venues:organization_options",
    )
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("E.g. “江州市分会场”."))
    code = forms.CharField(
        label=_("Venue code"),
        max_length=16,
        help_text=_("A few letters or digits, e.g. JZ; printed on the venue's slips."),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class VenueAttendanceForm(forms.Form):
    """Expected and present for each evaluator category, two numbers a row."""

    def __init__(self, *args, categories: list[str], counts: dict[str, tuple[int, int]], **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = categories
        for i, name in enumerate(categories):
            expected, present = counts.get(name, (None, None))
            self.fields[f"expected_{i}"] = forms.IntegerField(
                label=_("%(category)s: expected") % {"category": name},
                min_value=0,
                required=False,
                initial=expected,
            )
            self.fields[f"present_{i}"] = forms.IntegerField(
                label=_("%(category)s: present") % {"category": name},
                min_value=0,
                required=False,
                initial=present,
            )

    def rows(self):
        """(category, expected field, present field) for the template."""
        return [(name, self[f"expected_{i}"], self[f"present_{i}"]) for i, name in enumerate(self.categories)]

    def counts(self) -> dict[str, tuple[int | None, int | None]]:
        return {
            name: (self.cleaned_data.get(f"expected_{i}"), self.cleaned_data.get(f"present_{i}"))
            for i, name in enumerate(self.categories)
        }
