from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from debrief.campaigns.models import Campaign
from debrief.lib.dates import validate_in_range
from debrief.orgs.forms import OrganizationField, OrganizationPicker

from .models import Category, Source, Status
from .selectors import LedgerFilter


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CampaignPicker(OrganizationPicker):
    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["placeholder"] = _("All (type a year or host)")
        return context


class SubtreePicker(OrganizationPicker):
    """The organization box of a filter: left empty, it means every organization."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["placeholder"] = _("All (type a name or code)")
        return context


class CampaignField(forms.ModelChoiceField):
    """A campaign of `queryset` typed as "<year> <host code or name>" (the suggestions offer them as
    one types), or by its id, as links to the ledger give it. Never a list of every campaign."""

    default_error_messages = {"invalid_choice": _("No campaign you can see is “%(value)s”.")}

    def __init__(self, **kwargs):
        super().__init__(widget=CampaignPicker("rectification:campaign_options"), **kwargs)

    def to_python(self, value):
        value = " ".join((value or "").split())
        if value in self.empty_values:
            return None
        found = None
        if value.isdigit():
            found = self.queryset.filter(pk=int(value)).first()
        elif (parts := value.split(" ", 1)) and len(parts) == 2 and parts[0].isdigit():
            year, host = int(parts[0]), parts[1]
            named = self.queryset.filter(year=year).filter(
                Q(host__code=host) | Q(host__name=host) | Q(host__short_name=host)
            )[:2]
            found = named[0] if len(named) == 1 else None
        if found is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )
        return found

    def prepare_value(self, value):
        if isinstance(value, Campaign):
            return campaign_text(value)
        return super().prepare_value(value)


def campaign_text(campaign: Campaign) -> str:
    """What the campaign box shows and takes back: the year and the host's code, as the suggestions
    give it (reads `campaign.host`: select it with the campaign)."""
    return f"{campaign.year} {campaign.host.code}"


# An empty filter means every item: its choice says so rather than a dash line or nothing.
ALL = ("", _("All"))


class LedgerFilterForm(forms.Form):
    campaign = CampaignField(label=_("Campaign"), queryset=None, required=False)
    organization = OrganizationField(
        label=_("Organization (with its subordinates)"),
        queryset=None,
        required=False,
        options_url="rectification:organization_options",
        widget=SubtreePicker("rectification:organization_options"),
    )
    status = forms.ChoiceField(label=_("Status"), choices=[ALL, *Status.choices], required=False)
    source = forms.ChoiceField(label=_("Source"), choices=[ALL, *Source.choices], required=False)
    deadline_from = forms.DateField(
        label=_("Deadline from"), required=False, widget=DateInput(), validators=[validate_in_range]
    )
    deadline_to = forms.DateField(
        label=_("Deadline to"), required=False, widget=DateInput(), validators=[validate_in_range]
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    due_soon = forms.BooleanField(label=_("Due soon only"), required=False)
    carried_over = forms.BooleanField(label=_("Carried over only"), required=False)

    def __init__(self, *args, campaigns, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["organization"].queryset = organizations

    def clean_campaign(self):
        # A link names the campaign by its id; the box shows it as one would type it, never the id.
        campaign = self.cleaned_data["campaign"]
        if campaign is not None:
            self.data = self.data.copy()
            self.data[self.add_prefix("campaign")] = campaign_text(campaign)
        return campaign

    def clean(self):
        data = super().clean()
        start, end = data.get("deadline_from"), data.get("deadline_to")
        if start and end and start > end:
            self.add_error("deadline_to", _("The end of the deadline range comes before its start."))
        return data

    def ledger_filter(self) -> LedgerFilter:
        # Filters that are valid still apply when another one is not (its error shows on the form).
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return LedgerFilter(
            campaign=data.get("campaign"),
            organization=data.get("organization"),
            status=data.get("status", ""),
            overdue=data.get("overdue", False),
            due_soon=data.get("due_soon", False),
            deadline_from=data.get("deadline_from"),
            deadline_to=data.get("deadline_to"),
            source=data.get("source", ""),
            carried_over=data.get("carried_over", False),
        )


MEASURES_HELP = _("One task per line; tasks whose text is unchanged keep whether they are done.")


class ItemForm(forms.Form):
    """An organizer's form: everything about the item. `reporter` only when entering a new one."""

    reporter = forms.ModelChoiceField(label=_("Reporter"), queryset=None)
    description = forms.CharField(label=_("Problem"), widget=forms.Textarea(attrs={"rows": 3}))
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    measures = forms.CharField(
        label=_("Measures"), required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text=MEASURES_HELP
    )
    responsible = forms.ModelChoiceField(
        label=_("Person responsible"),
        queryset=None,
        required=False,
        help_text=_("Empty: the reporter's secretary."),
    )
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput(), validators=[validate_in_range])

    def __init__(self, *args, reporters=None, responsible=None, **kwargs):
        super().__init__(*args, **kwargs)
        if reporters is None:
            del self.fields["reporter"]
        else:
            self.fields["reporter"].queryset = reporters
            self.fields["reporter"].label_from_instance = lambda r: f"{r.organization.name} — {r.person.name}"
        if responsible is None:
            del self.fields["responsible"]
        else:
            self.fields["responsible"].queryset = responsible
            self.fields["responsible"].required = True
            self.fields["responsible"].help_text = ""

    def item_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("reporter", None)
        data["measures"] = data["measures"].splitlines()
        if data.get("responsible") is None:
            data.pop("responsible", None)
        return data


class PlanForm(forms.Form):
    """What the reporter plans: the measures and who answers for the item."""

    measures = ItemForm.base_fields["measures"]
    responsible = forms.ModelChoiceField(label=_("Person responsible"), queryset=None)

    def __init__(self, *args, responsible, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = responsible

    def item_fields(self) -> dict:
        return {
            "measures": self.cleaned_data["measures"].splitlines(),
            "responsible": self.cleaned_data["responsible"],
        }


class BreakDownForm(forms.Form):
    """Sub-items for the organization's own subordinates (its campaign's reporters)."""

    reporters = forms.ModelMultipleChoiceField(
        label=_("Subordinates"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(label=_("Problem"), widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput(), validators=[validate_in_range])

    def __init__(self, *args, reporters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reporters"].queryset = reporters
        self.fields["reporters"].label_from_instance = lambda r: f"{r.organization.name} — {r.person.name}"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("What has been done"), widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(
        label=_("Evidence"),
        required=False,
        help_text=_("PDF, DOCX, XLSX, PNG or JPEG; several files at once."),
    )


class SubmitForm(ProgressForm):
    text = forms.CharField(label=_("How the problem was rectified"), widget=forms.Textarea(attrs={"rows": 3}))


class VerifyForm(forms.Form):
    remarks = forms.CharField(
        label=_("Verification remarks"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when returning the item: say what is missing."),
    )
