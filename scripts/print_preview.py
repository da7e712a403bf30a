"""Print the exports as a user does and render the pages as PNG images, to look at them.

Runs the printing tests (marker `office`: a ledger of 105 items, the results of 29 reporters, ...)
keeping the workbooks and the PDFs LibreOffice prints from them, then renders every page with
poppler's pdftoppm:

    .venv/bin/python scripts/print_preview.py shots/printing        # ledger-01.png, results-01.png, ...
    .venv/bin/python scripts/print_preview.py shots/printing --dpi 110 -k ledger

Needs LibreOffice (libreoffice-calc-nogui) and poppler-utils.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="where the workbooks, PDFs and PNG images go")
    parser.add_argument("--dpi", type=int, default=80)
    parser.add_argument("-k", default="", help="only the printing tests whose names match (pytest -k)")
    arguments = parser.parse_args()
    folder = arguments.folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.pdf"):
        old.unlink()
    command = [sys.executable, "-m", "pytest", "-m", "office", "-q", "-p", "no:cacheprovider"]
    if arguments.k:
        command += ["-k", arguments.k]
    tests = subprocess.run(command, cwd=ROOT, env={**os.environ, "DEBRIEF_PRINTOUTS": str(folder)})
    from debrief.testing.office import to_png

    for pdf in sorted(folder.glob("*.pdf")):
        for old in folder.glob(f"{pdf.stem}-*.png"):
            old.unlink()
        images = to_png(pdf, folder, dpi=arguments.dpi)
        print(f"{pdf.name}: {len(images)} pages -> {folder}/{pdf.stem}-*.png")
    return tests.returncode


if __name__ == "__main__":
    sys.exit(main())
