"""Hostile input to every form a user can reach: never a server error, and nothing unreadable
stored (NUL and control characters, dates outside any campaign's years).

The forms are found on the pages themselves, so a new form is covered when its page is listed.
"""

from __future__ import annotations

import datetime
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from debrief.campaigns.models import CampaignState
from debrief.meetings import commenting
from debrief.rectification import services as ledger
from debrief.testing.factories import evaluation_opened, meeting_set_up, report_write

pytestmark = pytest.mark.django_db

HOSTILE = [
    "x" * 20_000,
    "nul\x00byte",
    "pasted\x0bfrom\x0cword\x1b",
    "-1",
    "1e309",
    "Infinity",
    "NaN",
    "0001-01-01",
    "99999-12-31",
    '=HYPERLINK("http://evil.example","点我")',
    "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "999999999999999999999999999999",
    "",
]


class _Forms(HTMLParser):
    """The POST forms of a page: where each goes and the names of its fields."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._current: dict[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._current = {}
            self.forms.append((attrs.get("action") or "", self._current))
        elif (
            self._current is not None
            and tag in ("input", "textarea", "select")
            and attrs.get("name")
            and attrs.get("type") not in ("file", "submit")
        ):
            self._current[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


@pytest.fixture
def scene(cast, campaign, reporters):
    """A campaign at its meeting: reports written, the meeting set up with a comment, voting open,
    and a ledger item, so every form has something to act on."""
    for reporter in (reporters.a1, reporters.a2):
        report_write(reporter)
    meeting = meeting_set_up(campaign)
    comment = commenting.comment_save(
        reporter=reporters.a1,
        role="principal",
        commenter="市委书记 李华",
        problems=["调研不深"],
        user=cast.organizer_a,
    )
    evaluation, _codes = evaluation_opened(campaign, cast.organizer_a)
    item = ledger.item_create(
        campaign=campaign, reporter=reporters.a1, description="调研不深", deadline=datetime.date(2024, 4, 30)
    )
    return meeting, comment, evaluation, item


def _pages(campaign, reporters, comment, evaluation, item) -> list[str]:
    c = f"/campaigns/{campaign.pk}"
    return [
        reverse("campaigns:open"),
        f"{c}/edit/",
        f"{c}/reporters/",
        f"{c}/indicators/",
        f"{c}/",
        f"/reports/{reporters.a1.pk}/",
        f"/reports/{reporters.a2.pk}/edit/",
        f"{c}/meeting/",
        f"{c}/meeting/agenda/",
        f"{c}/meeting/attendees/",
        f"{c}/meeting/checkin/",
        f"{c}/meeting/comments/{reporters.a1.pk}/",
        f"{c}/meeting/comments/{reporters.a1.pk}/{comment.pk}/",
        f"{c}/evaluation/",
        f"{c}/evaluation/codes/",
        f"{c}/evaluation/paper/{evaluation.categories.first().pk}/",
        f"{c}/evaluation/routine/",
        f"/rectification/new/?campaign={campaign.pk}",
        f"/rectification/{item.pk}/",
        f"/rectification/{item.pk}/edit/",
        reverse("accounts:settings"),
        reverse("accounts:password_change"),
        reverse("oversight:audit"),
        reverse("directory:tree"),
        "/vote/",
    ]


def _text_values_stored() -> list[tuple[str, str, str]]:
    """(model, field, value) of every text value stored."""
    values = []
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        if fields:
            for row in model.objects.values_list(*fields):
                values += [
                    (model._meta.label, f, v) for f, v in zip(fields, row, strict=True) if isinstance(v, str)
                ]
    return values


def _dates_stored() -> list[datetime.date]:
    dates = []
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, models.DateField)]
        if fields:
            for row in model.objects.values_list(*fields):
                dates += [value for value in row if value is not None]
    return dates


def test_no_form_answers_hostile_input_with_a_server_error(client, cast, campaign, reporters, scene):
    _meeting, comment, evaluation, item = scene
    client.force_login(cast.organizer_a)
    client.raise_request_exception = False  # collect every server error, not only the first
    refused = []
    for page in _pages(campaign, reporters, comment, evaluation, item):
        response = client.get(page)
        assert response.status_code == 200, page
        finder = _Forms()
        finder.feed(response.content.decode())
        for action, fields in finder.forms:
            target = action or page
            for value in HOSTILE:
                data = {
                    name: (original if name == "csrfmiddlewaretoken" else value)
                    for name, original in fields.items()
                }
                answer = client.post(target, data, HTTP_HX_REQUEST="true" if "hx" in target else None)
                if answer.status_code >= 500:
                    refused.append((target, sorted(fields), repr(value[:30]), answer.status_code))
                client.force_login(cast.organizer_a)  # a form may log out or change the password
    assert refused == [], "\n".join(map(str, refused))
    stored = _text_values_stored()
    assert not [(m, f) for m, f, v in stored if "\x00" in v or "\x0b" in v or "\x1b" in v]
    assert all(
        datetime.date(1900, 1, 1) <= (d.date() if isinstance(d, datetime.datetime) else d)
        for d in _dates_stored()
    )


def test_the_campaign_state_survived_the_barrage(client, cast, campaign, reporters, scene):
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.MEETING
