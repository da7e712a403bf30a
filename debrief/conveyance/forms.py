from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from debrief.lib.dates import date_problem, validate_in_range

from .services import TaskInput


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ConveyanceForm(forms.Form):
    """The conveyance's own fields; the tasks come as rows (`task_rows`). `meeting` only when new."""

    meeting = forms.ModelChoiceField(
        label=gettext_lazy("Superior's meeting"),
        queryset=None,
        error_messages={
            "invalid_choice": gettext_lazy(
                "That is not a held meeting of one of this organization's superiors; choose one from the list."
            )
        },
    )
    held_on = forms.DateField(
        label=gettext_lazy("Held on"), widget=DateInput(), validators=[validate_in_range]
    )
    presided_by = forms.CharField(
        label=gettext_lazy("Presided by"),
        max_length=200,
        help_text=gettext_lazy("Name and post, e.g. the town's Party secretary."),
    )
    attendance = forms.IntegerField(label=gettext_lazy("Present"), min_value=1)
    expected = forms.IntegerField(label=gettext_lazy("Expected"), min_value=1, required=False)
    points = forms.CharField(label=gettext_lazy("Points conveyed"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meetings is None:
            del self.fields["meeting"]
        else:
            self.fields["meeting"].queryset = meetings
            self.fields["meeting"].label_from_instance = lambda m: (
                f"{timezone.localdate(m.starts_at).isoformat()} {m.campaign.host.name} · {m.campaign.title}"
            )

    def clean(self):
        data = super().clean()
        present, expected = data.get("attendance"), data.get("expected")
        if present and expected and present > expected:
            self.add_error("attendance", _("More present than expected; correct either number."))
        return data


@dataclass
class TaskRow:
    """One row as typed, for redisplay."""

    pk: str = ""
    text: str = ""
    owner: str = ""
    deadline: str = ""
    item: object = None  # the ledger item of a recorded task


def rows_from_tasks(tasks) -> list[TaskRow]:
    return [
        TaskRow(str(task.pk), task.text, str(task.owner_id), task.deadline.isoformat(), task.item)
        for task in tasks
    ]


def task_rows(data, owners, recorded: dict | None = None) -> tuple[list[TaskRow], list[TaskInput], list[str]]:
    """The rows typed (a row without text and deadline is an empty one, left out), what they ask for,
    and what is wrong with them, by row."""
    recorded = recorded or {}
    by_pk = {str(person.pk): person for person in owners}
    columns = [data.getlist(name) for name in ("task_id", "task_text", "task_owner", "task_deadline")]
    rows, inputs, errors = [], [], []
    for pk, text, owner, deadline in zip(*columns, strict=False):
        row = TaskRow(pk.strip(), text, owner, deadline.strip(), None)
        if not (row.pk or text.strip() or row.deadline):
            continue
        number = len(rows) + 1
        rows.append(row)
        task_pk = int(row.pk) if row.pk.isdigit() and int(row.pk) in recorded else None
        if row.pk and task_pk is None:
            errors.append(
                _("Task %(number)d: reload the page; the task is not this record's.") % {"number": number}
            )
            continue
        row.item = recorded[task_pk].item if task_pk else None
        day = None
        try:
            day = datetime.date.fromisoformat(row.deadline) if row.deadline else None
        except ValueError:
            errors.append(_("Task %(number)d: enter the deadline as a date.") % {"number": number})
            continue
        if day is not None and (problem := date_problem(day)):
            errors.append(_("Task %(number)d: %(problem)s") % {"number": number, "problem": problem})
            continue
        inputs.append(TaskInput(text=text, owner=by_pk.get(owner), deadline=day, pk=task_pk))
    return rows, inputs, errors
