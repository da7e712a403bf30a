"""Printable ballot-code slips (测评码凭条): an A4 PDF to cut up, and a CSV.

Each A4 page holds 2 x 4 slips inside dashed cut lines. A slip shows the host
organization, the evaluation's title, the evaluator category (and the sub-venue, if
any), a QR code of the voting link, the code in large monospaced type grouped for
reading, the link itself, one line of instructions and a small serial number.
Everything is fitted inside the slip's padding: long texts shrink, wrap, and at
worst end in an ellipsis, and never cross the cut lines.

Chinese text is set in a CJK font embedded in the PDF, so that any viewer shows
it and text tools extract it; `cjk_font.pdf_font` chooses it, or falls back on
the built-in STSong-Light that the viewer supplies.

The output holds codes in clear text: generate it when it is to be printed,
and do not keep it.
"""

import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import segno
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import FILL_NON_ZERO, Canvas

from debrief.lib import cjk_font, writers

COLUMNS, ROWS = 2, 4
SLIPS_PER_PAGE = COLUMNS * ROWS
PAGE_MARGIN = 10 * mm  # most printers cannot print closer to the edge
PADDING = 10  # points, inside each slip
QR_SIZE = 112  # points (39.5 mm), quiet zone included
# Modules of quiet zone inside QR_SIZE; with the padding and gaps around it the
# white margin is three modules or more on every side, which phones read well.
QR_BORDER = 2
QR_ERROR = "m"  # survives a fold or a smudge
CODE_FONT = "Courier-Bold"
URL_FONT = "Courier"


@dataclass(frozen=True)
class Slip:
    code: str
    url: str
    category: str
    serial: str
    venue: str = ""  # the sub-venue's name (分会场); blank at the main venue

    @property
    def heading(self) -> str:
        """The line above the QR code: the category, and the venue when it is a sub-venue."""
        return f"{self.category} · {self.venue}" if self.venue else self.category


def display_code(code: str) -> str:
    """The code grouped by four for reading (ABCD2345XY -> ABCD-2345-XY)."""
    compact = re.sub(r"[\s-]", "", code)
    return "-".join(compact[i : i + 4] for i in range(0, len(compact), 4))


@lru_cache(maxsize=64)
def qr_matrix(url: str) -> tuple[tuple[bool, ...], ...]:
    """The QR symbol printed for `url`: rows of dark (True) modules, no quiet zone.

    Always a full QR code, never a Micro QR, which few phone cameras read.
    Encoding takes some 15 ms; slips sharing one link encode it once.
    """
    symbol = segno.make(url, error=QR_ERROR, micro=False)
    return tuple(tuple(bool(module) for module in row) for row in symbol.matrix)


def slips_pdf(
    slips: Sequence[Slip],
    *,
    title: str,
    instructions: str,
    code_label: str,
    host: str = "",
    compress: bool = True,
) -> bytes:
    """An A4 PDF with 8 slips a page, in the order given; ceil(n / 8) pages.

    `host` names the organization holding the evaluation, printed at the top of
    each slip; `code_label` labels the code (e.g. "测评码"). `compress=False`
    leaves the page contents readable, for tests. With no slips the PDF has one
    blank page.
    """
    cjk = cjk_font.pdf_font(
        [host, title, instructions, code_label, *(f"{s.heading}{s.serial}{s.code}{s.url}" for s in slips)]
    )
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1 if compress else 0)
    canvas.setTitle(title)
    for start in range(0, len(slips), SLIPS_PER_PAGE):
        page = slips[start : start + SLIPS_PER_PAGE]
        _draw_cut_lines(canvas, rows=math.ceil(len(page) / COLUMNS))
        for index, slip in enumerate(page):
            row, column = divmod(index, COLUMNS)
            _draw_slip(canvas, slip, _cell(row, column), cjk, _Texts(host, title, instructions, code_label))
        canvas.showPage()
    if not slips:
        canvas.showPage()  # a PDF without pages upsets viewers
    canvas.save()
    return buffer.getvalue()


def slips_csv(slips: Iterable[Slip], *, headers: Sequence[str]) -> bytes:
    """UTF-8 CSV with a byte-order mark, so Excel reads the Chinese right.

    Columns: serial, category, code (grouped as on the slip), url, and with a
    fifth header the venue; `headers` names them in that order. Cells are
    written by `writers.csv_bytes`.
    """
    if len(headers) not in (4, 5):
        raise ValueError("slips_csv needs four headers (serial, category, code, url) and perhaps a venue.")
    with_venue = len(headers) == 5
    rows = (
        (slip.serial, slip.category, display_code(slip.code), slip.url, *([slip.venue] if with_venue else []))
        for slip in slips
    )
    return writers.csv_bytes([headers, *rows])


