"""Build import files in memory for tests."""

import csv
import io

from openpyxl import Workbook

HEADER_KEYS = [
    "code",
    "name",
    "short_name",
    "org_type",
    "level",
    "parent_code",
    "status",
    "secretary_name",
    "secretary_start",
    "secretary_phone",
]


def xlsx(rows, header=HEADER_KEYS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, header=HEADER_KEYS, encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(list(header))
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)
