from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Evaluation, SchemeSettings

FORMATS = [("pdf", _("PDF slips to print")), ("csv", _("CSV list"))]


class SchemeForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = list(SchemeSettings.SETTINGS_FIELDS)


class CategoryRowForm(forms.Form):
    name = forms.CharField(label=_("Evaluator category"), max_length=60, required=False)
    weight = forms.DecimalField(
        label=_("Weight (%)"), max_digits=5, decimal_places=2, required=False, min_value=0
    )
    expected = forms.IntegerField(label=_("Expected evaluators"), required=False, min_value=0)


CategoryFormSet = forms.formset_factory(CategoryRowForm, extra=2, max_num=20)


class SubIndicatorsForm(forms.Form):
    names = forms.CharField(
        label=_("Sub-indicators (one per line; the overall rating is always asked)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SaveSchemeForm(forms.Form):
    name = forms.CharField(label=_("Save these rules as a scheme named"), max_length=100)


class IssueCodesForm(forms.Form):
    category = forms.ChoiceField(label=_("Evaluator category"), choices=[])
    count = forms.IntegerField(label=_("Number of codes"), min_value=1, max_value=2000, initial=10)
    file_format = forms.ChoiceField(
        label=_("Download as"), choices=FORMATS, initial="pdf", widget=forms.RadioSelect
    )

    def __init__(self, *args, categories=(), venues: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(str(c.pk), c.name) for c in categories]
        if venues:  # the meeting has sub-venues: codes are issued for one venue at a time
            self.fields["venue"] = forms.ChoiceField(
                label=_("Meeting venue"),
                choices=[("", _("Main venue")), *venues.items()],
                required=False,
            )


class VoidCodeForm(forms.Form):
    """The lost slip, named by its category and the serial printed at its lower right."""

    category = forms.ChoiceField(label=_("Evaluator category"), choices=[])
    serial = forms.IntegerField(
        label=_("Serial number on the slip"),
        min_value=1,
        error_messages={"invalid": _("Enter the serial as a whole number, as printed on the slip.")},
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, initial=_("Slip lost"))

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(str(c.pk), c.name) for c in categories]


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for closing below the quorum"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RoutineImportForm(forms.Form):
    file = forms.FileField(label=_("Routine scores (.xlsx or .csv)"))
