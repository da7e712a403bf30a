"""CJK fonts for PDFs: find a font that covers the text, and register it with
ReportLab embedded if at all possible, so that any viewer shows the Chinese and
text tools extract it.

`pdf_font` picks the first of these that covers every character asked for:

- the font file named by the environment variable DEBRIEF_CJK_FONT, if set;
- the fonts listed in CJK_FONT_CANDIDATES: TrueType-outline fonts first
  (WenQuanYi, Droid Sans Fallback, Windows' YaHei and SimHei), which ReportLab
  embeds as they are, then CFF-outline ones (Noto Sans/Serif CJK, as Debian's
  fonts-noto-cjk installs them), which ReportLab cannot embed: they are cut down
  to the characters the PDF needs and converted to TrueType outlines in memory,
  some half a second the first time a set of characters is seen, then cached.

In a font collection (.ttc) the Simplified Chinese face is used unless a
candidate names another; DEBRIEF_CJK_FONT may name a collection or a single
font. With no such font on the machine, the PDF falls back on the built-in CID
font STSong-Light, which is not embedded: the PDF only names it and the viewer
supplies a Song face. Browsers' PDF viewers, WPS and Acrobat (with its Chinese
support) do; Poppler-based tools need the poppler-data package, without which
the Chinese is left out. Installing fonts-noto-cjk (or any CJK font above) on
the server makes the PDFs self-contained.

ReportLab embeds only TrueType (glyf) outlines, while the usual CJK fonts on
Linux, Noto Sans/Serif CJK and Source Han, have CFF outlines. `truetype_subset`
keeps only the glyphs of the characters asked for and turns their cubic CFF
curves into quadratic TrueType ones (the fontTools otf2ttf recipe). Subsetting
first is what makes it fast: a few hundred of some 65,000 glyphs are converted.

fontTools' subsetter is imported on first use, as it takes a quarter of a second.
"""

import hashlib
import io
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from fontTools.ttLib import TTCollection, TTFont, newTable
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

logger = logging.getLogger(__name__)

FALLBACK_CJK_FONT = "STSong-Light"
CJK_FONT_ENV = "DEBRIEF_CJK_FONT"  # a font file to try before the candidates
# CJK fonts at their usual places, tried in this order: (path, face index in a
# collection, or None for its Simplified Chinese face).
CJK_FONT_CANDIDATES: tuple[tuple[str, int | None], ...] = (
    # TrueType outlines, embedded as they are.
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
    ("C:/Windows/Fonts/simhei.ttf", 0),
    # CFF outlines, converted: Noto CJK as Debian/Ubuntu, Fedora, Arch and Alpine install it.
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", None),
    ("/usr/share/fonts/google-noto-sans-cjk-fonts/NotoSansCJK-Regular.ttc", None),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", None),
    ("/usr/share/fonts/noto/NotoSansCJK-Regular.ttc", None),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", None),
)
# Characters a converted subset always holds besides the Chinese asked for:
# printable ASCII, so that the random letters of ballot codes do not make a new
# subset for every PDF, and what wrapping adds (spaces, the ellipsis).
_SUBSET_EXTRAS = frozenset(range(0x20, 0x7F)) | {ord("\u3000"), ord("…")}

# Curve conversion tolerance in font units (1000 or 2048 to the em): far below
# what print or screen shows.
MAX_CURVE_ERROR = 1.0
# Family-name words that mark a Simplified Chinese face ("Noto Sans CJK SC",
# "Source Han Sans CN").
_SIMPLIFIED_WORDS = {"SC", "CN", "GB", "HANS"}
_GB2312_CODE_PAGE = 1 << 18  # OS/2 ulCodePageRange1
# Tables a PDF of horizontal text drawn glyph by glyph never reads. Deleting them
# before subsetting also spares the subsetter from parsing the large layout tables.
_UNUSED_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "VORG", "vhea", "vmtx", "DSIG", "kern")


