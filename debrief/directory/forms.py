from django import forms
from django.utils.translation import gettext_lazy as _

from debrief.lib.tables import TableError, check_size


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Sheet (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    dry_run = forms.BooleanField(label=_("Only check the file; change nothing"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)
        except TableError as error:
            raise forms.ValidationError(str(error)) from error
        return upload
