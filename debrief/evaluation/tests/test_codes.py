"""Ballot codes: issuing beyond the expected evaluators, voiding a lost slip's code by its serial,
the codes adding up in the integrity check, and the slips naming the host."""

import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from debrief.audit.models import Action, Entry
from debrief.evaluation import code_selectors, exports, selectors, services
from debrief.evaluation.models import BallotCode, EvaluationEvent
from debrief.evaluation.services import EvaluationError, VoteError
from debrief.testing.factories import evaluation_opened

LEADERS = "Host leadership team"
SECRETARIES = "Secretaries and department heads"
REPRESENTATIVES = "Party member and masses representatives"


def url(name, campaign):
    return reverse(f"evaluation:{name}", args=[campaign.pk])


def ratings(reporters, rating="good"):
    return {r.pk: [rating] for r in (reporters.a1, reporters.a2, reporters.a3)}


@pytest.fixture
def expecting(campaign, reporters, cast):
    """An evaluation being set up whose leadership team expects 4 evaluators (the others: no number)."""
    evaluation = services.evaluation_set_up(campaign)
    services.categories_set(
        evaluation=evaluation,
        rows=[
            (LEADERS, Decimal(30), 4),
            (SECRETARIES, Decimal(40), None),
            (REPRESENTATIVES, Decimal(30), None),
        ],
    )
    return evaluation


def category(evaluation, name=LEADERS):
    return evaluation.categories.get(name=name)


@pytest.fixture
def opened(campaign, reporters, cast):
    return evaluation_opened(
        campaign, cast.organizer_a, codes={LEADERS: 5, SECRETARIES: 3, REPRESENTATIVES: 0}
    )


# --- Issuing beyond the expected evaluators: service ---------------------------------------------


def test_codes_within_the_expected_evaluators_make_no_excess(expecting):
    assert code_selectors.codes_excess(category(expecting), 4) is None


def test_codes_beyond_the_expected_evaluators_give_the_numbers(expecting, cast):
    services.codes_issue(evaluation=expecting, category=category(expecting), count=3, user=cast.organizer_a)
    excess = code_selectors.codes_excess(category(expecting), 2)
    assert (excess.issued, excess.voided, excess.count, excess.expected) == (3, 0, 2, 4)
    assert (excess.live_after, excess.over) == (5, 1)


def test_a_category_without_an_expected_number_never_exceeds_it(expecting):
    assert code_selectors.codes_excess(category(expecting, SECRETARIES), 500) is None


def test_a_voided_codes_replacement_is_no_excess(expecting, cast):
    services.codes_issue(evaluation=expecting, category=category(expecting), count=4, user=cast.organizer_a)
    services.code_void(
        evaluation=expecting, category=category(expecting), serial=2, reason="遗失", user=cast.organizer_a
    )
    assert code_selectors.codes_excess(category(expecting), 1) is None


def test_codes_issued_beyond_the_expected_say_so_in_the_record(expecting, cast):
    services.codes_issue(evaluation=expecting, category=category(expecting), count=6, user=cast.organizer_a)
    event = EvaluationEvent.objects.get(action=EvaluationEvent.Action.CODES_ISSUED)
    assert event.details == f"{LEADERS}: 6 (1–6) · 6 codes for 4 expected evaluators"


# --- Voiding a lost slip's code: service ---------------------------------------------------------


def test_voiding_a_slips_code_records_who_when_and_why(opened, cast):
    evaluation, _codes = opened
    code = services.code_void(
        evaluation=evaluation,
        category=category(evaluation),
        serial=2,
        reason="  会前遗失 ",
        user=cast.organizer_a,
    )
    stored = BallotCode.objects.get(pk=code.pk)
    assert stored.serial == 2 and stored.is_voided and not stored.used
    assert (stored.voided_by, stored.void_reason) == (cast.organizer_a, "会前遗失")
    event = EvaluationEvent.objects.get(action=EvaluationEvent.Action.CODE_VOIDED)
    assert (event.actor, event.details) == (cast.organizer_a, f"{LEADERS} #2: 会前遗失")
    entry = Entry.objects.get(action=Action.BALLOT_CODE_VOIDED)
    assert entry.actor == cast.organizer_a and entry.object_label == f"{LEADERS} #2"
    assert entry.after == {"category": LEADERS, "serial": 2, "venue": "", "reason": "会前遗失"}


