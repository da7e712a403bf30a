"""Checks on uploaded attachments: the name's type must match what the bytes are, all through.

Beyond the first bytes: a PDF must not carry a web page in its first kilobyte (a PDF/HTML
polyglot), a DOCX or XLSX must be an Office package without macros, OLE objects or programs in
it, and a PNG or JPEG must end where the image ends, so nothing rides along after it. Stored
files go out only as downloads (`served`).
"""

from __future__ import annotations

import uuid
import zipfile
import zlib
from pathlib import PurePosixPath

from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .errors import DomainError

# Extension -> kind shown to users; the bytes are checked against the kind.
ALLOWED = {".pdf": "PDF", ".docx": "DOCX", ".xlsx": "XLSX", ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}


class UploadError(DomainError):
    """An attachment refused: wrong type, empty, too large, or not what its name says."""


def served(stored, original_name: str) -> FileResponse:
    """A stored attachment as a download, never shown in the browser: whatever slipped past the checks
    is saved, not run, even if the site's nosniff setting is off."""
    response = FileResponse(stored.open("rb"), as_attachment=True, filename=original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def stored_name(folder: str, filename: str) -> str:
    """A random name under `folder`: the original name is kept in the row, never trusted as a path."""
    return f"{folder}/{uuid.uuid4().hex}{PurePosixPath(filename).suffix.lower()}"


# A PDF's first kilobyte is where browsers sniff for a web page: a PDF/HTML polyglot puts it there.
HTML_MARKERS = (b"<html", b"<script", b"<!doctype", b"<body", b"<iframe")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"  # the empty IEND chunk with its CRC
MAIN_PART = {"DOCX": "word/document.xml", "XLSX": "xl/workbook.xml"}
# Parts of an Office package that run code: macros, OLE objects, ActiveX, programs carried along.
PROGRAM_SUFFIXES = (".exe", ".dll", ".bat", ".cmd", ".com", ".scr", ".msi", ".js", ".vbs", ".ps1", ".jar")
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError)


def _not_real(name: str, kind: str) -> UploadError:
    return UploadError(
        _("“%(name)s” is not a real %(kind)s file; save it again in that format.")
        % {"name": name, "kind": kind}
    )


def _check_pdf(name: str, head: bytes) -> None:
    if not head.startswith(b"%PDF-"):
        raise _not_real(name, "PDF")
    if any(marker in head.lower() for marker in HTML_MARKERS):
        raise UploadError(
            _(
                "“%(name)s” has web-page code (HTML or script) at its start, which a real PDF does not; save it again as PDF from the program that made it."
            )
            % {"name": name}
        )


def _program_part(names: list[str], content_types: bytes) -> str | None:
    if b"macroenabled" in content_types.lower() or b"vbaproject" in content_types.lower():
        return "[Content_Types].xml"
    for name in names:
        lower = name.lower()
        base = lower.rsplit("/", 1)[-1]
        if (
            base == "vbaproject.bin"
            or "oleobject" in base
            or "/activex/" in lower
            or lower.endswith(PROGRAM_SUFFIXES)
        ):
            return name
    return None


def _check_package(kind: str, name: str, head: bytes, file) -> None:
    """DOCX and XLSX are zip packages with their content types and main part, and no code in them."""
    if not head.startswith(b"PK\x03\x04"):
        raise _not_real(name, kind)
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as package:
            names = package.namelist()
            if "[Content_Types].xml" not in names or MAIN_PART[kind] not in names:
                raise _not_real(name, kind)
            with package.open("[Content_Types].xml") as types:
                content_types = types.read(1 << 20)  # a real one is a few KB; never inflate a bomb
    except ZIP_ERRORS:
        raise _not_real(name, kind) from None
    part = _program_part(names, content_types)
    if part is not None:
        raise UploadError(
            _(
                "“%(name)s” carries macros or programs (%(part)s), which are not accepted; save it again as a plain %(kind)s without them."
            )
            % {"name": name, "part": part, "kind": kind}
        )


def _check_image(kind: str, name: str, head: bytes, size: int, file) -> None:
    # JPEG writers may pad after the end marker; anything else after it is not the image.
    signature, ending, padding = (
        (PNG_SIGNATURE, PNG_END, b"") if kind == "PNG" else (b"\xff\xd8\xff", b"\xff\xd9", b"\x00\r\n")
    )
    if not head.startswith(signature):
        raise _not_real(name, kind)
    file.seek(max(size - 64, 0))
    if not file.read().rstrip(padding).endswith(ending):
        raise UploadError(
            _(
                "“%(name)s” does not end as a %(kind)s image does (it is cut off or has something appended); save it again as %(kind)s."
            )
            % {"name": name, "kind": kind}
        )


def check_attachment(name: str, size: int, file, max_bytes: int) -> str:
    """Return the file's kind, or raise UploadError saying what is wrong."""
    suffix = PurePosixPath(name).suffix.lower()
    kind = ALLOWED.get(suffix)
    if kind is None:
        raise UploadError(
            _("“%(name)s” cannot be attached: only PDF, DOCX, XLSX, PNG and JPEG files are accepted.")
            % {"name": name}
        )
    if size == 0:
        raise UploadError(_("“%(name)s” is empty.") % {"name": name})
    if size > max_bytes:
        raise UploadError(
            _("“%(name)s” is %(size)s; an attachment may be at most %(max)s.")
            % {"name": name, "size": filesizeformat(size), "max": filesizeformat(max_bytes)}
        )
    file.seek(0)
    try:
        head = file.read(1024)
        if kind == "PDF":
            _check_pdf(name, head)
        elif kind in MAIN_PART:
            _check_package(kind, name, head, file)
        else:
            _check_image(kind, name, head, size, file)
    finally:
        file.seek(0)
    return kind
