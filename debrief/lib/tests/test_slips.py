import csv
import io
import math
import os
import random
import re
import shutil
import subprocess

import pytest
import reportlab
import segno

from debrief.lib import ballot_codes, cjk_font, slips
from debrief.lib.slips import Slip

TITLE = "2022年度党组织书记抓基层党建工作述职评议 民主测评"
INSTRUCTIONS = "请用手机扫描二维码，或打开链接输入测评码"
CATEGORY = "测评人类别：领导班子成员"
VERA = os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf")  # Latin only
NOTO_SANS_CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"  # Debian's fonts-noto-cjk: CFF
USUAL_CJK_FONTS = cjk_font.CJK_FONT_CANDIDATES
needs_noto = pytest.mark.skipif(
    not os.path.isfile(NOTO_SANS_CJK), reason=f"no CFF-based CJK font at {NOTO_SANS_CJK} (fonts-noto-cjk)"
)


@pytest.fixture(autouse=True)
def builtin_cjk_font(monkeypatch):
    """STSong-Light, as on a server without CJK fonts: its text is plain UTF-16."""
    monkeypatch.setattr(cjk_font, "CJK_FONT_CANDIDATES", ())
    monkeypatch.delenv(cjk_font.CJK_FONT_ENV, raising=False)


@pytest.fixture
def noto_sans_cjk(monkeypatch):
    """Noto Sans CJK, CFF outlines, as the only CJK font."""
    monkeypatch.setattr(cjk_font, "CJK_FONT_CANDIDATES", ((NOTO_SANS_CJK, None),))


def make_slips(count, seed=1):
    rng = random.Random(seed)
    result = []
    for i in range(count):
        code = ballot_codes.generate_code(rng)
        result.append(
            Slip(
                code=code,
                url=f"https://debrief.example.cn/v/{code}",
                category=CATEGORY,
                serial=f"{i + 1:04d}",
            )
        )
    return result


def render(items, **kwargs):
    return slips.slips_pdf(
        items, title=TITLE, instructions=INSTRUCTIONS, code_label="测评码", compress=False, **kwargs
    )


def pdftotext(pdf: bytes) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is not installed")
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def embedded_font_names(pdf: bytes) -> set[bytes]:
    """The names of the fonts whose descriptor carries a TrueType font file."""
    names = set()
    for reference in re.finditer(rb"/FontFile2 \d+ 0 R", pdf):
        descriptor = pdf[pdf.rindex(b"<<", 0, reference.start()) : pdf.index(b">>", reference.end())]
        names.update(re.findall(rb"/FontName /(\S+)", descriptor))
    return names


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))


_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def shown_strings(pdf: bytes) -> list[bytes]:
    """The literal strings of every Tj operator, unescaped, in drawing order."""
    result = []
    for literal in re.findall(rb"\(((?:[^\\()]|\\.)*)\)\s*Tj", pdf, re.DOTALL):
        result.append(
            re.sub(
                rb"\\([0-7]{1,3}|.)",
                lambda m: bytes([int(m[1], 8)]) if m[1][:1].isdigit() else _ESCAPES.get(m[1], m[1]),
                literal,
                flags=re.DOTALL,
            )
        )
    return result


def drawn_matrix(pdf: bytes) -> list[list[bool]]:
    """The QR modules read back from the rectangles of an uncompressed one-QR page."""
    number = rb"(-?\d+(?:\.\d+)?)"
    rects = [tuple(map(float, m)) for m in re.findall(rb" ".join([number] * 4) + rb" re\b", pdf)]
    module = min(h for _, _, _, h in rects)
    left = min(x for x, _, _, _ in rects)
    top = max(y + h for _, y, _, h in rects)
    size = round((max(x + w for x, _, w, _ in rects) - left) / module)
    assert size == round((top - min(y for _, y, _, _ in rects)) / module), "the symbol is square"
    grid = [[False] * size for _ in range(size)]
    for x, y, w, h in rects:
        row = round((top - y - h) / module)
        for column in range(round((x - left) / module), round((x + w - left) / module)):
            grid[row][column] = True
    return grid


def test_the_pdf_has_one_page_per_eight_slips():
    for count in (1, 7, 8, 9, 16, 17):
        pdf = render(make_slips(count))
        assert pdf.startswith(b"%PDF-")
        assert pdf.rstrip().endswith(b"%%EOF")
        assert page_count(pdf) == math.ceil(count / 8), count


def test_no_slips_give_one_blank_page():
    assert page_count(render([])) == 1


def test_every_code_is_printed_grouped_for_reading():
    items = make_slips(10)
    strings = shown_strings(render(items))
    for slip in items:
        assert slips.display_code(slip.code).encode() in strings


