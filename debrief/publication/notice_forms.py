from django import forms
from django.utils.translation import gettext_lazy as _

from debrief.campaigns.forms import DateInput
from debrief.lib.dates import validate_in_range

from .models import Notice

TEXTAREA = {"rows": 6}


class NoticeForm(forms.ModelForm):
    """The draft's sections; `picks` are candidate problems to add to the problems section."""

    picks = forms.MultipleChoiceField(
        label=_("Add the ticked problems to the section"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Notice
        fields = [
            "title",
            "document_number",
            "meeting_section",
            "evaluation_section",
            "grades_section",
            "problems_section",
            "requirements_section",
            "rectification_deadline",
        ]
        widgets = {
            "rectification_deadline": DateInput(),
            "meeting_section": forms.Textarea(attrs=TEXTAREA),
            "evaluation_section": forms.Textarea(attrs={"rows": 4}),
            "grades_section": forms.Textarea(attrs=TEXTAREA),
            "problems_section": forms.Textarea(attrs={"rows": 10}),
            "requirements_section": forms.Textarea(attrs=TEXTAREA),
        }

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["picks"].choices = [(c.key, c.text) for group in candidates for c in group.candidates]
        self.fields["rectification_deadline"].validators.append(validate_in_range)
        self.fields["document_number"].help_text = _("E.g. “住建党组〔2023〕5号”; may stay empty.")
        self.fields["requirements_section"].help_text = _(
            "Conveyance to lower levels, the rectification deadline, interviews."
        )


class CorrectionForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 3}))
