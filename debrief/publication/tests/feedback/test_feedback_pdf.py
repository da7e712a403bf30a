"""The feedback sheet as a PDF: A4, the Chinese in an embedded CJK font, one page for a typical reporter."""

import os
import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation

from debrief.lib import cjk_font
from debrief.meetings.models import Comment, CommentProblem
from debrief.publication import feedback, feedback_pdf

from .conftest import OPINION

NOTO_SANS_CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
pytestmark = pytest.mark.skipif(
    not os.path.isfile(NOTO_SANS_CJK), reason=f"no CJK font at {NOTO_SANS_CJK} (fonts-noto-cjk)"
)


@pytest.fixture(autouse=True)
def noto_sans_cjk(monkeypatch):
    monkeypatch.setattr(cjk_font, "CJK_FONT_CANDIDATES", ((NOTO_SANS_CJK, None),))
    monkeypatch.delenv(cjk_font.CJK_FONT_ENV, raising=False)


def render(campaign, reporter, user, **kwargs) -> bytes:
    access = feedback.feedback_access(user, campaign.pk, reporter.pk)
    with translation.override("zh-hans"):
        return feedback_pdf.feedback_pdf(feedback.feedback_sheet(access), **kwargs)


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))


def page_size(pdf: bytes) -> list[float]:
    return [float(n) for n in re.search(rb"/MediaBox\s*\[\s*([\d.\s]+)\]", pdf).group(1).split()]


def embedded_font_names(pdf: bytes) -> set[bytes]:
    names = set()
    for reference in re.finditer(rb"/FontFile2 \d+ 0 R", pdf):
        descriptor = pdf[pdf.rindex(b"<<", 0, reference.start()) : pdf.index(b">>", reference.end())]
        names.update(re.findall(rb"/FontName /(\S+)", descriptor))
    return names


def pdftotext(pdf: bytes) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is not installed")
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def test_a_typical_reporters_sheet_is_one_a4_page_with_the_cjk_font_embedded(published, cast):
    pdf = render(published.campaign, published.reporters.a1, cast.reporter_a1, compress=False)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert page_count(pdf) == 1
    assert page_size(pdf) == pytest.approx([0, 0, 595.2756, 841.8898], abs=0.01)  # A4
    # ReportLab embeds a subset per 256 characters used: Chinese text takes one or more.
    fonts = embedded_font_names(pdf)
    assert fonts and all(re.fullmatch(rb"[A-Z]{6}\+NotoSansCJKsc-Regular-[0-9a-f]{8}", f) for f in fonts)
    assert b"STSong-Light" not in pdf


def test_text_tools_read_the_sheet(published, cast):
    text = pdftotext(render(published.campaign, published.reporters.a1, cast.reporter_a1))
    flat = re.sub(r"\s+", "", text)
    for expected in ("江州市东区区委", "赵强", "98.00", "100.00%", "2022-001", "党员教育管理方式创新不够。"):
        assert expected in flat, expected
    assert re.sub(r"\s+", "", OPINION) in flat
    # Small categories appear only combined: the two small ones are not named.
    assert "Partymemberandmassesrepresentatives" not in flat and "Hostleadershipteam" not in flat
    assert "预览" not in flat and "Preview" not in flat
    assert "全部类别" in flat  # the whole count under the categories, as on the page (the PDF is in Chinese)


def test_a_preview_says_so(assessed, cast):
    pdf = render(assessed.campaign, assessed.reporters.a2, cast.organizer_a)
    flat = re.sub(r"\s+", "", pdftotext(pdf))
    assert "Preview:" in flat or "预览：" in flat  # the banner (English until locale/ has it)


def test_a_long_sheet_flows_on_to_more_pages(published, cast):
    reporter = published.reporters.a1
    for n in range(8):  # the meeting's records are closed: written as they were at the meeting
        comment = Comment.objects.create(
            reporter=reporter,
            role="in_charge",
            commenter=f"副市长 {n}",
            achievements="工作扎实，成效明显。" * 10,
            requirements="持续用力，久久为功。" * 5,
        )
        for k in range(4):
            CommentProblem.objects.create(
                comment=comment, position=k, text=f"问题{k}：基层党建工作还存在薄弱环节。"
            )
    pdf = render(published.campaign, reporter, cast.reporter_a1, compress=False)
    assert page_count(pdf) >= 2


def test_the_pdf_is_downloaded_with_the_reporters_name(client, published, cast):
    client.force_login(cast.reporter_a1)
    response = client.get(
        reverse("publication:feedback_pdf", args=[published.campaign.pk, published.reporters.a1.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "%E8%B5%B5%E5%BC%BA" in response["Content-Disposition"]  # 赵强
    assert response.content.startswith(b"%PDF-")
