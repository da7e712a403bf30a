"""The evaluation as organizers, leaders and evaluators meet it over HTTP."""

import csv
import io

import pytest
from django.urls import reverse

from debrief.accounts.models import Role
from debrief.campaigns.services import campaign_advance
from debrief.evaluation import selectors, services
from debrief.evaluation.models import Evaluation, StagedBallot
from debrief.lib import ballot_codes
from debrief.testing.factories import evaluation_opened, user_with_role

LEADERS = "Host leadership team"
SECRETARIES = "Secretaries and department heads"
REPRESENTATIVES = "Party member and masses representatives"


def url(name, campaign, *args):
    return reverse(f"evaluation:{name}", args=[campaign.pk, *args])


def ballot_post(code, reporters, *ratings, **extra):
    data = {"code": code, **extra}
    for reporter, rating in zip((reporters.a1, reporters.a2, reporters.a3), ratings, strict=True):
        if rating:
            data[f"r-{reporter.pk}-0"] = rating
    return data


@pytest.fixture
def opened(campaign, reporters, cast):
    return evaluation_opened(
        campaign, cast.organizer_a, codes={LEADERS: 5, SECRETARIES: 3, REPRESENTATIVES: 0}
    )


def test_an_organizer_sets_up_the_scheme_with_the_usual_defaults(client, campaign, reporters, cast):
    client.force_login(cast.organizer_a)
    page = client.get(url("overview", campaign), HTTP_ACCEPT_LANGUAGE="en")
    assert "Set up the evaluation" in page.content.decode()
    response = client.post(url("overview", campaign))
    assert response.status_code == 302
    page = client.get(url("setup", campaign), HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = page.content.decode()
    assert page.status_code == 200
    assert 'value="100' in text and 'value="60' in text  # points and evaluation weight

    form = {
        "action": "save",
        "categories-TOTAL_FORMS": "3",
        "categories-INITIAL_FORMS": "0",
        "categories-0-name": "局领导班子",
        "categories-0-weight": "30",
        "categories-1-name": "各单位书记",
        "categories-1-weight": "50",
        "categories-2-name": "职工代表",
        "categories-2-weight": "10",
        "names": "履行第一责任人职责\n推进重点任务",
        "points_excellent": "100",
        "points_good": "85",
        "points_fair": "70",
        "points_poor": "50",
        "evaluation_weight": "60",
        "good_rate_counts_good": "on",
        "ballot_excellent_cap": "1/3",
        "poor_rate_threshold": "1/3",
        "band_excellent": "90",
        "band_good": "80",
        "band_fair": "60",
        "excellent_grade_cap": "",
        "quorum": "1/2",
        "min_category_ballots_shown": "5",
    }
    refused = client.post(url("setup", campaign), form, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 422
    assert "they add up to 90%" in refused.content.decode()
    form["categories-2-weight"] = "20"
    saved = client.post(url("setup", campaign), form)
    assert saved.status_code == 302
    evaluation = Evaluation.objects.get()
    assert [c.name for c in evaluation.categories.all()] == ["局领导班子", "各单位书记", "职工代表"]
    assert evaluation.ballot_excellent_cap == "1/3"
    assert [i.name for i in evaluation.sub_indicators.all()] == ["履行第一责任人职责", "推进重点任务"]


def test_the_scheme_page_before_set_up_writes_nothing_and_leads_to_the_start_page(
    client, campaign, reporters, cast
):
    client.force_login(cast.organizer_a)
    page = client.get(url("setup", campaign))
    assert page.status_code == 302 and page["Location"] == url("overview", campaign)
    assert not Evaluation.objects.exists()


def test_a_bad_share_is_refused_with_a_specific_message(client, campaign, reporters, cast):
    client.force_login(cast.organizer_a)
    client.post(url("overview", campaign))
    page = client.get(url("setup", campaign))
    form = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    form.update(
        {
            "action": "save",
            "categories-TOTAL_FORMS": "0",
            "categories-INITIAL_FORMS": "0",
            "poor_rate_threshold": "a third",
        }
    )
    response = client.post(url("setup", campaign), form, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert "is not a share; write it as 1/3, 30% or 0.3" in response.content.decode()


def test_issued_codes_download_as_printable_slips_or_csv_and_work(client, campaign, reporters, cast):
    client.force_login(cast.organizer_a)
    client.post(url("overview", campaign))
    evaluation = Evaluation.objects.get()
    category = evaluation.categories.first()
    assert category.name == "领导班子成员"  # set up from a Chinese page, the defaults are in Chinese
    pdf = client.post(url("codes", campaign), {"category": category.pk, "count": 4, "file_format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert pdf["Cache-Control"] == "no-store"
    listing = client.post(url("codes", campaign), {"category": category.pk, "count": 3, "file_format": "csv"})
    rows = list(csv.reader(io.StringIO(listing.content.decode("utf-8-sig"))))
    assert len(rows) == 4  # header and three codes
    codes = [row[2] for row in rows[1:]]
    assert [row[0] for row in rows[1:]] == ["5", "6", "7"]  # serials continue after the first four
    assert all(row[3] == "http://testserver/vote/#" + ballot_codes.normalize(row[2]) for row in rows[1:])
    assert selectors.turnout(evaluation).issued == 7
    with pytest.raises(services.VoteError) as refused:  # the codes are real, voting is not open yet
        services.code_lookup(codes[0])
    assert refused.value.kind == "not_open"


def test_an_evaluator_votes_on_the_phone_page_and_gets_a_receipt(client, opened, reporters):
    evaluation, codes = opened
    code = codes[LEADERS][0]
    start = client.get(reverse("vote:enter"))
    assert start.status_code == 200 and 'name="code"' in start.content.decode()

    ballot = client.post(reverse("vote:enter"), {"code": code.lower()})
    text = ballot.content.decode()
    assert ballot.status_code == 200
    # Every reporter, on-site first in speaking order, then the written one.
    assert text.index("赵强") < text.index("李明") < text.index("王芳")
    assert text.count('type="radio"') == 3 * 4

    incomplete = client.post(reverse("vote:submit"), ballot_post(code, reporters, "excellent", "good", None))
    assert incomplete.status_code == 422
    assert "尚未评价：王芳" in incomplete.content.decode()
    assert 'value="excellent" checked' in incomplete.content.decode()  # what was chosen is kept
    assert not StagedBallot.objects.exists()

    done = client.post(reverse("vote:submit"), ballot_post(code, reporters, "excellent", "good", "fair"))
    assert done.status_code == 200
    receipt = done.context["receipt"]
    assert receipt in done.content.decode()
    # The link to check it later says what it leads to, and its address can be noted down.
    receipts = reverse("vote:receipts", args=[evaluation.public_key])
    assert f'href="{receipts}" id="receipts-link">本次测评公布的回执码</a>' in done.content.decode()
    assert f"http://testserver{receipts}" in done.content.decode()
    assert StagedBallot.objects.count() == 1

    again = client.post(reverse("vote:submit"), ballot_post(code, reporters, "poor", "poor", "poor"))
    assert again.status_code == 422
    assert "该测评码已使用" in again.content.decode()
    assert StagedBallot.objects.count() == 1


def test_the_voting_page_speaks_chinese_by_default(client, opened, reporters):
    evaluation, codes = opened
    page = client.post(reverse("vote:enter"), {"code": codes[LEADERS][0]})
    text = page.content.decode()
    assert "民主测评" in text and "较好" in text and "提交" in text


def test_turnout_updates_without_results_while_voting_is_open(client, opened, reporters, cast):
    evaluation, codes = opened
    client.force_login(cast.organizer_a)
    client.post(reverse("vote:submit"), ballot_post(codes[LEADERS][0], reporters, "good", "good", "fair"))
    fragment = client.get(url("turnout", evaluation.campaign), HTTP_ACCEPT_LANGUAGE="en")
    assert "1 of 8 expected evaluators have voted" in fragment.content.decode()
    overview = client.get(url("overview", evaluation.campaign))
    assert 'hx-trigger="every 2s"' in overview.content.decode()
    assert client.get(url("results", evaluation.campaign)).status_code == 404
    assert client.get(url("results_xlsx", evaluation.campaign)).status_code == 404


def test_closing_with_a_quorum_needs_no_reason_and_the_results_sheet_and_xlsx_show(
    client, opened, reporters, cast
):
    evaluation, codes = opened
    campaign = evaluation.campaign
    client.force_login(cast.organizer_a)
    for code in codes[LEADERS]:
        client.post(reverse("vote:submit"), ballot_post(code, reporters, "excellent", "good", "fair"))
    closed = client.post(url("close", campaign), {"reason": ""}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "Only 5 of 8 expected evaluators have voted" not in closed.content.decode()  # 5 of 8 is a quorum
    assert Evaluation.objects.get().is_closed
    assert Evaluation.objects.get().quorum_override_reason == ""
    services.routine_scores_set(
        evaluation=evaluation, scores={r.pk: 90 for r in (reporters.a1, reporters.a2, reporters.a3)}
    )
    page = client.get(url("results", campaign), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Not yet recounted" in text
    assert "echarts.min.js" in text
    sheet = client.get(url("sheet", campaign, reporters.a1.pk), HTTP_ACCEPT_LANGUAGE="en")
    assert sheet.status_code == 200
    # Leaders cast 5 ballots and are shown; nothing else voted.
    assert LEADERS in sheet.content.decode()
    xlsx = client.get(url("results_xlsx", campaign))
    assert xlsx.content.startswith(b"PK")


def test_a_small_category_is_never_shown_on_its_own(client, opened, reporters, cast):
    evaluation, codes = opened
    campaign = evaluation.campaign
    client.force_login(cast.organizer_a)
    for code in codes[LEADERS]:
        client.post(reverse("vote:submit"), ballot_post(code, reporters, "excellent", "good", "fair"))
    client.post(reverse("vote:submit"), ballot_post(codes[SECRETARIES][0], reporters, "poor", "good", "fair"))
    services.voting_close(evaluation=evaluation, user=cast.organizer_a, override_reason="测试")
    sheet = client.get(url("sheet", campaign, reporters.a1.pk), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert SECRETARIES not in sheet
    assert "Small categories, combined" in sheet


def test_closing_below_the_quorum_without_a_reason_is_refused_on_the_page(client, opened, reporters, cast):
    evaluation, codes = opened
    client.force_login(cast.organizer_a)
    client.post(reverse("vote:submit"), ballot_post(codes[LEADERS][0], reporters, "good", "good", "fair"))
    page = client.post(
        url("close", evaluation.campaign), {"reason": ""}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Only 1 of 8 expected evaluators have voted" in page.content.decode()
    assert Evaluation.objects.get().is_open
    client.post(url("close", evaluation.campaign), {"reason": "会议临时调整"})
    assert Evaluation.objects.get().quorum_override_reason == "会议临时调整"


def test_receipts_are_published_after_close_and_can_be_checked(client, opened, reporters, cast):
    evaluation, codes = opened
    done = client.post(
        reverse("vote:submit"), ballot_post(codes[LEADERS][0], reporters, "good", "good", "fair")
    )
    receipt = done.context["receipt"]
    before = client.get(reverse("vote:receipts", args=[evaluation.public_key]))
    assert receipt not in before.content.decode()
    services.voting_close(evaluation=evaluation, user=cast.organizer_a, override_reason="测试")
    listing = client.get(
        reverse("vote:receipts", args=[evaluation.public_key]),
        {"receipt": receipt.lower()},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    text = listing.content.decode()
    assert receipt in text and "that ballot was counted" in text


def test_only_the_hosts_organizers_run_the_evaluation_and_leaders_read_results(
    client, opened, reporters, cast
):
    evaluation, codes = opened
    campaign = evaluation.campaign
    for user in (cast.organizer_b, cast.reporter_a1):
        client.force_login(user)
        assert client.get(url("overview", campaign)).status_code == 404
        assert client.post(url("close", campaign), {"reason": "x"}).status_code == 404
    client.force_login(cast.leader_a)
    assert client.get(url("overview", campaign)).status_code == 200
    assert client.get(url("setup", campaign)).status_code == 404
    assert client.post(url("codes", campaign), {"count": 1}).status_code == 404
    services.voting_close(evaluation=evaluation, user=cast.organizer_a, override_reason="测试")
    assert client.get(url("results", campaign)).status_code == 200


def test_paper_entries_by_two_organizers_show_mismatches_cell_by_cell(client, opened, reporters, cast, tree):
    evaluation, codes = opened
    category = evaluation.categories.get(name=SECRETARIES)
    second = user_with_role(Role.ORGANIZER, tree.city_a, username="second_organizer")

    def entry(user, a2_good):
        client.force_login(user)
        data = {"ballots": "4"}
        for reporter, counts in (
            (reporters.a1, {"excellent": 4}),
            (reporters.a2, {"good": a2_good, "fair": 4 - a2_good}),
            (reporters.a3, {"fair": 4}),
        ):
            for rating, n in counts.items():
                data[f"c-{reporter.pk}-{rating}"] = str(n)
        return client.post(url("paper", evaluation.campaign, category.pk), data, HTTP_ACCEPT_LANGUAGE="en")

    assert entry(cast.organizer_a, 3).status_code == 302
    assert entry(second, 2).status_code == 302
    page = client.get(
        url("paper", evaluation.campaign, category.pk), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "The two entries differ in these cells" in page
    assert page.count("<tr><td>江州市西区区委 李明</td>") == 2
    entry(second, 3)
    page = client.get(
        url("paper", evaluation.campaign, category.pk), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Both entries match" in page


def test_routine_scores_are_entered_on_the_page_with_per_row_errors(client, opened, reporters, cast):
    evaluation, codes = opened
    client.force_login(cast.organizer_a)
    data = {
        f"score-{reporters.a1.pk}": "95.5",
        f"score-{reporters.a2.pk}": "101",
        f"score-{reporters.a3.pk}": "",
    }
    refused = client.post(url("routine", evaluation.campaign), data, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 422
    assert "A score lies from 0 to 100, not 101" in refused.content.decode()
    assert not evaluation.routine_scores.exists()
    data[f"score-{reporters.a2.pk}"] = "88"
    assert client.post(url("routine", evaluation.campaign), data).status_code == 302
    assert sorted(evaluation.routine_scores.values_list("score", flat=True)) == [88, 95.5]


def test_the_api_gives_turnout_while_open_and_results_only_after_close(client, opened, reporters, cast):
    evaluation, codes = opened
    client.force_login(cast.leader_a)
    for code in codes[LEADERS]:
        services.ballot_cast(
            code_text=code, ratings={r.pk: ["good"] for r in (reporters.a1, reporters.a2, reporters.a3)}
        )
    services.ballot_cast(
        code_text=codes[SECRETARIES][0],
        ratings={r.pk: ["poor"] for r in (reporters.a1, reporters.a2, reporters.a3)},
    )
    campaign_id = evaluation.campaign.pk
    turnout = client.get(f"/api/v1/campaigns/{campaign_id}/evaluation/turnout").json()
    assert (turnout["voted"], turnout["expected"], turnout["quorum_met"]) == (6, 8, True)
    assert client.get(f"/api/v1/campaigns/{campaign_id}/evaluation/results").status_code == 404

    services.voting_close(evaluation=evaluation, user=cast.organizer_a)
    body = client.get(f"/api/v1/campaigns/{campaign_id}/evaluation/results").json()
    first = body["results"][0]
    assert body["last_recount"] is None and body["preview"]
    assert first["counts"] == {"excellent": 0, "good": 5, "fair": 0, "poor": 1}
    # The one secretary's ballot is never shown as its own category: leaders and secretaries combine.
    assert [c["category"] for c in first["categories"] if c["valid"]] == [None]
    assert SECRETARIES not in str(body)
    client.force_login(cast.organizer_b)
    assert client.get(f"/api/v1/campaigns/{campaign_id}/evaluation/turnout").status_code == 404


def test_a_refused_ballot_with_sub_indicators_comes_back_with_every_choice_kept(
    client, campaign, reporters, cast
):
    campaign_advance(campaign=campaign, user=cast.organizer_a, reason="测试")
    evaluation = services.evaluation_set_up(campaign)
    services.sub_indicators_set(evaluation=evaluation, names=["履行责任", "推进重点任务"])
    code = services.codes_issue(evaluation=evaluation, category=evaluation.categories.first(), count=1)[0]
    services.voting_open(evaluation=evaluation, user=cast.organizer_a)
    data = ballot_post(code, reporters, "good", "fair", None)
    data[f"r-{reporters.a1.pk}-2"] = "excellent"  # a sub-indicator rated, the one before it not
    page = client.post(reverse("vote:submit"), data)
    assert page.status_code == 422
    text = page.content.decode()
    assert f'name="r-{reporters.a1.pk}-2" value="excellent" checked' in text
    assert f'name="r-{reporters.a2.pk}-0" value="fair" checked' in text
    assert not StagedBallot.objects.exists()
