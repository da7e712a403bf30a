"""Attachments are checked all through, not by their first bytes only."""

import io
import random
import zipfile

import pytest

from debrief.demo.evidence_files import photo_png, report_pdf
from debrief.lib.uploads import UploadError, check_attachment

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x11" * 40 + b"\xff\xd9"
MB = 1024 * 1024


def check(name: str, content: bytes) -> str:
    return check_attachment(name, len(content), io.BytesIO(content), 20 * MB)


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(UploadError) as refused:
        check(name, content)
    return str(refused.value)


def package(main: str = "word/document.xml", types: str = "<Types/>", members: dict | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr(main, "<document/>")
        for name, content in (members or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_real_files_of_every_kind_are_accepted():
    assert check("报告.pdf", report_pdf("标题", "署名", [("一、", "正文")])) == "PDF"
    assert check("照片.png", photo_png(random.Random(1), (8, 6))) == "PNG"
    assert check("照片.jpg", JPEG) == "JPEG"
    assert check("照片.jpeg", JPEG + b"\x00\x00\r\n") == "JPEG"  # padding after the end marker
    assert check("报告.docx", package(members={"word/embeddings/Sheet1.xlsx": b"PK"})) == "DOCX"
    assert check("台账.xlsx", package("xl/workbook.xml")) == "XLSX"


@pytest.mark.parametrize("marker", [b"<html>", b"<SCRIPT>alert(1)</SCRIPT>", b"<!DOCTYPE html>"])
def test_a_pdf_carrying_a_web_page_at_its_start_is_refused(marker):
    polyglot = b"%PDF-1.4\n%" + marker + b"\n1 0 obj <<>> endobj\n%%EOF\n"
    assert refusal("a.pdf", polyglot) == (
        "“a.pdf” has web-page code (HTML or script) at its start, which a real PDF does not; "
        "save it again as PDF from the program that made it."
    )


@pytest.mark.parametrize(
    ("part", "content"),
    [
        ("word/setup.exe", b"MZ"),
        ("word/vbaProject.bin", b"\xd0\xcf"),
        ("word/embeddings/oleObject1.bin", b"\xd0\xcf"),
        ("word/activeX/activeX1.xml", b"<ax/>"),
        ("run.vbs", b"MsgBox 1"),
    ],
    ids=["program", "macros", "ole object", "activex", "script"],
)
def test_a_docx_carrying_a_program_or_macros_is_refused_naming_the_part(part, content):
    assert refusal("报告.docx", package(members={part: content})) == (
        f"“报告.docx” carries macros or programs ({part}), which are not accepted; "
        "save it again as a plain DOCX without them."
    )


def test_a_macro_enabled_workbook_renamed_to_xlsx_is_refused():
    types = '<Types><Override ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>'
    assert "carries macros or programs ([Content_Types].xml)" in refusal(
        "台账.xlsx", package("xl/workbook.xml", types)
    )


@pytest.mark.parametrize(
    "content",
    [
        b"PK\x03\x04" + b"\x00" * 60,  # a broken zip
        package().replace(b"[Content_Types].xml", b"[Content_Typez].xml"),  # no content types
    ],
    ids=["broken zip", "no content types"],
)
def test_a_docx_that_is_not_an_office_package_is_refused(content):
    assert refusal("a.docx", content) == "“a.docx” is not a real DOCX file; save it again in that format."


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("cut.png", photo_png(random.Random(1), (8, 6))[:-20], "PNG"),
        ("more.png", photo_png(random.Random(1), (8, 6)) + b"MZ\x90\x00 a program", "PNG"),
        ("cut.jpg", JPEG[:-2], "JPEG"),
        ("more.jpg", JPEG + b"<script>alert(1)</script>", "JPEG"),
    ],
    ids=["png cut off", "png with a program after it", "jpeg cut off", "jpeg with a script after it"],
)
def test_an_image_that_is_cut_off_or_has_something_appended_is_refused(name, content, kind):
    assert refusal(name, content) == (
        f"“{name}” does not end as a {kind} image does (it is cut off or has something appended); "
        f"save it again as {kind}."
    )


def test_the_file_is_read_from_its_start_again_after_the_check():
    content = package()
    file = io.BytesIO(content)
    check_attachment("a.docx", len(content), file, MB)
    assert file.read() == content