def test_the_links_are_printed():
    items = make_slips(3) + [
        Slip(code="ABCD2345XY", url="https://x.cn/v?a=(1)", category=CATEGORY, serial="9")
    ]
    printed = b"".join(shown_strings(render(items)))
    for slip in items:
        assert slip.url.encode() in printed


def test_chinese_text_is_printed_in_the_cjk_font():
    pdf = render(make_slips(2))
    assert b"/BaseFont /STSong-Light" in pdf
    printed = b"".join(shown_strings(pdf))
    for text in (CATEGORY, "测评码", INSTRUCTIONS, TITLE.replace(" ", "")):
        assert text.encode("utf-16-be") in printed, text


def test_the_title_is_also_the_document_title():
    assert b"/Title (" in render(make_slips(1))


def test_pages_are_compressed_by_default():
    items = make_slips(2)
    pdf = slips.slips_pdf(items, title=TITLE, instructions=INSTRUCTIONS, code_label="测评码")
    assert b"/FlateDecode" in pdf
    assert slips.display_code(items[0].code).encode() not in pdf
    assert page_count(pdf) == 1


def test_the_qr_code_drawn_is_the_one_segno_makes_for_the_exact_link():
    slip = make_slips(1)[0]
    expected = segno.make(slip.url, error=slips.QR_ERROR, micro=False).matrix
    assert drawn_matrix(render([slip])) == [[bool(m) for m in row] for row in expected]
    assert slips.qr_matrix(slip.url) == tuple(tuple(bool(m) for m in row) for row in expected)


def test_a_short_link_still_gets_a_full_qr_code():
    assert len(slips.qr_matrix("https://a.cn")) >= 21  # Micro QR symbols are at most 17 wide


def test_a_typographers_tool_reads_the_pdf():
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is not installed")
    items = make_slips(9)
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=render(items), capture_output=True, check=True
    ).stdout.decode("utf-8", "replace")
    for slip in items:
        assert slips.display_code(slip.code) in text
    assert text.count("\f") == 2


@needs_noto
def test_a_cff_cjk_font_such_as_noto_sans_cjk_is_embedded(noto_sans_cjk):
    pdf = render(make_slips(2))
    assert b"STSong-Light" not in pdf
    [font] = embedded_font_names(pdf)
    assert re.fullmatch(rb"[A-Z]{6}\+NotoSansCJKsc-Regular-[0-9a-f]{8}", font)  # the Simplified Chinese face


@needs_noto
def test_text_tools_read_the_chinese_of_the_embedded_font(noto_sans_cjk):
    lines = pdftotext(render(make_slips(2))).splitlines()
    for line in (*TITLE.split(" "), CATEGORY, "测评码", INSTRUCTIONS):
        assert lines.count(line) == 2, line  # once on each slip


@needs_noto
def test_the_embedded_chinese_is_drawn(noto_sans_cjk):
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm is not installed")
    # The first line of the first slip's title, at 72 dpi: points are pixels.
    strip = subprocess.run(
        [
            "pdftoppm",
            "-gray",
            "-r",
            "72",
            "-f",
            "1",
            "-l",
            "1",
            "-x",
            "40",
            "-y",
            "36",
            "-W",
            "230",
            "-H",
            "20",
        ],
        input=render(make_slips(1)),
        capture_output=True,
        check=True,
    ).stdout
    pixels = strip.split(b"\n", 3)[3]  # after the PGM header: P5, width height, maxval
    assert len(pixels) == 230 * 20
    assert sum(value < 128 for value in pixels) > 0.1 * len(pixels)


@needs_noto
def test_the_font_named_by_the_environment_is_tried_first(monkeypatch):
    monkeypatch.setenv(cjk_font.CJK_FONT_ENV, NOTO_SANS_CJK)
    assert embedded_font_names(render(make_slips(1)))


def test_a_font_named_by_the_environment_that_is_no_font_is_reported_and_passed_over(monkeypatch, caplog):
    monkeypatch.setenv(cjk_font.CJK_FONT_ENV, "/no/such/font.ttc")
    pdf = render(make_slips(1))
    assert b"/BaseFont /STSong-Light" in pdf
    assert "/no/such/font.ttc" in caplog.text


def test_on_a_machine_without_cjk_fonts_the_builtin_song_face_is_named(monkeypatch):
    monkeypatch.setattr(cjk_font, "CJK_FONT_CANDIDATES", USUAL_CJK_FONTS)
    monkeypatch.setattr(cjk_font, "load_face", lambda path, index=None: None)
    pdf = render(make_slips(9))
    assert b"/BaseFont /STSong-Light" in pdf
    assert b"/FontFile2" not in pdf
    assert page_count(pdf) == 2