# Layout


@dataclass(frozen=True)
class _Box:
    left: float
    bottom: float
    width: float
    height: float

    @property
    def top(self) -> float:
        return self.bottom + self.height

    @property
    def right(self) -> float:
        return self.left + self.width


def _cell(row: int, column: int) -> _Box:
    page_width, page_height = A4
    width = (page_width - 2 * PAGE_MARGIN) / COLUMNS
    height = (page_height - 2 * PAGE_MARGIN) / ROWS
    return _Box(PAGE_MARGIN + column * width, page_height - PAGE_MARGIN - (row + 1) * height, width, height)


def _draw_cut_lines(canvas: Canvas, rows: int) -> None:
    """The grid around the first `rows` rows, dashed, grey."""
    canvas.saveState()
    canvas.setDash(4, 3)
    canvas.setLineWidth(0.5)
    canvas.setStrokeGray(0.45)
    top, bottom = _cell(0, 0).top, _cell(rows - 1, 0).bottom
    left, right = _cell(0, 0).left, _cell(0, COLUMNS - 1).right
    for row in range(rows + 1):
        y = top if row == 0 else _cell(row - 1, 0).bottom
        canvas.line(left, y, right, y)
    for column in range(COLUMNS + 1):
        x = right if column == COLUMNS else _cell(0, column).left
        canvas.line(x, bottom, x, top)
    canvas.restoreState()


@dataclass(frozen=True)
class _Texts:
    """What every slip of a PDF prints alike."""

    host: str
    title: str
    instructions: str
    code_label: str


