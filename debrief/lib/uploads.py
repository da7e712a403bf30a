"""Checks on uploaded attachments: the name's type must match what the bytes are."""

from __future__ import annotations

import uuid
import zipfile
from pathlib import PurePosixPath

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .errors import DomainError

# Extension -> kind shown to users; the bytes are checked against the kind.
ALLOWED = {".pdf": "PDF", ".docx": "DOCX", ".xlsx": "XLSX", ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}


class UploadError(DomainError):
    """An attachment refused: wrong type, empty, too large, or not what its name says."""


def stored_name(folder: str, filename: str) -> str:
    """A random name under `folder`: the original name is kept in the row, never trusted as a path."""
    return f"{folder}/{uuid.uuid4().hex}{PurePosixPath(filename).suffix.lower()}"


def _looks_like(kind: str, head: bytes, file) -> bool:
    if kind == "PDF":
        return head.startswith(b"%PDF-")
    if kind == "PNG":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if kind == "JPEG":
        return head.startswith(b"\xff\xd8\xff")
    # DOCX and XLSX are zip packages with their own main part.
    if not head.startswith(b"PK\x03\x04"):
        return False
    file.seek(0)
    try:
        names = set(zipfile.ZipFile(file).namelist())
    except zipfile.BadZipFile:
        return False
    finally:
        file.seek(0)
    return ("word/document.xml" if kind == "DOCX" else "xl/workbook.xml") in names


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
    head = file.read(8)
    file.seek(0)
    if not _looks_like(kind, head, file):
        raise UploadError(
            _("“%(name)s” is not a real %(kind)s file; save it again in that format.")
            % {"name": name, "kind": kind}
        )
    return kind