def test_a_voided_code_admits_no_ballot(opened, reporters, cast):
    evaluation, codes = opened
    services.code_void(
        evaluation=evaluation, category=category(evaluation), serial=1, reason="遗失", user=cast.organizer_a
    )
    with pytest.raises(VoteError, match="voided because its slip was reported lost") as refused:
        services.code_lookup(codes[LEADERS][0])
    assert refused.value.kind == "voided"
    services.ballot_cast(code_text=codes[LEADERS][1], ratings=ratings(reporters))  # the others still vote


def test_a_code_voided_while_its_ballot_is_being_filled_in_is_refused_at_submission(opened, reporters, cast):
    evaluation, codes = opened
    found = services.code_lookup(codes[LEADERS][0])  # the ballot page is open on a phone
    services.code_void(
        evaluation=evaluation, category=category(evaluation), serial=1, reason="遗失", user=cast.organizer_a
    )
    with pytest.raises(VoteError) as refused:
        services.ballot_cast(code_text=codes[LEADERS][0], ratings=ratings(reporters), code=found)
    assert refused.value.kind == "voided"
    assert not BallotCode.objects.get(category=category(evaluation), serial=1).used


def test_a_used_code_cannot_be_voided(opened, reporters, cast):
    evaluation, codes = opened
    services.ballot_cast(code_text=codes[LEADERS][0], ratings=ratings(reporters))
    with pytest.raises(EvaluationError, match=f'slip 1 of "{LEADERS}" has already been used to vote'):
        services.code_void(
            evaluation=evaluation,
            category=category(evaluation),
            serial=1,
            reason="遗失",
            user=cast.organizer_a,
        )
    assert not BallotCode.objects.filter(voided_at__isnull=False).exists()


def test_an_unknown_serial_is_named_with_the_highest_issued(opened, cast):
    evaluation, _codes = opened
    with pytest.raises(
        EvaluationError, match=f'No slip of "{LEADERS}" has the serial 9; the highest issued is 5'
    ):
        services.code_void(
            evaluation=evaluation,
            category=category(evaluation),
            serial=9,
            reason="遗失",
            user=cast.organizer_a,
        )


def test_a_serial_of_a_category_without_codes_says_none_were_issued(opened, cast):
    evaluation, _codes = opened
    with pytest.raises(EvaluationError, match=f'No codes of "{REPRESENTATIVES}" have been issued'):
        services.code_void(
            evaluation=evaluation,
            category=category(evaluation, REPRESENTATIVES),
            serial=1,
            reason="遗失",
            user=cast.organizer_a,
        )


def test_a_code_is_voided_once(opened, cast):
    evaluation, _codes = opened
    services.code_void(
        evaluation=evaluation, category=category(evaluation), serial=3, reason="遗失", user=cast.organizer_a
    )
    with pytest.raises(EvaluationError, match="was already voided on"):
        services.code_void(
            evaluation=evaluation,
            category=category(evaluation),
            serial=3,
            reason="再次",
            user=cast.organizer_a,
        )


def test_voiding_needs_a_reason(opened, cast):
    evaluation, _codes = opened
    with pytest.raises(EvaluationError, match="Give the reason for voiding the code"):
        services.code_void(
            evaluation=evaluation, category=category(evaluation), serial=3, reason="  ", user=cast.organizer_a
        )


def test_no_code_is_voided_once_voting_has_closed(opened, cast):
    evaluation, _codes = opened
    services.voting_close(evaluation=evaluation, user=cast.organizer_a, override_reason="测试")
    with pytest.raises(EvaluationError, match="Voting is closed; codes can no longer be voided"):
        services.code_void(
            evaluation=evaluation,
            category=category(evaluation),
            serial=3,
            reason="遗失",
            user=cast.organizer_a,
        )


# --- The integrity check counts voided codes -----------------------------------------------------


def test_issued_codes_are_used_unused_or_voided_and_close_freezes_the_four(opened, reporters, cast):
    evaluation, codes = opened
    services.ballot_cast(code_text=codes[LEADERS][0], ratings=ratings(reporters))
    services.code_void(
        evaluation=evaluation, category=category(evaluation), serial=5, reason="遗失", user=cast.organizer_a
    )
    check = selectors.integrity_check(evaluation)
    assert (check.issued, check.used, check.unused, check.voided) == (8, 1, 6, 1)
    assert check.codes_add_up and check.ok
    turnout = selectors.turnout(evaluation)
    assert (turnout.issued, turnout.used, turnout.unused, turnout.voided) == (8, 1, 6, 1)
    services.voting_close(evaluation=evaluation, user=cast.organizer_a, override_reason="测试")
    evaluation.refresh_from_db()
    assert {key: evaluation.close_check[key] for key in ("issued", "used", "unused", "voided")} == {
        "issued": 8,
        "used": 1,
        "unused": 6,
        "voided": 1,
    }


