"""Printing a workbook as a user does: LibreOffice converts it to PDF, poppler reads the pages back.

Tests use it through the `office` fixture (marker `office`), which skips when LibreOffice is not
installed; `scripts/print_preview.py` uses it to render the pages as PNG images to look at.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

SOFFICE = os.environ.get("DEBRIEF_SOFFICE", "/usr/bin/soffice")
MISSING = (
    f"printing tests need LibreOffice at {SOFFICE} (apt-get install libreoffice-calc-nogui) "
    "and poppler's pdftotext (apt-get install poppler-utils)"
)


def available() -> bool:
    return os.path.exists(SOFFICE) and shutil.which("pdftotext") is not None


class Office:
    """Converts in `folder`, with a LibreOffice profile of its own so that parallel runs do not
    wait on each other's lock (the first conversion with a new profile sets it up)."""

    def __init__(self, folder: Path, profile: Path):
        self.folder, self.profile = folder, profile

    def to_pdf(self, **workbooks: bytes) -> dict[str, Path]:
        """Each workbook (named by its keyword) printed to PDF, all in one run of LibreOffice."""
        self.folder.mkdir(parents=True, exist_ok=True)
        sources = []
        for name, content in workbooks.items():
            source = self.folder / f"{name}.xlsx"
            source.write_bytes(content)
            sources.append(str(source))
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation={self.profile.as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(self.folder),
                *sources,
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        pdfs = {name: self.folder / f"{name}.pdf" for name in workbooks}
        missing = [str(pdf) for pdf in pdfs.values() if not pdf.exists()]
        assert not missing, f"LibreOffice wrote no {', '.join(missing)}"
        return pdfs


def pages(pdf: Path, *, layout: bool = True) -> list[str]:
    """The text of each page: as laid out on the page, or (`layout` False) in the order it was
    printed, where a cell's lines follow each other."""
    text = subprocess.run(
        ["pdftotext", "-layout" if layout else "-raw", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return text.split("\f")[:-1]  # every page ends with a form feed


def to_png(pdf: Path, folder: Path, *, dpi: int = 80) -> list[Path]:
    """Each page of `pdf` as `<name>-<page>.png` in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    prefix = folder / pdf.stem
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True)
    return sorted(folder.glob(f"{pdf.stem}-*.png"))


def without_spaces(text: str) -> str:
    """`text` without whitespace: pdftotext spaces CJK text and figures as the glyphs' widths fall,
    so a footer such as "第 6 页 / 共 7 页" may come out as "第6页/共7页"."""
    return "".join(text.split())
