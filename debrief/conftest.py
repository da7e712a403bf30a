"""The shared cast of tests: two separate subtrees and one user per role.

province (BJ)
├── city A (CA) ── county A1 (CA1) ── street A1a (CA1a)
└── city B (CB) ── county B1 (CB1)
"""

import datetime
import os
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from debrief.accounts.models import Role
from debrief.campaigns.services import reporters_add
from debrief.orgs.models import Level, OrganizationType
from debrief.testing import office as printing
from debrief.testing.factories import (
    OrganizationFactory,
    PersonFactory,
    PostFactory,
    campaign_open,
    subordinate_with_secretary,
    user_with_role,
)

# Playwright's sync API runs an event loop in the test thread; Django's check
# for async-unsafe calls would otherwise refuse the live server's setup.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher (checked in accounts tests); tests log in a lot.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_outside_requests():
    # Messages of services are asserted in English; pages choose their language per request.
    with translation.override("en"):
        yield


@pytest.fixture
def tree(db):
    province = OrganizationFactory(code="BJ", name="北江省委", level=Level.PROVINCE)
    city_a = OrganizationFactory(code="CA", name="江州市委", level=Level.CITY, parent=province)
    county_a1 = OrganizationFactory(code="CA1", name="江州市东区区委", level=Level.COUNTY, parent=city_a)
    street_a1a = OrganizationFactory(
        code="CA1a",
        name="东区长征街道党工委",
        level=Level.TOWNSHIP,
        org_type=OrganizationType.WORKING_COMMITTEE,
        parent=county_a1,
    )
    city_b = OrganizationFactory(code="CB", name="川北市委", level=Level.CITY, parent=province)
    county_b1 = OrganizationFactory(code="CB1", name="川北市西县县委", level=Level.COUNTY, parent=city_b)
    return SimpleNamespace(
        province=province,
        city_a=city_a,
        county_a1=county_a1,
        street_a1a=street_a1a,
        city_b=city_b,
        county_b1=county_b1,
    )


@pytest.fixture
def cast(tree):
    return SimpleNamespace(
        organizer_a=user_with_role(Role.ORGANIZER, tree.city_a, username="organizer_a"),
        organizer_b=user_with_role(Role.ORGANIZER, tree.city_b, username="organizer_b"),
        leader_a=user_with_role(Role.LEADER, tree.city_a, username="leader_a"),
        reporter_a1=user_with_role(Role.REPORTER, tree.county_a1, username="reporter_a1"),
        observer=user_with_role(Role.OBSERVER, tree.province, username="observer"),
    )


CHROMIUM = os.environ.get("DEBRIEF_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("DEBRIEF_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Each page tells the test what the Content Security Policy refused (an init script is not
# subject to the policy), so every browser test also proves the pages work under it.
REPORT_CSP_REFUSALS = """document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP refused " + e.effectiveDirective + ": " + (e.blockedURI || "inline")
    + " at " + e.sourceFile + ":" + e.lineNumber);
});"""


@pytest.fixture
def csp_refusals():
    """What the policy refused in the test's pages; a test that expects a refusal empties it."""
    refused = []
    yield refused
    assert refused == [], "the Content Security Policy refused part of a page"


@pytest.fixture
def new_context(browser, live_server, csp_refusals):
    """Opens browser contexts (a phone, a projector) on the live server, closed after the test."""
    contexts = []

    def open_context(**kwargs):
        context = browser.new_context(**{"locale": "zh-CN", "base_url": live_server.url, **kwargs})
        context.add_init_script(REPORT_CSP_REFUSALS)
        context.on(
            "console",
            lambda message: message.text.startswith("CSP refused") and csp_refusals.append(message.text),
        )
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(10_000)
    return page


def log_in(page, username: str, password: str = "secret-pass") -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


@pytest.fixture
def counties(tree, cast):
    """City A's three counties with secretaries; county A1's secretary is the reporter_a1 login."""
    county_a2 = subordinate_with_secretary(tree.city_a, "CA2", "江州市西区区委", "李明", level=Level.COUNTY)
    county_a3 = subordinate_with_secretary(tree.city_a, "CA3", "江州市北县县委", "王芳", level=Level.COUNTY)
    post = PostFactory(
        organization=tree.county_a1, person=PersonFactory(name="赵强"), start_date=datetime.date(2020, 1, 1)
    )
    cast.reporter_a1.person = post.person
    cast.reporter_a1.save(update_fields=["person"])
    return SimpleNamespace(a1=tree.county_a1, a2=county_a2, a3=county_a3)


@pytest.fixture
def campaign(tree, cast, counties):
    """City A's 2022 campaign, still being prepared, with no reporters yet."""
    return campaign_open(tree.city_a, year=2022, user=cast.organizer_a)


@pytest.fixture
def reporters(campaign, counties):
    """A1 and A2 report on-site (in that order), A3 in writing."""
    on_site = reporters_add(campaign=campaign, organizations=[counties.a1, counties.a2], mode="on_site")
    written = reporters_add(campaign=campaign, organizations=[counties.a3], mode="written")
    return SimpleNamespace(a1=on_site[0], a2=on_site[1], a3=written[0])


@pytest.fixture
def database_tasks(settings, monkeypatch):
    """Tasks stored in the database, as in production, and a `run_worker()` that runs the queued ones
    through `manage.py db_worker --batch` (the worker's own code path) and returns their results.
    The cache is emptied so figures cached by an earlier test with the same texts do not count."""
    from django.core.cache import cache
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    cache.clear()
    # The worker drops stale connections between tasks; inside a test's transaction that would end
    # the transaction on PostgreSQL (Django's test client skips the same step for requests).
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)

    def run_worker():
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        return list(DBTaskResult.objects.order_by("enqueued_at"))

    yield SimpleNamespace(run_worker=run_worker, queued=DBTaskResult.objects.all)
    cache.clear()


@pytest.fixture(scope="session")
def office(tmp_path_factory):
    """Prints workbooks to PDF with LibreOffice (tests marked `office`); the printouts stay in the
    folder DEBRIEF_PRINTOUTS names, when set, to be looked at (scripts/print_preview.py)."""
    if not printing.available():
        pytest.skip(printing.MISSING)
    kept = os.environ.get("DEBRIEF_PRINTOUTS")
    folder = Path(kept) if kept else tmp_path_factory.mktemp("printouts")
    return printing.Office(folder, tmp_path_factory.mktemp("lo_profile"))


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """The database for a module-scoped fixture that builds a large scenario once for several tests;
    what it writes inside `with module_db():` is rolled back at the end of the block."""

    @contextmanager
    def scenario():
        with (
            django_db_blocker.unblock(),
            override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
            transaction.atomic(),
            translation.override("en"),
        ):
            yield
            transaction.set_rollback(True)

    return scenario