def test_a_code_both_used_and_voided_fails_the_integrity_check_and_closing(opened, reporters, cast):
    evaluation, codes = opened
    services.ballot_cast(code_text=codes[LEADERS][0], ratings=ratings(reporters))
    # Written past the services, as only a tampered database could be.
    BallotCode.objects.filter(used=True).update(voided_at="2022-06-01T09:00:00+08:00")
    check = selectors.integrity_check(evaluation)
    assert check.issued == 8 and check.used + check.unused + check.voided == 9
    assert not check.codes_add_up and not check.ok
    assert not selectors.turnout(evaluation).codes_add_up
    with pytest.raises(
        EvaluationError, match="integrity check failed .codes issued 8: used 1, unused 7, voided 1"
    ):
        services.voting_close(evaluation=evaluation, user=cast.organizer_a, override_reason="测试")


# --- The codes page ------------------------------------------------------------------------------


def test_the_codes_page_warns_before_issuing_beyond_the_expected_and_issues_once_confirmed(
    client, expecting, campaign, cast
):
    client.force_login(cast.organizer_a)
    leaders = category(expecting)
    form = {"category": leaders.pk, "count": 6, "file_format": "csv"}
    warned = client.post(url("codes", campaign), form, HTTP_ACCEPT_LANGUAGE="en")
    text = warned.content.decode()
    assert warned.status_code == 200 and warned["Content-Type"].startswith("text/html")
    assert 'id="codes-excess"' in text
    assert (
        f'Issuing 6 codes of "{LEADERS}" makes 6 codes for 4 expected evaluators: 2 more than expected '
        "(0 issued so far)." in text
    )
    assert f'name="beyond_expected" value="{leaders.pk}:6"' in text
    assert not BallotCode.objects.exists()

    issued = client.post(url("codes", campaign), {**form, "beyond_expected": f"{leaders.pk}:6"})
    assert issued["Content-Type"].startswith("text/csv")
    assert BallotCode.objects.filter(category=leaders).count() == 6


def test_a_confirmation_given_for_another_number_asks_again(client, expecting, campaign, cast):
    client.force_login(cast.organizer_a)
    leaders = category(expecting)
    form = {"category": leaders.pk, "count": 9, "file_format": "csv", "beyond_expected": f"{leaders.pk}:6"}
    again = client.post(url("codes", campaign), form, HTTP_ACCEPT_LANGUAGE="en")
    assert "makes 9 codes for 4 expected evaluators: 5 more than expected" in again.content.decode()
    assert not BallotCode.objects.exists()


