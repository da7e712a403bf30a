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


OTHER_COMMENTER = "other"


class CommentForm(forms.Form):
    """A comment, its commenter chosen from the host's leaders (`leaders`) or typed. Without
    leaders on the list, the commenter and the role are typed and chosen as they are."""

    leader = forms.ChoiceField(label=_("Commenter"), required=False)
    commenter = forms.CharField(
        label=_("Commenter"),
        max_length=100,
        required=False,
        help_text=_("Name and post, e.g. “副局长 王建国”."),
    )
    role = forms.ChoiceField(label=_("Role"), required=False)
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

    def __init__(self, *args, leaders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.leaders = {str(leader.pk): leader for leader in leaders}
        roles = list(CommentRole.choices)
        if not self.leaders:
            del self.fields["leader"]
            self.fields["role"].choices = roles
            self.fields["role"].required = True
            self.fields["commenter"].required = True
            return
        self.fields["leader"].choices = [
            ("", _("— choose the commenter —")),
            *(
                (key, f"{leader.commenter} · {leader.get_role_display()}")
                for key, leader in self.leaders.items()
            ),
            (OTHER_COMMENTER, _("Other (type a name)")),
        ]
        # With scripts on, the box for another name shows only once "Other" is chosen (site.js).
        self.fields["leader"].widget.attrs.update(
            {"data-reveals": "id_commenter", "data-reveals-on": OTHER_COMMENTER}
        )
        self.fields["leader"].error_messages["invalid_choice"] = _(
            "This leader is no longer on the list; choose the commenter again."
        )
        self.fields["commenter"].label = _("Other commenter")
        self.fields["commenter"].help_text = _(
            "Only for someone not on the list: post and name, e.g. 副局长 王建国."
        )
        self.fields["role"].choices = [("", _("— the chosen leader's role —")), *roles]

    @classmethod
    def initial_for(cls, comment=None, *, leaders=(), user=None, typed_by_default: str = "") -> dict:
        """What the form shows first: the comment's commenter when editing; otherwise the leader
        whose login `user` is, or `typed_by_default` as another commenter."""
        if comment is not None:
            leader = next((x for x in leaders if x.commenter == comment.commenter), None)
            initial = {"role": comment.role, "commenter": comment.commenter, "leader": OTHER_COMMENTER}
            if leader is not None:
                initial.update(leader=str(leader.pk), commenter="")
            return initial
        leader = next((x for x in leaders if user is not None and x.user_id == user.pk), None)
        if leader is not None:
            return {"leader": str(leader.pk)}
        if typed_by_default:
            return {"leader": OTHER_COMMENTER, "commenter": typed_by_default}
        return {}

    def clean(self):
        data = super().clean()
        if not self.leaders or self.errors:
            return data
        typed = data.get("commenter", "").strip()
        leader = self.leaders.get(data.get("leader", ""))
        if leader is not None:
            if typed and typed != leader.commenter:
                self.add_error(
                    "commenter",
                    _(
                        "You chose %(leader)s from the list and also typed %(typed)s: clear this box, "
                        'or choose "Other" in the list.'
                    )
                    % {"leader": leader.commenter, "typed": typed},
                )
            data["commenter"] = leader.commenter
            data["role"] = data.get("role") or leader.role
            return data
        if not typed:
            if data.get("leader") == OTHER_COMMENTER:
                self.add_error("commenter", _("Type the commenter's post and name, e.g. 副局长 王建国."))
            else:
                self.add_error(
                    "leader",
                    _('Choose the commenter from the host\'s leaders, or choose "Other" and type a name.'),
                )
        elif not data.get("role"):
            self.add_error("role", _("Choose the role in which %(name)s comments.") % {"name": typed})
        return data

    def comment_fields(self) -> dict:
        """What `commenting.comment_save` takes, problems one per non-empty line."""
        data = self.cleaned_data
        problems = [line.strip() for line in data["problems"].splitlines() if line.strip()]
        fields = ("role", "commenter", "achievements", "requirements")
        return {**{key: data[key] for key in fields}, "problems": problems}


class LeaderForm(forms.Form):
    """A leader put on the host's list of those who comment."""

    post = forms.CharField(
        label=_("Post"), max_length=64, help_text=_("As a comment names them, e.g. 副局长.")
    )
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=64)
    role = forms.ChoiceField(label=_("Role"), choices=CommentRole.choices)
    user = forms.ModelChoiceField(
        label=_("Their login"),
        queryset=None,
        required=False,
        empty_label=_("— none —"),
        help_text=_("Linked, the comment form names them when they record a comment themselves."),
        error_messages={
            "invalid_choice": _("Choose a login from the list: only logins with a leader role over the host.")
        },
    )

    def __init__(self, *args, logins, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = logins


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
