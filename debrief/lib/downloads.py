"""File downloads with names in any language (RFC 6266 `filename*`)."""

from urllib.parse import quote

from django.http import HttpResponse

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(content: bytes, content_type: str, file_name: str, *, no_store: bool = False) -> HttpResponse:
    """`no_store` keeps browsers and proxies from caching what must exist only once (ballot codes)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(file_name)}"
    if no_store:
        response["Cache-Control"] = "no-store"
    return response
