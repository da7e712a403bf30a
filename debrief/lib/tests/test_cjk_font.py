import io
import os

import pytest
import reportlab
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTCollection, TTFont

from debrief.lib import cjk_font

VERA = os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf")  # TrueType, Latin only
NOTO_SANS_CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"  # Debian's fonts-noto-cjk: CFF
needs_noto = pytest.mark.skipif(
    not os.path.isfile(NOTO_SANS_CJK), reason=f"no CFF-based CJK font at {NOTO_SANS_CJK} (fonts-noto-cjk)"
)
CHINESE = "述职评议民主测评码骨"


def collection_of(tmp_path, *families):
    """A .ttc holding Vera once per family name, in that order."""
    collection = TTCollection()
    for family in families:
        font = TTFont(VERA)
        font["name"].setName(family, 1, 3, 1, 0x409)
        collection.fonts.append(font)
    path = tmp_path / "test.ttc"
    collection.save(str(path))
    return str(path)


def codes(text):
    return frozenset(map(ord, text))


def test_a_single_font_has_only_face_zero():
    assert cjk_font.simplified_chinese_face(VERA) == 0


def test_in_a_collection_the_face_named_sc_wins_wherever_it_stands(tmp_path):
    path = collection_of(tmp_path, "Test Sans JP", "Test Sans KR", "Test Sans SC", "Test Sans TC")
    assert cjk_font.simplified_chinese_face(path) == 2


def test_a_proportional_sc_face_wins_over_a_monospaced_one(tmp_path):
    path = collection_of(tmp_path, "Test Sans Mono SC", "Test Sans JP", "Test Sans SC")
    assert cjk_font.simplified_chinese_face(path) == 2


@needs_noto
def test_the_simplified_chinese_face_of_noto_sans_cjk_is_found_by_name():
    face = cjk_font.load_face(NOTO_SANS_CJK)
    assert face.family == "Noto Sans CJK SC"
    assert not face.truetype
    assert codes(CHINESE) <= face.coverage


def test_a_truetype_font_is_described_with_what_it_covers():
    face = cjk_font.load_face(VERA)
    assert (face.index, face.family, face.truetype) == (0, "Bitstream Vera Sans", True)
    assert codes("Evaluation") <= face.coverage
    assert not codes("测") & face.coverage


def test_a_file_that_is_no_font_is_not_a_face(tmp_path):
    junk = tmp_path / "junk.ttf"
    junk.write_bytes(b"\0\1\0\0 not really a font")
    assert cjk_font.load_face(str(junk)) is None
    assert cjk_font.load_face(str(tmp_path / "missing.ttf")) is None
    assert cjk_font.load_face(VERA, 3) is None  # no such face


@needs_noto
def test_a_cff_font_becomes_a_small_truetype_font_of_the_characters_asked_for():
    index = cjk_font.simplified_chinese_face(NOTO_SANS_CJK)
    subset = TTFont(io.BytesIO(cjk_font.truetype_subset(NOTO_SANS_CJK, index, codes(CHINESE + "AB…"))))
    assert subset.sfntVersion == "\0\1\0\0"
    assert "glyf" in subset and "CFF " not in subset
    assert set(subset.getBestCmap()) == codes(CHINESE + "AB…")
    assert len(subset.getGlyphOrder()) == len(codes(CHINESE + "AB…")) + 1  # and .notdef


@needs_noto
def test_converted_glyphs_keep_their_shape_and_width():
    index = cjk_font.simplified_chinese_face(NOTO_SANS_CJK)
    original = TTFont(NOTO_SANS_CJK, fontNumber=index, lazy=True)
    subset = TTFont(io.BytesIO(cjk_font.truetype_subset(NOTO_SANS_CJK, index, codes(CHINESE))))
    for char in CHINESE:
        before, after = original.getBestCmap()[ord(char)], subset.getBestCmap()[ord(char)]
        assert original["hmtx"][before][0] == subset["hmtx"][after][0], char
        bounds_before, bounds_after = bounds(original, before), bounds(subset, after)
        # The quadratic curves stray at most a unit (of 1000 to the em) from the cubic ones.
        assert all(abs(a - b) <= 2 for a, b in zip(bounds_before, bounds_after, strict=True)), char


def bounds(font, glyph_name):
    glyph_set = font.getGlyphSet()
    pen = BoundsPen(glyph_set)
    glyph_set[glyph_name].draw(pen)
    return pen.bounds


@needs_noto
def test_each_subset_has_a_postscript_name_of_its_own_and_the_same_bytes_each_time():
    index = cjk_font.simplified_chinese_face(NOTO_SANS_CJK)
    first = cjk_font.truetype_subset(NOTO_SANS_CJK, index, codes("测评"))
    other = cjk_font.truetype_subset(NOTO_SANS_CJK, index, codes("述职"))
    assert cjk_font.truetype_subset(NOTO_SANS_CJK, index, codes("测评")) == first

    def postscript_name(data):
        return TTFont(io.BytesIO(data))["name"].getDebugName(6)

    assert postscript_name(first).startswith("NotoSansCJKsc-Regular-")
    assert postscript_name(first) != postscript_name(other)
    assert postscript_name(first).endswith(cjk_font.subset_tag(NOTO_SANS_CJK, index, codes("测评")))


def test_a_truetype_font_can_be_subset_too():
    subset = TTFont(io.BytesIO(cjk_font.truetype_subset(VERA, 0, codes("Code"))))
    assert set(subset.getBestCmap()) == codes("Code")
    assert "glyf" in subset
