"""Benchmark: what an oversized organization sheet costs before it is refused.

Builds, in memory, an XLSX of 500,000 identical data rows written by hand as a
crafted upload would be (0.34 MB: one shared string table, every row pointing
into it, no row numbers or stated size) and times a dry-run import of it, which
must be refused at DEBRIEF_IMPORT_MAX_ROWS; then the same rows as Excel saves
them, with the sheet's size and row numbers; then a dry run of an allowed sheet of 20,000
distinct organizations. Each case runs in a fresh
process, so its peak memory is its own (max RSS, less the RSS once Django and
the database are ready).

    .venv/bin/python bench/imports.py                 # the three cases
    .venv/bin/python bench/imports.py --rows 100000   # a smaller oversized sheet

The database is SQLite in memory, migrated in each case's process.

With --province, a province's tree instead (200,000 organizations by default: province, 14
cities, 140 counties, 2,100 townships, villages and branches under them, each with its
secretary) is written to a CSV file and imported by `manage.py import_orgs`, the command an
operator runs, into a fresh database: SQLite in a file, or the PostgreSQL database of
--database-url (dropped and created again). Beside it, in the same run and database, its plain
limit: the same file read with the csv module and its rows (ids and paths computed in Python)
inserted in one transaction with executemany (SQLite) or COPY (PostgreSQL), then rolled back.
Then the same file imported again, unchanged. Each step runs in a process of its own.

    .venv/bin/python bench/imports.py --province
    .venv/bin/python bench/imports.py --province --orgs 50000
    .venv/bin/python bench/imports.py --province --database-url postgres://postgres@127.0.0.1:5432/bench_imports
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.update(DATABASE_URL="sqlite://:memory:", DJANGO_SETTINGS_MODULE="debrief.settings")

HEADER = ["code", "name", "short_name", "org_type", "level", "parent_code", "status", "secretary_name"]


LETTERS = "ABCDEFGH"
PARTS = {
    "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>",
    "xl/workbook.xml": '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    '<Relationship Id="rId2" Target="sharedStrings.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
    "</Relationships>",
}


def repeated_sheet(rows: int, *, stated: bool) -> bytes:
    """A header and `rows` copies of one data row, with one shared string table, written by hand.
    `stated`: as Excel saves it, with its size and row numbers; else as a crafted upload may be,
    without them, so that the rows compress to almost nothing."""
    values = ["B0000001", "组织B0000001", "", "committee", "county", "", "", "张三"]
    strings = "".join(f"<si><t>{text}</t></si>" for text in [*HEADER, *values])

    def row(number: int, first_string: int) -> str:
        cells = ""
        for index in range(len(HEADER)):
            place = f' r="{LETTERS[index]}{number}"' if stated else ""
            cells += f'<c{place} t="s"><v>{first_string + index}</v></c>'
        numbered = f' r="{number}"' if stated else ""
        return f"<row{numbered}>{cells}</row>"

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, xml in PARTS.items():
            package.writestr(name, xml)
        package.writestr(
            "xl/sharedStrings.xml",
            f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{strings}</sst>',
        )
        with package.open("xl/worksheets/sheet1.xml", "w") as sheet_xml:
            sheet_xml.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            if stated:
                sheet_xml.write(f'<dimension ref="A1:H{rows + 1}"/>'.encode())
            sheet_xml.write(f"<sheetData>{row(1, 0)}".encode())
            for number in range(2, rows + 2):
                sheet_xml.write(row(number if stated else 0, len(HEADER)).encode())
            sheet_xml.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def saved_sheet(rows: int) -> bytes:
    """An XLSX of `rows` organizations with codes of their own, written by openpyxl."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet()
    worksheet.append(HEADER)
    for number in range(rows):
        code = f"B{number:07d}"
        worksheet.append([code, f"组织{code}", "", "committee", "county", "", "", "张三"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


MAKERS = {
    "crafted": lambda rows: repeated_sheet(rows, stated=False),
    "saved": lambda rows: repeated_sheet(rows, stated=True),
    "distinct": saved_sheet,
}


def run_case(kind: str, rows: int) -> None:
    """One dry run in this process; prints one line of figures."""
    import django

    django.setup()
    from django.core.management import call_command

    from debrief.orgs.importing import import_organizations

    call_command("migrate", verbosity=0)
    content = MAKERS[kind](rows)
    baseline = max_rss_mib()
    started, cpu = time.perf_counter(), time.process_time()
    result = import_organizations(file_name="bench.xlsx", content=content, scope=None, dry_run=True)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    outcome = str(result.errors[0])[:90] if result.errors else f"{result.created} would be created"
    print(
        f"{rows:>9,} rows {kind:<9} {len(content) / 2**20:6.2f} MB "
        f"{wall:8.2f} s {cpu:8.2f} s CPU {max_rss_mib() - baseline:8.1f} MiB  {outcome}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500_000, help="rows of the oversized sheet")
    parser.add_argument("--allowed", type=int, default=20_000, help="rows of the allowed sheet")
    parser.add_argument("--case", nargs=2, metavar=("KIND", "ROWS"), help=argparse.SUPPRESS)
    parser.add_argument("--province", action="store_true", help="import a province's tree with import_orgs")
    parser.add_argument("--orgs", type=int, default=200_000, help="organizations in the province's tree")
    parser.add_argument("--database-url", help="PostgreSQL database for --province (default: SQLite file)")
    parser.add_argument("--step", nargs=3, metavar=("STEP", "URL", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        import province_import

        province_import.run_step(*args.step)
        return
    if args.province:
        import province_import

        province_import.main(args.orgs, args.database_url, __file__)
        return
    if args.case:
        run_case(args.case[0], int(args.case[1]))
        return
    for kind, rows in (("crafted", args.rows), ("saved", args.rows), ("distinct", args.allowed)):
        subprocess.run([sys.executable, __file__, "--case", kind, str(rows)], check=True)


if __name__ == "__main__":
    main()
