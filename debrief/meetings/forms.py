from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from debrief.lib.dates import validate_in_range

from .models import AgendaKind, Attendee, ClosingPointKind, CommentRole, Meeting


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["starts_at", "venue", "presided_by", "guidance", "report_minutes"]
        widgets = {"starts_at": DateTimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].validators.append(validate_in_range)


class AgendaItemForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[c for c in AgendaKind.choices if c[0] != AgendaKind.REPORT]
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    minutes = forms.IntegerField(label=_("Time limit (minutes)"), required=False, min_value=1, max_value=240)


class AgendaItemEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    minutes = forms.IntegerField(label=_("Time limit (minutes)"), required=False, min_value=1, max_value=240)


class AttendeeForm(forms.ModelForm):
    class Meta:
        model = Attendee
        fields = ["name", "unit", "category"]
        labels = {"name": pgettext_lazy("person", "Name")}

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].help_text = _("Leave empty for someone who attends without evaluating.")
        if categories:
            self.fields["category"].widget = forms.Select(
                choices=[("", _("— attends without evaluating —"))] + [(c, c) for c in categories]
            )


class AttendeeImportForm(forms.Form):
    file = forms.FileField(label=_("Attendee list (XLSX or CSV)"))


class CommentForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=CommentRole.choices)
    commenter = forms.CharField(
        label=_("Commenter"), max_length=100, help_text=_("Name and post, e.g. “副局长 王建国”.")
    )
    achievements = forms.CharField(
        label=_("Achievements"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    problems = forms.CharField(
        label=_("Problems"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One problem per line; each becomes an item the rectification ledger can take up."),
    )
    requirements = forms.CharField(
        label=_("Requirements"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def comment_fields(self) -> dict:
        """What `commenting.comment_save` takes, problems one per non-empty line."""
        data = self.cleaned_data
        problems = [line.strip() for line in data["problems"].splitlines() if line.strip()]
        fields = ("role", "commenter", "achievements", "requirements")
        return {**{key: data[key] for key in fields}, "problems": problems}


class QuestionForm(forms.Form):
    asked_by = forms.CharField(label=_("Asked by"), max_length=100)
    question = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}))
    answer = forms.CharField(label=_("Answer"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ClosingSpeechForm(forms.Form):
    """The closing speech's points, one per line under what the meeting did with them."""

    pointed_out = forms.CharField(
        label=ClosingPointKind.POINTED_OUT.label, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    required = forms.CharField(
        label=ClosingPointKind.REQUIRED.label, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    stressed = forms.CharField(
        label=ClosingPointKind.STRESSED.label, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    @classmethod
    def for_speech(cls, parts) -> ClosingSpeechForm:
        """The form showing the points recorded (`selectors.closing_speech`)."""
        return cls(initial={part.kind: "\n".join(part.points) for part in parts})

    def points(self) -> dict[str, list[str]]:
        """What `services.closing_speech_save` takes: each kind's non-empty lines."""
        return {kind: self.cleaned_data[kind].splitlines() for kind in ClosingPointKind.values}