_SUBSET_LOG = logging.getLogger("fontTools.subset")
if _SUBSET_LOG.level == logging.NOTSET:
    # It narrates every table at INFO, some twenty lines per conversion, which a
    # site logging at INFO has no use for. A level set on purpose is left alone.
    _SUBSET_LOG.setLevel(logging.WARNING)


@dataclass(frozen=True)
class Face:
    path: str
    index: int  # within a TrueType/OpenType collection (.ttc); 0 for a single font
    family: str
    truetype: bool  # glyf outlines, which ReportLab embeds as they are; False for CFF
    coverage: frozenset[int] = field(repr=False)  # code points the face maps to glyphs


def simplified_chinese_face(path: str) -> int:
    """The index of the face of `path` to set Simplified Chinese in.

    In a collection, a face whose family name has the word SC, CN, GB or Hans wins
    (Noto CJK collections put the Japanese face first), then one declaring the
    GB2312 code page; proportional faces before monospaced ones, then the first.
    """
    if not _is_collection(path):
        return 0
    with TTCollection(path, lazy=True) as collection:

        def rank(item: tuple[int, TTFont]) -> tuple[bool, bool, bool, int]:
            index, font = item
            family = _family(font)
            words = {word.upper() for word in re.split(r"[\s_-]+", family)}
            gb2312 = "OS/2" in font and bool(font["OS/2"].ulCodePageRange1 & _GB2312_CODE_PAGE)
            return (not words & _SIMPLIFIED_WORDS, not gb2312, "MONO" in words, index)

        return min(enumerate(collection.fonts), key=rank)[0]


@lru_cache(maxsize=8)
def load_face(path: str, index: int | None = None) -> Face | None:
    """The face of `path` at `index` (None: `simplified_chinese_face`), or None
    if it is no font, is damaged, or has outlines other than glyf or CFF
    (CFF2 variable fonts, bitmap-only fonts)."""
    try:
        if index is None:
            index = simplified_chinese_face(path)
        elif index and not _is_collection(path):
            return None
        with TTFont(path, fontNumber=index, lazy=True) as font:
            if "glyf" not in font and "CFF " not in font:
                return None
            return Face(path, index, _family(font), "glyf" in font, frozenset(font.getBestCmap() or ()))
    except Exception:  # unreadable, not a font, face index out of range: not usable
        return None


def truetype_subset(path: str, index: int, chars: frozenset[int]) -> bytes:
    """A TrueType font file with the glyphs of face `index` of `path` for `chars`.

    Code points the face lacks are left out; .notdef keeps its box, so a
    character missing anyway shows as one. Its PostScript name ends in
    `subset_tag`, since PDF libraries (ReportLab among them) tell faces apart
    by that name. The same arguments give the same bytes. Raises what fontTools
    raises for a file it cannot read.
    """
    from fontTools import subset  # slow to import; see the module docstring

    options = subset.Options()
    options.layout_features = []
    options.notdef_outline = True
    options.hinting = True  # stripping CFF hints costs time, and drawing the outlines drops them anyway
    options.drop_tables += list(_UNUSED_TABLES)
    with TTFont(path, fontNumber=index, lazy=True, recalcTimestamp=False) as font:
        for tag in _UNUSED_TABLES:
            if tag in font:
                del font[tag]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=chars)
        subsetter.subset(font)
        if "CFF " in font:
            _cff_to_glyf(font)
        _rename(font, subset_tag(path, index, chars))
        output = io.BytesIO()
        font.save(output)
    return output.getvalue()


def subset_tag(path: str, index: int, chars: frozenset[int]) -> str:
    """Eight hex digits naming the subset `truetype_subset` makes of these arguments."""
    return hashlib.sha1(f"{path}\0{index}\0{sorted(chars)}".encode()).hexdigest()[:8]


# Registering with ReportLab


