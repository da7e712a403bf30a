"""The results XLSX printed as a user prints it: opened in LibreOffice and printed to PDF.

29 reporters rated on the overall indicator and four sub-indicators by 17 evaluators. Each sheet
prints one page across, so that no page holds figures without the names they belong to; the
header rows repeat on every page, each page is numbered, and long texts (the deciding rule, the
calculation sheets) print whole. Built and printed once for the module's tests.
"""

import re
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext

from debrief.accounts.models import Role
from debrief.campaigns.services import reporters_add
from debrief.evaluation import explain, exports, selectors, services
from debrief.orgs.models import Level
from debrief.testing.factories import (
    OrganizationFactory,
    campaign_open,
    evaluation_opened,
    subordinate_with_secretary,
    user_with_role,
)
from debrief.testing.office import pages, without_spaces

pytestmark = [pytest.mark.django_db, pytest.mark.office]

SUB_INDICATORS = ["抓党建责任落实情况", "基层组织建设情况", "党员队伍教育管理", "作风建设和纪律建设"]
PLACES = "东西南北中"
KINDS = ["街道党工委", "镇党委", "经济技术开发区党工委", "乡党委", "高新技术产业园区党工委", "社区党委"]
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金"
RATINGS = ["excellent", "good", "fair", "poor"]
CATEGORIES = {  # the default ones, with the ballots each casts
    "Host leadership team": 6,
    "Secretaries and department heads": 6,
    "Party member and masses representatives": 5,
}


def organization(n: int) -> str:
    return f"平江市{PLACES[n % 5]}{n:02d}{KINDS[n % len(KINDS)]}"


def secretary(n: int) -> str:
    return f"{SURNAMES[n]}书记{n:02d}"


def results_of_29_reporters():
    """A city's closed evaluation of 29 reporters, graded, with ratings spread by a fixed rule; set
    up in Chinese, as users do (the evaluator categories are named in the language of the day)."""
    host = OrganizationFactory(code="PJ", name="平江市委", level=Level.CITY)
    organizer = user_with_role(Role.ORGANIZER, host, username="printing_organizer")
    counties = [
        subordinate_with_secretary(host, f"PJ{n:02d}", organization(n), secretary(n), level=Level.TOWNSHIP)
        for n in range(29)
    ]
    campaign = campaign_open(host, year=2022, user=organizer)
    reporters = reporters_add(campaign=campaign, organizations=counties, mode="on_site")
    services.sub_indicators_set(evaluation=services.evaluation_set_up(campaign), names=SUB_INDICATORS)
    codes = {zh(name): count for name, count in CATEGORIES.items()}
    evaluation, codes = evaluation_opened(campaign, organizer, codes=codes)
    ballots = [code for issued in codes.values() for code in issued]
    for b, code in enumerate(ballots):
        services.ballot_cast(
            code_text=code,
            ratings={r.pk: [RATINGS[(n * b + s) % 7 % 4] for s in range(5)] for n, r in enumerate(reporters)},
        )
    evaluation = services.voting_close(evaluation=evaluation, user=organizer)
    services.routine_scores_set(
        evaluation=evaluation, scores={r.pk: Decimal(80 + n % 20) for n, r in enumerate(reporters)}
    )
    results = selectors.results(evaluation)
    rules = [explain.grade_rule_text(results, row.overall) for row in results.rows]
    return exports.results_xlsx(results), rules


@pytest.fixture(scope="module")
def built(module_db, office):
    with module_db(), translation.override("zh-hans"):
        workbook, rules = results_of_29_reporters()
    return office.to_pdf(results=workbook)["results"], rules


@pytest.fixture(scope="module")
def printed(built) -> list[str]:
    return pages(built[0])


def zh(text: str) -> str:
    with translation.override("zh-hans"):
        return gettext(text)


def of_sheet(printed: list[str], name: str) -> list[str]:
    """The pages of one sheet: each page's header names it (the results sheet by its title)."""
    return [page for page in printed if page.strip().startswith(name)]


def test_every_page_of_the_results_has_the_header_and_the_names_beside_the_figures(printed):
    results = of_sheet(printed, "2022年度党组织书记抓基层党建工作述职评议考核")
    assert results
    for page in results:
        assert zh("Rank") in page and zh("Secretary") in page and zh("Deciding rule") in page
    lines = [line for page in results for line in page.splitlines()]
    for n in range(29):
        (line,) = [line for line in lines if secretary(n) in line]
        assert len(re.findall(r"\d+\.\d\d", line)) >= 5, line  # the row's scores beside the name


def test_every_page_of_the_categories_has_their_header_and_the_names(printed):
    categories = of_sheet(printed, zh("By category"))
    assert categories
    for page in categories:
        assert zh("Secretary") in page and zh("Average points") in page
        assert all(zh(name) in page for name in CATEGORIES)
    named = "".join(categories)
    assert [secretary(n) for n in range(29) if secretary(n) not in named] == []


def test_the_deciding_rules_print_complete(built):
    pdf, rules = built
    text = re.sub(r"\s+", "", "".join(pages(pdf, layout=False)))
    assert [rule for rule in rules if re.sub(r"\s+", "", rule) not in text] == []


def test_every_calculation_sheet_prints(printed):
    sheets = "".join(of_sheet(printed, zh("Calculation sheets")))
    for n in range(29):
        heading = zh("Calculation sheet of %(name)s (%(organization)s)") % {
            "name": secretary(n),
            "organization": organization(n),
        }
        assert re.sub(r"\s+", "", heading) in re.sub(r"\s+", "", sheets)


def test_every_page_is_numbered(printed):
    for number, page in enumerate(printed, start=1):
        footer = zh("Page &P of &N").replace("&P", str(number)).replace("&N", str(len(printed)))
        assert without_spaces(footer) in without_spaces(page)


def test_the_summary_names_every_figure_of_the_count(printed):
    (summary,) = of_sheet(printed, zh("Summary"))
    labels = [line.split()[0] for line in summary.splitlines()[1:] if line.strip()]
    assert [label for label in labels if re.fullmatch(r"[a-z_]+", label)] == []  # no bare keys
