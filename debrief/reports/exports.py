"""Debrief reports as DOCX: one report, or a campaign's bound volume."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _

from debrief.campaigns.models import Campaign, Reporter
from debrief.campaigns.selectors import reporters_in_order
from debrief.lib import docx_writer
from debrief.lib.text import join_names

from . import selectors
from .models import SECTION_LABELS, ReportVersion

# Chinese official documents number their main sections 一、二、三…
SECTION_NUMERALS = "一二三四五六七八九十"


def _content_for(reporter: Reporter, *, working_copy: bool) -> tuple[dict | None, ReportVersion | None]:
    report = selectors.report_of(reporter)
    if report is None:
        return None, None
    version = report.versions.order_by("-number").first()
    if working_copy:
        return report.content(), version
    return (version.content if version else None), version


def _title(reporter: Reporter) -> str:
    return _("Debrief report of the secretary of %(org)s on grassroots Party building") % {
        "org": reporter.organization.name
    }


def _document(
    reporter: Reporter, content: dict | None, figures: dict[str, str]
) -> docx_writer.ReportDocument:
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
    indicators = list(reporter.campaign.indicators.all())
    if indicators:
        last_year = selectors.indicator_rows(reporter, None)
        previous = {row.indicator.pk: row.last_year for row in last_year}
        document.tables.append(
            docx_writer.Table(
                caption=_("Key indicators"),
                headers=[_("Indicator"), _("Unit"), _("This year"), _("Last year")],
                rows=[
                    [ind.name, ind.unit, figures.get(ind.name, "—"), previous.get(ind.pk) or "—"]
                    for ind in indicators
                ],
            )
        )
    return document


def _figures(reporter: Reporter, version: ReportVersion | None, *, working_copy: bool) -> dict[str, str]:
    report = selectors.report_of(reporter)
    if working_copy and report is not None:
        return {
            v.indicator.name: format(v.value.normalize(), "f")
            for v in report.indicator_values.select_related("indicator")
        }
    return dict(version.indicator_values) if version else {}


def report_docx(reporter: Reporter, *, working_copy: bool) -> bytes | None:
    content, version = _content_for(reporter, working_copy=working_copy)
    if content is None:
        return None
    document = _document(reporter, content, _figures(reporter, version, working_copy=working_copy))
    names = list(selectors.report_of(reporter).attachments.values_list("original_name", flat=True))
    if names:
        document.attachments_note = _("Attachments: %(names)s") % {"names": join_names(names)}
    return docx_writer.report_docx(document)


def campaign_volume(campaign: Campaign) -> bytes:
    """Every reporter's newest submitted report, on-site ones first in speaking order."""
    contents, documents = [], []
    for reporter in reporters_in_order(campaign):
        content, version = _content_for(reporter, working_copy=False)
        document = _document(reporter, content, _figures(reporter, version, working_copy=False))
        documents.append(document)
        group = _("On-site reports") if reporter.is_on_site else _("Written reports")
        label = f"{len(documents)}. {reporter.organization.name} {reporter.person.name}"
        if content is None:
            label += _(" (not submitted)")
        contents.append(docx_writer.ContentsEntry(group=group, label=label))
    cover = docx_writer.VolumeCover(
        title=campaign.title,
        subtitle=_("Volume of debrief reports"),
        host=campaign.host.name,
        date_line=formats.date_format(campaign.meeting_date, "YEAR_MONTH_FORMAT"),
    )
    return docx_writer.volume_docx(cover, _("Contents"), contents, documents)
