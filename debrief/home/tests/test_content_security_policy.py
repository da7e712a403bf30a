"""The Content Security Policy: every page runs only the site's own script files."""

import pytest

from debrief.accounts.models import User
from debrief.conftest import log_in
from debrief.testing.factories import evaluation_opened, meeting_set_up

# A stand-in for a template that let markup through: an inline script, an event handler and an
# inline style, added to the page on its way to the browser with the page's own headers.
INJECTED = (
    "<script>window.__inline = 1;</script>"
    '<img id="injected-image" src="/no-such-image.png" onerror="window.__handler = 1">'
    '<p id="injected-style" style="color: rgb(255, 0, 0)">injected</p>'
)


def directives(header: str) -> dict[str, str]:
    parts = (part.strip().partition(" ") for part in header.split(";"))
    return {name: sources for name, _, sources in parts}


@pytest.mark.django_db
def test_every_main_page_answers_with_a_policy_that_runs_no_inline_script(client, cast, campaign, reporters):
    meeting = meeting_set_up(campaign)
    evaluation_opened(campaign, cast.organizer_a)
    anonymous = ["/accounts/login/", f"/meetings/screen/{meeting.screen_key}/", "/vote/"]
    c = f"/campaigns/{campaign.pk}"
    signed_in = [
        "/",
        "/campaigns/",
        "/campaigns/open/",
        f"{c}/",
        f"{c}/reporters/",
        f"/reports/{reporters.a1.pk}/",
        f"{c}/evaluation/",
        f"{c}/evaluation/codes/",
        f"{c}/meeting/",
        f"{c}/meeting/agenda/",
        f"{c}/meeting/attendees/",
        f"{c}/meeting/attendees/cards/",
        f"{c}/meeting/checkin/",
        f"{c}/meeting/control/",
        f"{c}/meeting/comments/",
        "/rectification/",
        "/orgs/",
        "/orgs/CA/",
        "/orgs/import/",
        "/api/v1/docs",
        "/accounts/settings/",
        "/accounts/password/",
        "/oversight/audit/",
    ]
    pages = [(url, None) for url in anonymous] + [(url, cast.organizer_a) for url in signed_in]
    superuser = User.objects.create_superuser("root", password="secret-pass")
    pages += [("/admin/", superuser), (f"/admin/campaigns/campaign/{campaign.pk}/change/", superuser)]

    for url, user in pages:
        if user:
            client.force_login(user)
        else:
            client.logout()
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response.headers.get("Content-Security-Policy", ""))
        assert policy.get("script-src") == "'self'", url
        assert policy.get("style-src") == "'self'", url
        assert policy.get("object-src") == "'none'", url
        assert policy.get("base-uri") == "'self'", url
        assert policy.get("frame-ancestors") == "'none'", url
        assert policy.get("form-action") == "'self'", url


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_inline_script_slipped_into_a_page_does_not_run_while_the_pages_own_scripts_do(
    page, cast, csp_refusals
):
    def inject(route):
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace("</main>", INJECTED + "</main>"))

    log_in(page, "organizer_a")
    page.route("**/orgs/", inject)
    # The handler's refusal comes last: the image fails to load after the page is parsed.
    with page.expect_console_message(lambda message: "script-src-attr" in message.text):
        page.goto("/orgs/")
    assert page.evaluate("() => [window.__inline, window.__handler]") == [None, None]
    assert page.locator("#injected-style").evaluate("p => getComputedStyle(p).color") != "rgb(255, 0, 0)"
    assert sorted(refusal.split(":")[0] for refusal in csp_refusals) == [
        "CSP refused script-src-attr",
        "CSP refused script-src-elem",
        "CSP refused style-src-attr",
    ]
    csp_refusals.clear()

    # The page's own scripts still run: htmx opens a branch of the tree, site.js switches language.
    page.unroute("**/orgs/")
    page.locator("#node-CA summary").click()
    page.wait_for_selector("#node-CA1")
    page.select_option("select[name=language]", "en")
    page.wait_for_selector("html[lang=en]")
    assert page.locator("h1").first.inner_text() == "Organizations"
