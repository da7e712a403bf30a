"""The other workbooks users print, printed by LibreOffice: the filed three lists and an import
template. Each prints one page across with its header on every page, numbered, texts whole."""

import datetime
import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

from debrief.filings.exports import lists_xlsx
from debrief.filings.models import FilingKind
from debrief.filings.services import filing_file
from debrief.orgs import import_template
from debrief.rectification import services as ledger_services
from debrief.testing.office import pages, without_spaces

pytestmark = [pytest.mark.django_db, pytest.mark.office]


def zh(text: str) -> str:
    with translation.override("zh-hans"):
        return gettext(text)


def whole_text(pdf) -> str:
    return re.sub(r"\s+", "", "".join(pages(pdf, layout=False)))


def numbered(printed: list[str]) -> bool:
    footers = [
        zh("Page &P of &N").replace("&P", str(n)).replace("&N", str(len(printed))) for n in range(1, 99)
    ]
    return all(
        without_spaces(footer) in without_spaces(page) for footer, page in zip(footers, printed, strict=False)
    )


def long_problem(n: int) -> str:
    return (
        "党建工作与业务工作结合不够紧密，存在“两张皮”现象，谈心谈话和民主评议党员流于形式，"
        f"批评与自我批评辣味不足，需要在年内逐项整改到位，本条为第{n:02d}号问题的完整描述。"
    )


def test_the_three_lists_print_whole_with_their_headers_on_every_page(published, reporters, cast, office):
    for n in range(1, 13):
        ledger_services.item_create(
            campaign=published,
            reporter=reporters.a1 if n % 2 else reporters.a2,
            description=long_problem(n),
            deadline=datetime.date(2023, 6, 30),
            user=cast.organizer_a,
            measures=[
                f"由党组书记牵头制定专项整改方案，明确责任分工和完成时限，第{n:02d}号措施{k}。"
                for k in (1, 2)
            ],
        )
    filing = filing_file(campaign=published, kind=FilingKind.LISTS, user=cast.organizer_a)
    pdf = office.to_pdf(lists=lists_xlsx(filing))["lists"]
    printed = pages(pdf)
    assert len(printed) >= 3  # a sheet or more each
    assert all(zh("Problem") in page or zh("Item") in page for page in printed)
    assert numbered(printed)
    text = whole_text(pdf)
    assert [n for n in range(1, 13) if long_problem(n) not in text] == []
    assert "第12号措施2。" in text


def test_an_import_template_prints_its_instructions_whole_within_the_page(office):
    with translation.override("zh-hans"):
        workbook = import_template.template_xlsx()
        instructions = import_template._instructions()
    pdf = office.to_pdf(template=workbook)["template"]
    printed = pages(pdf)
    assert zh("Organization code") in printed[0]
    assert numbered(printed)
    text = whole_text(pdf)
    assert [line for line in instructions if re.sub(r"\s+", "", line) not in text] == []