@needs_noto
def test_a_cjk_font_lacking_a_character_of_the_slips_is_passed_over(noto_sans_cjk):
    private_use = "\U000f0001"  # in no font
    pdf = slips.slips_pdf(
        make_slips(1), title=TITLE + private_use, instructions=INSTRUCTIONS, code_label="测评码"
    )
    assert b"/BaseFont /STSong-Light" in pdf
    assert b"/FontFile2" not in pdf


@needs_noto
def test_slips_with_other_codes_but_the_same_chinese_share_one_converted_font(noto_sans_cjk, monkeypatch):
    conversions = []
    convert = cjk_font.truetype_subset
    monkeypatch.setattr(cjk_font, "truetype_subset", lambda *args: conversions.append(args) or convert(*args))
    cjk_font._load_converted.cache_clear()
    first, second = render(make_slips(3, seed=1)), render(make_slips(3, seed=2))
    assert len(conversions) == 1
    assert embedded_font_names(first) == embedded_font_names(second)


@needs_noto
def test_a_hundred_slips_convert_only_the_characters_they_use(noto_sans_cjk, monkeypatch):
    # Converting all 65,000 glyphs would take some 40 s; the slips use a few dozen characters
    # (about a second for 100 slips, conversion included, on a 2-core machine).
    cjk_font._load_converted.cache_clear()
    converted = []
    convert = cjk_font.truetype_subset

    def recording(path, index, chars):
        converted.append(chars)
        return convert(path, index, chars)

    monkeypatch.setattr(cjk_font, "truetype_subset", recording)
    long_title = "二〇二五年度基层党组织书记抓党建工作述职评议民主测评暨领导班子综合考核评价表汇总"
    assert len(long_title) == 40
    slips.slips_pdf(make_slips(100), title=long_title, instructions=INSTRUCTIONS, code_label="测评码")
    [chars] = converted  # once for all 100 slips
    used = {ord(c) for c in long_title + INSTRUCTIONS + "测评码" + CATEGORY if ord(c) > 0x7E}
    assert used <= chars
    assert len(chars - used) <= len(cjk_font._SUBSET_EXTRAS)


def test_a_truetype_font_without_chinese_is_passed_over(monkeypatch):
    monkeypatch.setattr(cjk_font, "CJK_FONT_CANDIDATES", (("no/such/font.ttf", 0), (VERA, 0)))
    pdf = render(make_slips(1))
    assert b"/BaseFont /STSong-Light" in pdf
    assert b"/FontFile2" not in pdf


def test_a_truetype_font_that_covers_the_text_is_embedded(monkeypatch):
    monkeypatch.setattr(cjk_font, "CJK_FONT_CANDIDATES", ((VERA, 0),))
    latin = [Slip(code="ABCD2345XY", url="https://x.cn/v", category="Leaders", serial="1")]
    pdf = slips.slips_pdf(
        latin, title="Evaluation", instructions="Scan the code", code_label="Code", compress=False
    )
    assert b"/FontFile2" in pdf
    assert b"STSong-Light" not in pdf


def test_a_title_breaks_at_its_space_rather_than_inside_a_phrase():
    width = slips._cell(0, 0).width - 2 * slips.PADDING
    cjk_font.register_fallback()
    size, lines = slips._fit(TITLE, "STSong-Light", width, max_lines=2, sizes=(11,))
    assert lines == ["2022年度党组织书记抓基层党建工作述职评议", "民主测评"]


def test_text_too_long_for_its_lines_ends_in_an_ellipsis():
    cjk_font.register_fallback()
    size, lines = slips._fit("测" * 200, "STSong-Light", 100, max_lines=2, sizes=(9, 8))
    assert size == 8
    assert len(lines) == 2
    assert lines[-1].endswith("…")


def test_a_long_link_wraps_after_a_slash():
    lines = slips._wrap("https://debrief.example.cn/v/ABCD2345XY", "Courier", 7, 130, link=True)
    assert lines == ["https://debrief.example.cn/v/", "ABCD2345XY"]


def test_display_code_groups_by_four():
    assert slips.display_code("ABCD2345XY") == "ABCD-2345-XY"
    assert slips.display_code("abcd-2345-xy") == "abcd-2345-xy"


def test_the_csv_has_a_bom_and_round_trips():
    items = make_slips(3)
    data = slips.slips_csv(items, headers=["序号", "测评人类别", "测评码", "链接"])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["序号", "测评人类别", "测评码", "链接"]
    assert rows[1:] == [[s.serial, s.category, slips.display_code(s.code), s.url] for s in items]


