"""Attachments: checked on the way in, served only to those who may see the report."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from debrief.lib.uploads import UploadError
from debrief.reports import services
from debrief.reports.models import Attachment
from debrief.testing.factories import report_write

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_a_pdf_is_stored_under_the_media_root_with_its_name_kept(reporters, media_root):
    report = report_write(reporters.a1)
    attachment = services.attachment_add(
        report=report, user=None, uploaded_file=upload("述职报告附件.pdf", PDF)
    )
    assert attachment.original_name == "述职报告附件.pdf"
    assert attachment.kind == "PDF"
    assert attachment.size == len(PDF)
    stored = media_root / attachment.file.name
    assert stored.read_bytes() == PDF
    assert "述职" not in attachment.file.name  # stored under a random name


def test_a_docx_package_is_accepted(reporters):
    attachment = services.attachment_add(
        report=report_write(reporters.a1), user=None, uploaded_file=upload("a.docx", docx_bytes())
    )
    assert attachment.kind == "DOCX"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "run.exe",
            b"MZ",
            "“run.exe” cannot be attached: only PDF, DOCX, XLSX, PNG and JPEG files are accepted.",
        ),
        ("fake.pdf", b"<html>", "“fake.pdf” is not a real PDF file; save it again in that format."),
        ("fake.xlsx", docx_bytes(), "“fake.xlsx” is not a real XLSX file; save it again in that format."),
        ("empty.png", b"", "“empty.png” is empty."),
    ],
)
def test_a_wrong_file_is_refused_and_nothing_is_stored(reporters, media_root, name, content, message):
    report = report_write(reporters.a1)
    with pytest.raises(UploadError) as refused:
        services.attachment_add(report=report, user=None, uploaded_file=upload(name, content))
    assert str(refused.value) == message
    assert not Attachment.objects.exists()
    assert not any(media_root.rglob("*.*"))


def test_an_oversized_file_is_refused_with_both_sizes(reporters, settings):
    settings.DEBRIEF_ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(UploadError, match="“big.pdf” is 2.0\xa0KB; an attachment may be at most 1.0\xa0KB."):
        services.attachment_add(
            report=report_write(reporters.a1), user=None, uploaded_file=upload("big.pdf", PDF + b"0" * 2000)
        )


def test_attachments_are_served_only_to_those_who_may_see_the_report(client, cast, reporters):
    attachment = services.attachment_add(
        report=report_write(reporters.a1), user=None, uploaded_file=upload("证明材料.pdf", PDF)
    )
    url = reverse("reports:attachment", args=[attachment.pk])
    client.force_login(cast.reporter_a1)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    client.force_login(cast.organizer_a)
    assert client.get(url).status_code == 200
    client.force_login(cast.organizer_b)
    assert client.get(url).status_code == 404
    client.force_login(cast.leader_a)  # a draft's attachments stay with the reporter and organizers
    assert client.get(url).status_code == 404


def test_a_reporter_uploads_through_the_report_page(client, cast, reporters):
    client.force_login(cast.reporter_a1)
    client.post(
        reverse("reports:attachment_upload", args=[reporters.a1.pk]), {"file": upload("台账.pdf", PDF)}
    )
    assert Attachment.objects.get().original_name == "台账.pdf"


def test_an_attachment_is_downloaded_never_shown_or_sniffed_by_the_browser(client, cast, reporters, settings):
    settings.SECURE_CONTENT_TYPE_NOSNIFF = False  # the download says so itself
    attachment = services.attachment_add(
        report=report_write(reporters.a1), user=None, uploaded_file=upload("证明材料.pdf", PDF)
    )
    client.force_login(cast.reporter_a1)
    response = client.get(reverse("reports:attachment", args=[attachment.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


REFUSED = (
    "Attachments of a submitted or accepted report cannot be added or removed; the organizer can return it."
)


def accepted_report(reporters, cast):
    report = report_write(reporters.a1)
    services.report_submit(report=report, user=None)
    return services.report_accept(report=report, user=cast.organizer_a)


def test_an_attachment_cannot_be_added_to_an_accepted_report(client, cast, reporters, media_root):
    accepted_report(reporters, cast)
    client.force_login(cast.reporter_a1)
    page = client.post(
        reverse("reports:attachment_upload", args=[reporters.a1.pk]),
        {"file": upload("补充.pdf", PDF)},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert REFUSED in page.content.decode()
    assert not Attachment.objects.exists()
    assert not any(media_root.rglob("*.*"))


def test_an_attachment_cannot_be_removed_from_an_accepted_report(client, cast, reporters):
    attachment = services.attachment_add(
        report=report_write(reporters.a1), user=None, uploaded_file=upload("证明.pdf", PDF)
    )
    accepted_report(reporters, cast)
    client.force_login(cast.organizer_a)
    page = client.post(
        reverse("reports:attachment_remove", args=[attachment.pk]), follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert REFUSED in page.content.decode()
    assert Attachment.objects.get().original_name == "证明.pdf"


def test_a_submitted_report_refuses_a_new_attachment_and_a_returned_one_takes_it(cast, reporters):
    report = report_write(reporters.a1)
    services.report_submit(report=report, user=None)
    with pytest.raises(services.ReportError, match="cannot be added or removed"):
        services.attachment_add(report=report, user=None, uploaded_file=upload("a.pdf", PDF))
    services.report_return(report=report, user=cast.organizer_a, remarks="补充材料")
    assert services.attachment_add(report=report, user=None, uploaded_file=upload("a.pdf", PDF)).kind == "PDF"


def test_the_report_page_offers_no_upload_once_the_report_is_accepted(client, cast, reporters):
    accepted_report(reporters, cast)
    client.force_login(cast.reporter_a1)
    page = client.get(reverse("reports:detail", args=[reporters.a1.pk])).content.decode()
    assert "attachment_upload" not in page and 'type="file"' not in page
