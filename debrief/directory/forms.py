from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Sheet (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    dry_run = forms.BooleanField(label=_("Only check the file; change nothing"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.DEBRIEF_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is over %(max)d MB (about %(size)d MB); import it in parts.")
                % {"size": -(-upload.size // 2**20), "max": settings.DEBRIEF_IMPORT_MAX_BYTES // 2**20}
            )
        return upload