def pdf_font(texts: Iterable[str]) -> str:
    """The name of a registered ReportLab font that covers `texts`, embedded if at all possible."""
    needed = {ord(c) for text in texts for c in text if not c.isspace()}
    for path, index in _font_candidates():
        if not os.path.isfile(path):
            continue
        face = load_face(path, index)
        if face is None or not needed <= face.coverage:
            continue
        if face.truetype:
            name = _load_truetype(path, face.index)
        else:
            name = _load_converted(
                path, face.index, frozenset({c for c in needed if c > 0x7E}) | _SUBSET_EXTRAS
            )
        if name:
            return name
    return register_fallback()


@cache
def register_fallback() -> str:
    """Register the built-in, never embedded STSong-Light; its name."""
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_CJK_FONT))
    return FALLBACK_CJK_FONT


def _font_candidates() -> list[tuple[str, int | None]]:
    chosen = os.environ.get(CJK_FONT_ENV, "").strip()
    if not chosen:
        return list(CJK_FONT_CANDIDATES)
    if load_face(chosen) is None:
        logger.warning("%s=%r is no usable font file; trying the usual places.", CJK_FONT_ENV, chosen)
    return [(chosen, None), *CJK_FONT_CANDIDATES]


@cache
def _load_truetype(path: str, index: int) -> str | None:
    """Register a TrueType font as it is (ReportLab embeds the glyphs used); its name, or None."""
    name = f"DebriefCJK-{os.path.basename(path).split('.')[0]}-{index}"
    try:
        pdfmetrics.registerFont(ttfonts.TTFont(name, path, subfontIndex=index))
    except Exception:  # damaged, or its licence forbids embedding: try the next one
        return None
    return name


# ReportLab cannot unregister a font, so each distinct set of Chinese characters
# keeps its converted subset (some 20 kB) for the life of the process; caching
# the name on top of that costs nothing. Slips of one evaluation share one set.
@cache
def _load_converted(path: str, index: int, chars: frozenset[int]) -> str | None:
    """Register a TrueType subset of a CFF font for `chars`; its name, or None."""
    name = f"DebriefCJK-{subset_tag(path, index, chars)}"
    try:
        font = ttfonts.TTFont(name, io.BytesIO(truetype_subset(path, index, chars)))
    except Exception:  # a font fontTools or ReportLab cannot read or may not embed: try the next one
        logger.warning("Could not convert the CJK font %s (face %d).", path, index, exc_info=True)
        return None
    pdfmetrics.registerFont(font)
    return name


def _is_collection(path: str) -> bool:
    with open(path, "rb") as file:
        return file.read(4) == b"ttcf"


def _family(font: TTFont) -> str:
    return (font["name"].getBestFamilyName() or "") if "name" in font else ""


def _cff_to_glyf(font: TTFont) -> None:
    """Replace the CFF outlines of `font` with TrueType ones, in place."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        # CFF contours run counter-clockwise, TrueType ones clockwise.
        glyph_set[name].draw(Cu2QuPen(pen, MAX_CURVE_ERROR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    glyf.compile(font)  # computes each glyph's bounds, needed for the side bearings below
    font["head"].glyphDataFormat = 0
    metrics = font["hmtx"].metrics
    for name, glyph in glyphs.items():
        metrics[name] = (metrics[name][0], getattr(glyph, "xMin", 0))  # empty glyphs have no bounds
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000  # the TrueType version; its point and contour counts are computed on save
    maxp.maxZones = 1
    for attribute in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attribute, 0)
    post = font["post"]
    post.formatType = 3.0  # no glyph names: CID-keyed fonts have none worth keeping
    post.extraNames, post.mapping = [], {}
    font.sfntVersion = "\0\1\0\0"


def _rename(font: TTFont, suffix: str) -> None:
    for record in font["name"].names:
        if record.nameID == 6:  # PostScript name: at most 63 characters
            record.string = f"{record.toUnicode()[: 63 - len(suffix) - 1]}-{suffix}"
