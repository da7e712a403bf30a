from django import forms
from django.utils.translation import gettext_lazy as _

from debrief.audit.models import Action
from debrief.orgs.forms import OrganizationField
from debrief.orgs.models import Organization


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=[("", _("All"))] + Action.choices, required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    q = forms.CharField(label=_("Object or person"), required=False, max_length=100)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start date is after the end date; swap them."))
        return data


class ExemptionForm(forms.Form):
    """An organization the user organizes, in the subtree shown, exempted from the year's campaign."""

    host = OrganizationField(
        queryset=Organization.objects.none(), options_url="oversight:host_options", label=_("Host")
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args, hosts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = hosts
