"""Small real files for the demo ledgers' evidence: a drawn PNG "photo" and a one-page PDF report.

Both are made in memory in a millisecond or two and pass the upload checks
(`debrief.lib.uploads.check_attachment`): the PNG is written with zlib and struct, the PDF with
ReportLab in the built-in CID font STSong-Light, which PDF viewers supply (see debrief/lib/cjk_font.py).
The same arguments give the same bytes.
"""

from __future__ import annotations

import io
import random
import struct
import zlib
from functools import cache

from django.core.files.uploadedfile import SimpleUploadedFile
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

PHOTO_SIZE = (240, 180)
FONT = "STSong-Light"


def uploaded(name: str, content: bytes) -> SimpleUploadedFile:
    content_type = "application/pdf" if name.endswith(".pdf") else "image/png"
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- PNG -------------------------------------------------------------------------------------------


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def photo_png(rng: random.Random, size: tuple[int, int] = PHOTO_SIZE) -> bytes:
    """A plain picture of a room or a site: a wall or sky, a floor or ground, a red banner and a few
    boards or people as blocks of colour."""
    width, height = size
    horizon = rng.randint(height // 2, height * 2 // 3)
    top = [rng.randint(150, 225) for _ in range(3)]
    bottom = [rng.randint(70, 140) for _ in range(3)]
    blocks = [((200, 30, 30), _box(rng, width, height // 12, height // 5, width // 2, height // 9))]
    for _ in range(rng.randint(3, 6)):
        colour = tuple(rng.randint(20, 200) for _ in range(3))
        blocks.append(
            (colour, _box(rng, width, horizon - height // 3, horizon + height // 8, width // 6, height // 3))
        )
    rows = []
    for y in range(height):
        base = top if y < horizon else bottom
        shade = 1 - 0.25 * y / height
        pixel = bytes(min(255, int(c * shade)) for c in base)
        row = bytearray(pixel * width)
        for colour, (left, upper, right, lower) in blocks:
            if upper <= y < lower:
                row[left * 3 : right * 3] = bytes(colour) * (right - left)
        rows.append(b"\x00" + bytes(row))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 6))
        + _chunk(b"IEND", b"")
    )


def _box(rng: random.Random, width: int, top: int, bottom: int, max_width: int, max_height: int):
    box_width = rng.randint(max_width // 3, max_width)
    box_height = rng.randint(max_height // 3, max_height)
    left = rng.randint(0, width - box_width)
    upper = rng.randint(max(top, 0), max(top, bottom - box_height))
    return left, upper, left + box_width, upper + box_height


# --- PDF -------------------------------------------------------------------------------------------


@cache
def _font() -> str:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def report_pdf(title: str, byline: str, sections: list[tuple[str, str]]) -> bytes:
    """One A4 page: a centred title, the byline, then each section's heading and its text, wrapped."""
    font = _font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.setTitle(title)
    page_width, page_height = A4
    left, right = 72, page_width - 72
    y = page_height - 90
    canvas.setFont(font, 16)
    for line in _wrap(title, font, 16, right - left):
        canvas.drawCentredString(page_width / 2, y, line)
        y -= 26
    canvas.setFont(font, 12)
    canvas.drawCentredString(page_width / 2, y, byline)
    y -= 34
    for heading, text in sections:
        canvas.setFont(font, 13)
        canvas.drawString(left, y, heading)
        y -= 22
        canvas.setFont(font, 12)
        for line in _wrap("　　" + text, font, 12, right - left):
            if y < 72:
                break
            canvas.drawString(left, y, line)
            y -= 20
        y -= 8
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines, line = [], ""
    for char in text:
        if pdfmetrics.stringWidth(line + char, font, size) > width:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line] if line else lines