def test_codes_within_the_expected_download_at_once(client, expecting, campaign, cast):
    client.force_login(cast.organizer_a)
    response = client.post(
        url("codes", campaign), {"category": category(expecting).pk, "count": 4, "file_format": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")


def test_the_codes_page_says_slips_are_printed_only_when_codes_are_issued(client, opened, campaign, cast):
    client.force_login(cast.organizer_a)
    text = client.get(url("codes", campaign), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    note = text[text.index('id="print-note"') :]
    assert note.index("Slips can be printed only when codes are issued") < note.index("</p>")
    assert text.index("Issue and download") < text.index('id="print-note"')  # beside the button


def test_a_closed_evaluations_codes_page_says_slips_came_with_issuing(client, opened, campaign, cast):
    evaluation, _codes = opened
    services.voting_close(evaluation=evaluation, user=cast.organizer_a, override_reason="测试")
    client.force_login(cast.organizer_a)
    text = client.get(url("codes", campaign), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "no more codes are issued. Slips can be printed only when codes are issued." in text
    assert 'id="void-form"' not in text


def test_an_organizer_voids_a_lost_slips_code_by_its_serial(client, opened, campaign, cast):
    evaluation, _codes = opened
    client.force_login(cast.organizer_a)
    leaders = category(evaluation)
    response = client.post(
        url("code_void", campaign),
        {"category": leaders.pk, "serial": "4", "reason": "会前遗失"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302 and response["Location"] == url("codes", campaign)
    assert BallotCode.objects.get(category=leaders, serial=4).is_voided
    page = client.get(url("codes", campaign), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert f"The code of slip 4 of &quot;{LEADERS}&quot; is voided: it admits no ballot." in text
    listed = text[text.index('id="voided-codes"') :]
    assert '<td class="num">4</td>' in listed and "会前遗失" in listed and "organizer_a" in listed
    assert 'id="turnout-voided">1<' in text
    assert "Codes issued 8 = used 0 + unused 7 + voided 1" in text
    assert 'id="codes-sum-bad"' not in text


def test_an_unknown_serial_gets_its_own_error_on_the_codes_page(client, opened, campaign, cast):
    evaluation, _codes = opened
    client.force_login(cast.organizer_a)
    response = client.post(
        url("code_void", campaign),
        {"category": category(evaluation, SECRETARIES).pk, "serial": "12", "reason": "遗失"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    error = response.content.decode().split('id="void-error"')[1]
    assert f"No slip of &quot;{SECRETARIES}&quot; has the serial 12; the highest issued is 3." in error
    assert not BallotCode.objects.filter(voided_at__isnull=False).exists()


def test_voiding_a_used_code_is_refused_on_the_codes_page(client, opened, campaign, reporters, cast):
    evaluation, codes = opened
    services.ballot_cast(code_text=codes[LEADERS][0], ratings=ratings(reporters))
    client.force_login(cast.organizer_a)
    response = client.post(
        url("code_void", campaign),
        {"category": category(evaluation).pk, "serial": "1", "reason": "遗失"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert (
        "has already been used to vote, so it cannot be voided: its ballot counts."
        in response.content.decode()
    )


def test_a_serial_that_is_no_number_is_refused_plainly(client, opened, campaign, cast):
    evaluation, _codes = opened
    client.force_login(cast.organizer_a)
    response = client.post(
        url("code_void", campaign),
        {"category": category(evaluation).pk, "serial": "No. 4", "reason": "遗失"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert "Enter the serial as a whole number, as printed on the slip." in response.content.decode()


def test_only_the_campaigns_organizers_void_codes(client, opened, campaign, cast):
    evaluation, _codes = opened
    client.force_login(cast.organizer_b)
    response = client.post(
        url("code_void", campaign), {"category": category(evaluation).pk, "serial": "1", "reason": "遗失"}
    )
    assert response.status_code == 404
    assert not BallotCode.objects.filter(voided_at__isnull=False).exists()


def test_a_voided_code_is_refused_on_the_voting_page(client, opened, cast):
    evaluation, codes = opened
    services.code_void(
        evaluation=evaluation, category=category(evaluation), serial=1, reason="遗失", user=cast.organizer_a
    )
    response = client.post(reverse("vote:enter"), {"code": codes[LEADERS][0]}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert "ask the organizer for a new slip" in response.content.decode()


# --- The slips PDF names the host ----------------------------------------------------------------


def test_the_slips_pdf_names_the_host_organization(client, expecting, campaign, cast):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is not installed")
    client.force_login(cast.organizer_a)
    pdf = client.post(
        url("codes", campaign), {"category": category(expecting).pk, "count": 2, "file_format": "pdf"}
    )
    assert pdf["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True
    ).stdout.decode()
    assert text.splitlines().count(campaign.host.name) == 2  # once on each slip
    assert campaign.host.name == "江州市委"


def test_the_api_turnout_counts_voided_codes(client, opened, cast):
    evaluation, _codes = opened
    services.code_void(
        evaluation=evaluation, category=category(evaluation), serial=1, reason="遗失", user=cast.organizer_a
    )
    client.force_login(cast.leader_a)
    body = client.get(f"/api/v1/campaigns/{evaluation.campaign.pk}/evaluation/turnout").json()
    leaders = next(row for row in body["categories"] if row["category"] == LEADERS)
    assert (leaders["issued"], leaders["used"], leaders["voided"], leaders["expected"]) == (5, 0, 1, 4)


def test_the_results_workbook_names_every_code_count_of_the_integrity_check(opened, reporters, cast):
    evaluation, codes = opened
    services.ballot_cast(code_text=codes[LEADERS][0], ratings=ratings(reporters))
    services.code_void(
        evaluation=evaluation, category=category(evaluation), serial=5, reason="遗失", user=cast.organizer_a
    )
    evaluation = services.voting_close(evaluation=evaluation, user=cast.organizer_a, override_reason="测试")
    workbook = load_workbook(io.BytesIO(exports.results_xlsx(selectors.results(evaluation))))
    summary = {row[0]: row[1] for row in workbook["Summary"].iter_rows(values_only=True) if row[0]}
    assert (summary["Codes issued"], summary["Codes used"]) == (8, 1)
    assert (summary["Codes unused"], summary["Codes voided"]) == (6, 1)
    assert not {"unused", "voided"} & set(summary)
