"""A form field for choosing one organization among thousands: a text box for its code that suggests
organizations as one types, without rendering every choice."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Organization
from .selectors import search_organizations

# How many suggestions an options endpoint answers with; the user types more to narrow them.
SUGGESTIONS = 20


class OrganizationPicker(forms.TextInput):
    """A text box with a <datalist>: htmx asks `options_url` (a URL name) for <option>s as the user
    types (GET with the box's own name and value) and puts them in the list. No script of the page's
    own runs, so the Content Security Policy allows it; without htmx, the box still takes a code."""

    template_name = "orgs/widgets/organization_picker.html"

    def __init__(self, options_url: str, attrs=None):
        super().__init__(attrs)
        self.options_url = options_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        list_id = f"{widget_attrs.get('id') or name}-options"
        widget_attrs.update(
            {
                "type": "search",
                "list": list_id,
                "autocomplete": "off",
                "placeholder": _("Name or code"),
                "hx-get": reverse(self.options_url),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{list_id}",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
            }
        )
        context["widget"]["list_id"] = list_id
        return context


class OrganizationField(forms.ModelChoiceField):
    """An organization of `queryset` by its code, or by its exact name or short name when that names
    one organization only. Anything else, inside the user's subtrees or not, is the same error, so
    the field does not tell which organizations exist elsewhere."""

    default_error_messages = {"invalid_choice": _("No organization you can see has this code or name.")}

    def __init__(self, *, queryset, options_url: str, **kwargs):
        kwargs.setdefault("widget", OrganizationPicker(options_url))
        super().__init__(queryset=queryset, to_field_name="code", **kwargs)

    def to_python(self, value):
        value = (value or "").strip()
        if value in self.empty_values:
            return None
        found = self.queryset.filter(code=value).first()
        if found is None:
            named = list(self.queryset.filter(name=value)[:2]) or list(
                self.queryset.filter(short_name=value)[:2]
            )
            found = named[0] if len(named) == 1 else None
        if found is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return found

    def prepare_value(self, value):
        if isinstance(value, Organization):
            return value.code
        return super().prepare_value(value)


def suggestions(base, query: str) -> list[Organization]:
    """What an options endpoint answers: organizations of `base` matching the typed text."""
    return search_organizations(base, query, limit=SUGGESTIONS)
