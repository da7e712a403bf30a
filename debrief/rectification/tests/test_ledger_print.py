"""The ledger XLSX printed as a user prints it: opened in LibreOffice and printed to PDF.

A ledger of 105 items with long problems and three long measures each must print whole: every text
complete (a row too low cuts it mid-sentence), the header row on every page, one page across and as
many pages down as the rows need, each page numbered. The ledger is built and printed once for the
module's tests (printing takes seconds).
"""

import datetime

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext

from debrief.accounts.models import Role
from debrief.campaigns.services import reporters_add
from debrief.orgs.models import Level
from debrief.rectification import exports, services
from debrief.rectification.selectors import LedgerFilter, ledger_items
from debrief.testing.factories import (
    OrganizationFactory,
    campaign_open,
    subordinate_with_secretary,
    user_with_role,
)
from debrief.testing.office import pages, without_spaces

pytestmark = [pytest.mark.django_db, pytest.mark.office]

ITEMS = 105
TODAY = datetime.date(2023, 5, 1)
OPENINGS = [
    "落实全面从严治党主体责任不够到位，对所属基层党组织的督促指导偏少，",
    "“三会一课”制度执行不够规范，部分党支部组织生活质量不高、形式比较单一，",
    "党建工作与业务工作结合不够紧密，存在“两张皮”现象，",
    "对年轻党员的教育管理不够到位，发展党员工作程序有不规范的地方，",
    "基层党组织书记队伍建设有短板，个别书记抓党建的能力和精力不足，",
]
MIDDLES = [
    "上级巡察反馈和群众来信反映的问题整改进度偏慢，",
    "台账资料不齐全，会议记录和学习笔记内容简单，",
    "党费收缴、使用和管理的制度执行不够严格，",
    "谈心谈话和民主评议党员流于形式，批评与自我批评辣味不足，",
]


def problem(number: int) -> str:
    """A realistic problem of about 90 characters; its unique ending shows whether it printed whole."""
    return (
        OPENINGS[number % len(OPENINGS)]
        + MIDDLES[number % len(MIDDLES)]
        + f"需要在年内逐项整改到位，本条为第{number:03d}号问题的完整描述。"
    )


def measures(number: int) -> list[str]:
    return [
        "由党组书记牵头制定专项整改方案，明确责任分工和完成时限，每月召开一次推进会听取进展，"
        f"第{number:03d}号措施{k}。"
        for k in (1, 2, 3)
    ]


def ledger_of_105_items() -> bytes:
    """A city's ledger: 105 items spread over three counties, half of them with progress reported."""
    host = OrganizationFactory(code="PJ", name="平江市委", level=Level.CITY)
    organizer = user_with_role(Role.ORGANIZER, host, username="printing_organizer")
    counties = [
        subordinate_with_secretary(host, f"PJ{n}", name, secretary, level=Level.COUNTY)
        for n, (name, secretary) in enumerate(
            [("平江市东区区委", "赵强"), ("平江市西区区委", "李明"), ("平江市北县县委", "王芳")], start=1
        )
    ]
    campaign = campaign_open(host, year=2022, user=organizer)
    reporters = reporters_add(campaign=campaign, organizations=counties, mode="on_site")
    for number in range(1, ITEMS + 1):
        item = services.item_create(
            campaign=campaign,
            reporter=reporters[number % 3],
            description=problem(number),
            deadline=datetime.date(2023, 6, 30),
            user=organizer,
            measures=measures(number),
        )
        if number % 2:
            services.progress_add(
                item=item, user=organizer, text=f"已召开专题会议研究部署，第{number:03d}号进展。"
            )
    items = ledger_items(organizer, LedgerFilter(campaign=campaign), TODAY, with_measures=True)
    return exports.ledger_xlsx(items, title=exports.ledger_title(campaign), today=TODAY)


@pytest.fixture(scope="module")
def pdf(module_db, office):
    with module_db():
        ledger = ledger_of_105_items()
    return office.to_pdf(ledger=ledger)["ledger"]


@pytest.fixture(scope="module")
def printed(pdf) -> list[str]:
    return pages(pdf)


def in_chinese(text: str, context: str | None = None) -> str:
    # A text added after the last translation round reads in English until it is translated.
    with translation.override("zh-hans"):
        return pgettext(context, text) if context else gettext(text)


def test_every_problem_and_measure_prints_complete(pdf):
    text = without_spaces("".join(pages(pdf, layout=False)))
    cut = [problem(n) for n in range(1, ITEMS + 1) if problem(n) not in text]
    cut += [m for n in range(1, ITEMS + 1) for m in measures(n) if without_spaces(m) not in text]
    assert cut == []


def test_the_rows_flow_onto_as_many_pages_as_they_need(printed):
    assert len(printed) > 2 * 2  # 105 long rows: far more than two pages


def test_every_page_has_the_header_row_and_its_number(printed):
    for number, page in enumerate(printed, start=1):
        assert "问题描述" in page and "整改措施" in page and "完成时限" in page
        footer = in_chinese("Page &P of &N").replace("&P", str(number)).replace("&N", str(len(printed)))
        assert without_spaces(footer) in without_spaces(page)


def test_every_page_is_one_page_across_to_the_last_column(printed):
    last = in_chinese("Signed off on", "ledger")
    assert all(last in page for page in printed)


def test_the_pages_after_the_first_repeat_the_title_on_top(printed):
    title = "2022年度党组织书记抓基层党建工作述职评议考核整改台账"
    assert all(page.strip().startswith(title) for page in printed)