def test_the_csv_defuses_cells_excel_would_run_as_formulas():
    hostile = Slip(code="ABCD2345XY", url="https://x.cn", category="=HYPERLINK(1)", serial="+1")
    data = slips.slips_csv([hostile], headers=["a", "b", "c", "d"])
    row = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1]
    assert row[:2] == ["'+1", "'=HYPERLINK(1)"]


def test_the_csv_needs_four_headers():
    with pytest.raises(ValueError):
        slips.slips_csv([], headers=["a", "b"])


def test_a_sub_venue_slip_names_its_venue_after_the_category():
    venue = Slip(code="ABCD2345XY", url="https://x.cn/v", category="书记", serial="1", venue="江州市分会场")
    printed = b"".join(shown_strings(render([venue])))
    assert "书记 · 江州市分会场".encode("utf-16-be") in printed
    main = Slip(code="ABCD2345XY", url="https://x.cn/v", category="书记", serial="2")
    assert main.heading == "书记"


def test_the_csv_gives_the_venue_in_a_fifth_column_when_asked():
    items = [Slip(code="ABCD2345XY", url="https://x.cn/v", category="书记", serial="1", venue="江州市分会场")]
    data = slips.slips_csv(items, headers=["序号", "类别", "测评码", "链接", "会场"])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1] == ["1", "书记", "ABCD-2345-XY", "https://x.cn/v", "江州市分会场"]
    with pytest.raises(ValueError):
        slips.slips_csv(items, headers=["a", "b", "c"])


# The host, and everything inside the border

HOST = "中共川南市委员会组织部"


def word_boxes(pdf: bytes) -> list[tuple[int, str, float, float, float, float]]:
    """(page, word, left, top, right, bottom) of every word pdftotext finds, in points from the
    page's top left."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is not installed")
    html = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    boxes = []
    for number, page in enumerate(html.split("<page ")[1:]):
        for match in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page
        ):
            left, top, right, bottom = map(float, match.groups()[:4])
            boxes.append((number, match[5], left, top, right, bottom))
    return boxes


def slip_interiors(count: int) -> list[tuple[float, float, float, float]]:
    """(left, top, right, bottom) inside each slip's cut lines, in points from the page's top left."""
    page_height = slips.A4[1]
    interiors = []
    for index in range(count):
        cell = slips._cell(*divmod(index, slips.COLUMNS))
        interiors.append((cell.left, page_height - cell.top, cell.right, page_height - cell.bottom))
    return interiors


@needs_noto
def test_each_slip_names_the_host_organization(noto_sans_cjk):
    lines = pdftotext(render(make_slips(3), host=HOST)).splitlines()
    assert lines.count(HOST) == 3


def test_without_a_host_no_line_is_given_to_it():
    printed = b"".join(shown_strings(render(make_slips(1))))
    assert HOST.encode("utf-16-be") not in printed


@needs_noto
def test_every_word_stays_inside_its_slips_border_even_with_long_texts(noto_sans_cjk):
    # The longest texts a slip meets: a host's full name, a two-line title, a category with a
    # sub-venue, instructions in English, a long link with a port and a path.
    items = [
        Slip(
            code="ABCD2345XY",
            url=f"https://evaluation.organization-department.example.gov.cn:8443/debrief/vote/#{i}ABCD2345XY",
            category="县（市、区）委书记和市直单位党组织书记及其他参加测评人员",
            serial=str(1000 + i),
            venue="川北市委第一会议室分会场（远程视频）",
        )
        for i in range(slips.SLIPS_PER_PAGE)
    ]
    pdf = slips.slips_pdf(
        items,
        host="中国共产党川南市委员会组织部和川南市直属机关工作委员会",
        title="Democratic evaluation · 2026 debriefing, review and assessment of the grassroots "
        "Party secretaries on Party building of the Chuannan city committee and its departments",
        instructions="Scan the QR code, or open the link and type the code. One code, one ballot; "
        "anonymous. Keep the slip until the results are published.",
        code_label="Ballot code",
    )
    boxes = word_boxes(pdf)
    assert boxes, "pdftotext found the slips' words"
    interiors = slip_interiors(slips.SLIPS_PER_PAGE)
    margin = slips.PADDING / 2  # a word's box includes its font's descent below the padding's edge
    for page, word, left, top, right, bottom in boxes:
        assert page == 0
        inside = [
            box
            for box in interiors
            if left >= box[0] + margin
            and right <= box[2] - margin
            and top >= box[1] + margin
            and bottom <= box[3] - margin
        ]
        assert inside, f"“{word}” at ({left:.0f}, {top:.0f})–({right:.0f}, {bottom:.0f}) crosses a border"
