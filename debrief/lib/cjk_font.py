"""CJK fonts for PDFs: pick the Simplified Chinese face of a font file, and cut
it down to a small TrueType font that ReportLab can embed.

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
import re
from dataclasses import dataclass, field
from functools import lru_cache

from fontTools.ttLib import TTCollection, TTFont, newTable

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
