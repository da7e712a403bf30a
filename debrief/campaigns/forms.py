from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from debrief.lib.dates import validate_in_range
from debrief.orgs.forms import OrganizationField
from debrief.orgs.models import Level

from .models import Campaign, CampaignState, ReportMode
from .selectors import CampaignFilter


class DateInput(forms.DateInput):
    input_type = "date"


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["title", "report_deadline", "meeting_date"]
        widgets = {"report_deadline": DateInput(), "meeting_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("report_deadline", "meeting_date"):
            self.fields[name].validators.append(validate_in_range)


class CampaignOpenForm(CampaignForm):
    host_code = forms.CharField(
        label=_("Host organization code"),
        max_length=64,
        help_text=_("The organization whose subordinates' secretaries report."),
        # Suggests the codes the user organizes (the page's <datalist id="hosts">).
        widget=forms.TextInput(attrs={"list": "hosts"}),
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    class Meta(CampaignForm.Meta):
        fields = ["host_code", "year", "title", "report_deadline", "meeting_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Left blank, the usual title for the year is used.")
        self.initial.setdefault("year", timezone.localdate().year - 1)


class AdvanceForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReportersAddForm(forms.Form):
    organizations = forms.MultipleChoiceField(label=_("Organizations"), choices=[])
    mode = forms.ChoiceField(label=_("Mode"), choices=ReportMode.choices, initial=ReportMode.WRITTEN)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].choices = [(str(org.pk), org.name) for org, _post in candidates]


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=100)
    unit = forms.CharField(label=_("Unit"), max_length=16, required=False)


class CampaignFilterForm(forms.Form):
    """The campaign list's filters, sent by GET; a filter that is not valid is left out."""

    level = forms.ChoiceField(
        label=_("Host's level"), choices=[("", _("Any level"))] + Level.choices, required=False
    )
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("Any state"))] + CampaignState.choices, required=False
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    host = OrganizationField(
        label=_("Host (with the organizations below it)"),
        queryset=None,
        required=False,
        options_url="campaigns:host_options",
    )

    def __init__(self, *args, hosts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = hosts
        self.fields["year"].widget.attrs["class"] = "year"

    def campaign_filter(self) -> CampaignFilter:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return CampaignFilter(
            level=data.get("level", ""),
            state=data.get("state", ""),
            year=data.get("year"),
            host=data.get("host"),
        )
