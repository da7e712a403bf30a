"""The plan's forms. Rows of categories and key indicators come as repeated fields (`category_name`,
`category_weight`, `indicator_name`, `indicator_unit`), so `data-clone-last` adds a row without a script
of our own; `posted_rows` reads them back in order."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from debrief.evaluation.models import SchemeSettings
from debrief.lib.dates import FIRST_YEAR, LAST_YEAR, validate_in_range

from .models import Plan
from .services import PLAIN_FIELDS

LATEST = ""  # the scheme source: the issuer's latest evaluation, else the defaults


class PlanCreateForm(forms.Form):
    issuer = forms.ChoiceField(label=gettext_lazy("Issued by"))
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    scheme = forms.ChoiceField(label=gettext_lazy("Start the evaluation scheme from"), required=False)

    def __init__(self, *args, issuers=(), schemes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].choices = [(str(org.pk), org.name) for org in issuers]
        self.fields["scheme"].choices = [
            (LATEST, _("The issuer’s latest evaluation (or the defaults)")),
            *((str(s.pk), f"{s.host.name} · {s.name}") for s in schemes),
        ]
        year = timezone.localdate().year
        self.initial.setdefault("year", year)
        self.initial.setdefault(
            "title",
            _("Notice on the %(year)d debriefing, review and assessment of Party organization secretaries")
            % {"year": year},
        )


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = [*PLAIN_FIELDS, *SchemeSettings.SETTINGS_FIELDS]
        widgets = {
            "guidance": forms.Textarea(attrs={"rows": 4}),
            "requirements": forms.Textarea(attrs={"rows": 4}),
        }


class DeadlinesForm(forms.Form):
    """One date per level the issuer may plan for; blank: that level is not asked."""

    def __init__(self, *args, levels=(), **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in levels:
            self.fields[f"deadline_{value}"] = forms.DateField(
                label=label,
                required=False,
                validators=[validate_in_range],
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )
        self.levels = [value for value, _label in levels]

    def deadlines(self) -> dict[str, datetime.date | None]:
        return {level: self.cleaned_data.get(f"deadline_{level}") for level in self.levels}


SPARE_ROWS = 1


def posted_rows(data, names: tuple[str, str]) -> list[tuple[str, str]]:
    first, second = (data.getlist(name) for name in names)
    width = max(len(first), len(second))
    first, second = first + [""] * (width - len(first)), second + [""] * (width - len(second))
    return list(zip(first, second, strict=True))


def weights(rows: list[tuple[str, str]]) -> tuple[list[tuple[str, Decimal]], list[str]]:
    """Categories with their weights as numbers, and what could not be read as one."""
    parsed, errors = [], []
    for name, text in rows:
        if not name.strip() and not text.strip():
            continue
        try:
            weight = Decimal(text.strip().rstrip("%"))
        except InvalidOperation:
            errors.append(
                _("“%(value)s” is not a weight; enter a number such as 30 for %(name)s.")
                % {"value": text, "name": name.strip() or "—"}
            )
            continue
        if not weight.is_finite():
            errors.append(_("Enter a number such as 30 for %(name)s.") % {"name": name.strip() or "—"})
            continue
        parsed.append((name, weight))
    return parsed, errors


class StartForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    report_deadline = forms.DateField(
        label=gettext_lazy("Report deadline"),
        validators=[validate_in_range],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    meeting_date = forms.DateField(
        label=gettext_lazy("Meeting date"),
        validators=[validate_in_range],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def suggested_dates(deadline: datetime.date, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """(report deadline, meeting date) to offer: the meeting a week before the level's deadline and the
    reports a week before that, never before today."""
    week = datetime.timedelta(days=7)
    meeting = max(deadline - week, min(today, deadline))
    return max(meeting - week, min(today, meeting)), meeting
