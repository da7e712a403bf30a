"""Debrief reports as DOCX: one report, or a campaign's bound volume."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from debrief.campaigns.models import Campaign, Reporter
from debrief.campaigns.selectors import reporters_in_order
from debrief.lib import docx_writer
from debrief.lib.text import join_names

from . import overview, selectors
from .models import SECTION_LABELS, ReportAction, ReportEvent, ReportState

# Chinese official documents number their main sections 一、二、三…
SECTION_NUMERALS = "一二三四五六七八九十"


def _title(reporter: Reporter) -> str:
    return _("Debrief report of the secretary of %(org)s on grassroots Party building") % {
        "org": reporter.organization.name
    }


def _figure(value) -> str:
    if value is None:
        return "—"
    return format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)


def _document(
    reporter: Reporter, content: dict | None, figure_rows: list[list[str]]
) -> docx_writer.ReportDocument:
    """One report's pages; `figure_rows` are [indicator, unit, this year, last year] as shown."""
    place = (
        _("On-site report, no. %(order)d") % {"order": reporter.speaking_order}
        if reporter.is_on_site
        else _("Written report")
    )
    document = docx_writer.ReportDocument(
        title=_title(reporter),
        byline=_("Secretary %(name)s") % {"name": reporter.person.name},
        meta=[place],
    )
    if content is None:
        document.meta.append(_("The report has not been submitted."))
        return document
    order = ["duties", "problems", "causes", "measures", "rectification_account"]
    numbered = [name for name in order if content.get(name)]
    for index, name in enumerate(numbered):
        section = docx_writer.Section(heading=f"{SECTION_NUMERALS[index]}、{SECTION_LABELS[name]}")
        if name == "problems":
            section.items = list(content["problems"])
        else:
            section.paragraphs = [content[name]]
        document.sections.append(section)
    if figure_rows:
        document.tables.append(
            docx_writer.Table(
                caption=_("Key indicators"),
                headers=[_("Indicator"), _("Unit"), _("This year"), _("Last year")],
                rows=figure_rows,
            )
        )
    return document


def report_docx(reporter: Reporter, *, working_copy: bool) -> bytes | None:
    """One report: the working copy for its reporter and organizers, else the newest submitted version."""
    report = selectors.report_of(reporter)
    if report is None:
        return None
    version = report.versions.order_by("-number").first()
    if working_copy:
        content, rows = report.content(), selectors.indicator_rows(reporter, report)
    else:
        content, rows = (
            (version.content if version else None),
            selectors.indicator_rows(reporter, None, submitted=version),
        )
    if content is None:
        return None
    figure_rows = [[r.indicator.name, r.indicator.unit, _figure(r.value), _figure(r.last_year)] for r in rows]
    document = _document(reporter, content, figure_rows)
    names = list(report.attachments.values_list("original_name", flat=True))
    if names:
        document.attachments_note = _("Attachments: %(names)s") % {"names": join_names(names)}
    return docx_writer.report_docx(document)


def _missing(report, returned_at) -> tuple[str, str] | None:
    """For a report the volume cannot hold: what the contents add to its name, and the line in its
    place. None for a submitted or accepted report."""
    status = selectors.status_of(report)
    if status in selectors.DONE_STATES:
        return None
    if status == ReportState.RETURNED:
        when = formats.date_format(timezone.localtime(returned_at), "Y-m-d") if returned_at else "—"
        return _(" (returned for revision)"), _(
            "Returned for revision on %(date)s and not submitted again: the report is not in this volume."
        ) % {"date": when}
    if status == ReportState.DRAFT:
        return _(" (not submitted)"), _("Not submitted: the report is still a draft.")
    return _(" (not submitted)"), _("Not submitted: the report has not been started.")


def campaign_volume(campaign: Campaign) -> bytes:
    """Every reporter's newest submitted report, on-site ones first in speaking order.

    A report returned for revision, still a draft or not started is not bound in: a line says so in
    its place and in the contents. Versions, returns and figures are read for the whole campaign at
    once, not per reporter.
    """
    reporters = list(reporters_in_order(campaign).select_related("report"))
    reports = [r.report for r in reporters if selectors.report_of(r)]
    versions = selectors.latest_versions(reports)
    returned = dict(
        ReportEvent.objects.filter(report__in=reports, action=ReportAction.RETURNED)
        .values("report_id")
        .annotate(last=Max("at"))
        .values_list("report_id", "last")
    )
    figures = {row.reporter.pk: row.cells for row in overview.indicator_table(campaign)}
    indicators = list(campaign.indicators.all())
    contents, documents = [], []
    for reporter in reporters:
        report = selectors.report_of(reporter)
        missing = _missing(report, returned.get(report.pk) if report else None)
        version = versions.get(report.pk) if report and not missing else None
        content = version.content if version else None
        figure_rows = [
            [ind.name, ind.unit, _figure(cell.value), _figure(cell.last_year)]
            for ind, cell in zip(indicators, figures[reporter.pk], strict=True)
        ]
        document = _document(reporter, content, [] if missing else figure_rows)
        group = _("On-site reports") if reporter.is_on_site else _("Written reports")
        label = f"{len(documents) + 1}. {reporter.organization.name} {reporter.person.name}"
        if missing:
            label += missing[0]
            document.meta = document.meta[:1]
            document.notice = missing[1]
        documents.append(document)
        contents.append(docx_writer.ContentsEntry(group=group, label=label))
    cover = docx_writer.VolumeCover(
        title=campaign.title,
        subtitle=_("Volume of debrief reports"),
        host=campaign.host.name,
        date_line=formats.date_format(campaign.meeting_date, "YEAR_MONTH_FORMAT"),
    )
    return docx_writer.volume_docx(cover, _("Contents"), contents, documents)