def _draw_slip(canvas: Canvas, slip: Slip, cell: _Box, cjk: str, texts: _Texts) -> None:
    inner = _Box(
        cell.left + PADDING, cell.bottom + PADDING, cell.width - 2 * PADDING, cell.height - 2 * PADDING
    )
    cursor = inner.top
    title, instructions, code_label = texts.title, texts.instructions, texts.code_label

    if texts.host:
        size, lines = _fit(texts.host, cjk, inner.width, max_lines=1, sizes=(9, 8, 7))
        cursor -= size * 1.2
        canvas.setFont(cjk, size)
        canvas.setFillGray(0.25)
        canvas.drawCentredString(inner.left + inner.width / 2, cursor + size * 0.25, lines[0])
        canvas.setFillGray(0)

    size, lines = _fit(title, cjk, inner.width, max_lines=2, sizes=(11, 10, 9, 8))
    for line in lines:
        cursor -= size * 1.3
        canvas.setFont(cjk, size)
        canvas.drawCentredString(inner.left + inner.width / 2, cursor + size * 0.25, line)

    cursor -= 4
    size, lines = _fit(slip.heading, cjk, inner.width, max_lines=2, sizes=(9, 8, 7))
    for line in lines:
        cursor -= size * 1.3
        canvas.setFont(cjk, size)
        canvas.drawString(inner.left, cursor + size * 0.25, line)
    cursor -= 4

    # Bottom line: instructions on the left, serial on the right.
    serial_font = cjk if not slip.serial.isascii() else "Helvetica"
    serial_width = pdfmetrics.stringWidth(slip.serial, serial_font, 7)
    canvas.setFont(serial_font, 7)
    canvas.setFillGray(0.35)
    canvas.drawRightString(inner.right, inner.bottom, slip.serial)
    canvas.setFillGray(0)
    size, lines = _fit(instructions, cjk, inner.width - serial_width - 8, max_lines=2, sizes=(8, 7.5, 7, 6.5))
    baseline = inner.bottom + (len(lines) - 1) * size * 1.25
    canvas.setFont(cjk, size)
    for line in lines:
        canvas.drawString(inner.left, baseline, line)
        baseline -= size * 1.25
    instructions_top = inner.bottom + len(lines) * size * 1.25

    qr_size = min(QR_SIZE, cursor - instructions_top - 4)
    matrix = qr_matrix(slip.url)
    _draw_qr(canvas, matrix, inner.left, cursor - qr_size, qr_size)

    # The text column starts level with the symbol's first row, not its quiet zone.
    column = _Box(inner.left + qr_size + 8, cursor - qr_size, inner.width - qr_size - 8, qr_size)
    text_top = column.top - qr_size * QR_BORDER / (len(matrix) + 2 * QR_BORDER)
    label_size, label_lines = _fit(code_label, cjk, column.width, max_lines=1, sizes=(9, 8, 7))
    canvas.setFont(cjk, label_size)
    canvas.drawString(column.left, text_top - 9, label_lines[0])

    shown = display_code(slip.code)
    code_font = CODE_FONT if shown.isascii() else cjk
    code_size = min(18, column.width / max(1.0, pdfmetrics.stringWidth(shown, code_font, 1)))
    code_baseline = text_top - 9 - 6 - code_size * 0.8
    canvas.setFont(code_font, code_size)
    canvas.drawString(column.left, code_baseline, shown)

    url_font = URL_FONT if slip.url.isascii() else cjk
    # As many lines as stay above the symbol's bottom (at most 4), so the link never reaches the
    # instructions below.
    room = code_baseline - 8 - column.bottom
    most = max(1, min(4, int((room - 7 * 1.25) // (7 * 1.2)) + 1))
    size, lines = _fit(slip.url, url_font, column.width, max_lines=most, sizes=(7, 6.5, 6, 5.5), link=True)
    baseline = code_baseline - 8 - size
    canvas.setFont(url_font, size)
    for line in lines:
        canvas.drawString(column.left, baseline, line)
        baseline -= size * 1.2


def _draw_qr(canvas: Canvas, matrix: tuple[tuple[bool, ...], ...], left: float, bottom: float, size: float):
    """Dark modules as one vector path: runs of a row merged into rectangles."""
    module = size / (len(matrix) + 2 * QR_BORDER)
    top = bottom + size - QR_BORDER * module
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            x = left + (QR_BORDER + start) * module
            path.rect(x, top - (r + 1) * module, (c - start) * module, module)
    canvas.saveState()
    canvas.setFillGray(0)
    canvas.drawPath(path, stroke=0, fill=1, fillMode=FILL_NON_ZERO)
    canvas.restoreState()


# Text fitting

_WORDS = re.compile(r"[!-~]+\s*|\s+|.", re.DOTALL)  # a Latin word stays whole; other characters stand alone
_LINK_PARTS = re.compile(r"[^/?&#=]*[/?&#=]+|[^/?&#=]+")  # a link breaks after / ? & # =
_SPACES = " \u3000"
_SPACE_BREAK_SHARE = 0.6  # break at a space if the line is at least this full there


def _fit(
    text: str, font: str, width: float, *, max_lines: int, sizes: Sequence[float], link: bool = False
) -> tuple[float, list[str]]:
    """The largest size in `sizes` at which `text` wraps into `max_lines`.

    At the smallest size, lines beyond `max_lines` are dropped and the last
    kept one ends in an ellipsis.
    """
    for size in sizes:
        lines = _wrap(text, font, size, width, link)
        if len(lines) <= max_lines:
            return size, lines
    size = sizes[-1]
    lines = _wrap(text, font, size, width, link)[:max_lines]
    last = lines[-1]
    while last and pdfmetrics.stringWidth(last + "…", font, size) > width:
        last = last[:-1]
    lines[-1] = last + "…"
    return size, lines


def _wrap(text: str, font: str, size: float, width: float, link: bool = False) -> list[str]:
    """Greedy wrapping. Chinese may break between any two characters, but a
    space late enough in the line is preferred (a title's "…述职评议 民主测评"
    keeps 民主测评 together); Latin words and link parts stay whole unless
    longer than a line."""

    def measure(line: str) -> float:
        return pdfmetrics.stringWidth(line.rstrip(), font, size)

    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for token in (_LINK_PARTS if link else _WORDS).findall(paragraph):
            if measure(line + token) <= width:
                line += token
                continue
            space = max(line.rfind(c) for c in _SPACES)
            if space > 0 and measure(line[:space]) >= _SPACE_BREAK_SHARE * width:
                lines.append(line[:space].rstrip())
                line = line[space:].lstrip() + token
            else:
                if line.strip():
                    lines.append(line.rstrip())
                line = token.lstrip()
            while len(line) > 1 and measure(line) > width:  # longer than a line: break anywhere
                cut = len(line) - 1
                while cut > 1 and measure(line[:cut]) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line.rstrip())
    return lines
