"""The feedback sheet as an A4 PDF (ReportLab), Chinese set in an embedded CJK font (`lib.cjk_font`).

The sheet is laid out in two passes: first as plain blocks of text (headings, paragraphs, tables),
so that every character is known before the font is chosen (a converted CJK font holds only the
characters asked for), then as ReportLab flowables in that font. A typical reporter's sheet, with
a few comments and rectification items, fits on one page; a longer one flows on to the next.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from debrief.evaluation.models import Rating
from debrief.lib import cjk_font, tally

from .feedback import FeedbackSheet

MARGIN = 15 * mm
WIDTH = A4[0] - 2 * MARGIN
RATINGS = tuple(tally.RATINGS)
LINE = colors.HexColor("#9aa5b1")
SHADE = colors.HexColor("#eef2f7")


@dataclass(frozen=True)
class Block:
    kind: str  # "title", "subtitle", "banner", "heading", "text", "table"
    texts: tuple  # one text, or for a table its rows of cell texts
    widths: tuple[float, ...] = ()  # a table's column widths, as shares of the page width


def _score(value) -> str:
    return "—" if value is None else str(tally.round_half_up(value))


def _pct(value) -> str:
    return "—" if value is None else f"{tally.percent(value)}%"


def _rating_headers() -> list[str]:
    return [str(Rating(r).label) for r in RATINGS]


def _blocks(sheet: FeedbackSheet) -> list[Block]:
    reporter, campaign = sheet.reporter, sheet.campaign
    blocks = [
        Block("subtitle", (campaign.title,)),
        Block("title", (_("Feedback on the results of the debriefing, review and assessment"),)),
    ]
    if sheet.preview:
        blocks.append(Block("banner", (_("Preview: the results are not yet published to the reporter."),)))
    blocks.append(
        Block(
            "table",
            (
                (_("Organization"), reporter.organization.name, _("Secretary"), reporter.person.name),
                (_("Host"), campaign.host.name, _("Mode"), reporter.get_mode_display()),
            ),
            (0.14, 0.44, 0.14, 0.28),
        )
    )
    blocks += _result_blocks(sheet)
    blocks += _opinion_and_comment_blocks(sheet)
    blocks += _rectification_blocks(sheet)
    return blocks


def _result_blocks(sheet: FeedbackSheet) -> list[Block]:
    blocks = [Block("heading", (_("Results"),))]
    r = sheet.result
    if r is None:
        return [*blocks, Block("text", (_("The evaluation has not closed yet: no results."),))]
    rank = _("%(rank)s of %(total)s") % {"rank": r.rank, "total": sheet.ranked} if r.rank else "—"
    if not sheet.evaluation.publish_ranks:
        rank = _("not published")
    blocks.append(
        Block(
            "table",
            (
                (_("Grade"), _("Comprehensive score"), _("Evaluation score"), _("Routine score"), _("Rank")),
                (
                    sheet.grade_label,
                    _score(r.comprehensive_score),
                    _score(r.evaluation_score),
                    _score(r.routine_score),
                    rank,
                ),
                (_("Valid ballots"), _("Good rate"), _("Poor rate"), "", ""),
                (str(r.valid), _pct(r.good_rate), _pct(r.poor_rate), "", ""),
            ),
            (0.2, 0.2, 0.2, 0.2, 0.2),
        )
    )
    if not sheet.is_final:
        blocks.append(
            Block("text", (_("The campaign is not yet assessed: grades and ranks may still change."),))
        )
    if sheet.categories:
        rows = [
            (
                _("Evaluator category"),
                *_rating_headers(),
                _("Valid"),
                _("Average points"),
                _("Effective weight"),
                _("Contribution"),
            )
        ]
        for line in sheet.categories:
            t = line.tally
            rows.append(
                (
                    line.label or _("Small categories, combined"),
                    *(str(t.counts.get(k, 0)) for k in RATINGS),
                    str(t.valid),
                    _score(t.average_points),
                    _pct(t.effective_weight),
                    _score(t.contribution),
                )
            )
        rows.append(  # as on the page: the whole count, whose contributions add up to the score
            (
                _("All categories"),
                *(str(r.counts.get(k, 0)) for k in RATINGS),
                str(r.valid),
                _score(r.evaluation_score),
                "",
                _score(r.evaluation_score),
            )
        )
        blocks.append(Block("heading", (_("By evaluator category"),)))
        blocks.append(Block("table", tuple(rows), (0.28, 0.07, 0.07, 0.07, 0.07, 0.08, 0.12, 0.12, 0.12)))
        if r.hidden_combined is not None:
            blocks.append(Block("text", (_small_categories_note(sheet),)))
    if sheet.row.sub_indicators:
        rows = [(_("Indicator"), *_rating_headers(), _("Valid"), _("Good rate"), _("Score"))]
        for indicator, sub in sheet.row.sub_indicators:
            rows.append(
                (
                    indicator.name,
                    *(str(sub.counts.get(k, 0)) for k in RATINGS),
                    str(sub.valid),
                    _pct(sub.good_rate),
                    _score(sub.evaluation_score),
                )
            )
        blocks.append(Block("heading", (_("By indicator"),)))
        blocks.append(Block("table", tuple(rows), (0.4, 0.08, 0.08, 0.08, 0.08, 0.08, 0.1, 0.1)))
    return blocks


def _small_categories_note(sheet: FeedbackSheet) -> str:
    return _(
        "Categories with fewer than %(k)s ballots are shown only combined, so that no small group's votes "
        "can be told apart; they count in full."
    ) % {"k": sheet.evaluation.min_category_ballots_shown}


def _opinion_and_comment_blocks(sheet: FeedbackSheet) -> list[Block]:
    blocks = [Block("heading", (_("Assessment opinion"),))]
    blocks.append(
        Block("text", (sheet.opinion.text if sheet.opinion else _("No assessment opinion written."),))
    )
    blocks.append(Block("heading", (_("Comments at the meeting"),)))
    if not sheet.comments:
        blocks.append(Block("text", (_("No comments were made on this report."),)))
    for comment in sheet.comments:
        lines = [f"{comment.commenter} · {comment.get_role_display()}"]
        if comment.achievements:
            lines.append(_("Achievements: %(text)s") % {"text": comment.achievements})
        problems = [p.text for p in comment.problems.all()]
        if problems:
            lines.append(
                _("Problems:") + " " + " ".join(f"{n}. {text}" for n, text in enumerate(problems, 1))
            )
        if comment.requirements:
            lines.append(_("Requirements: %(text)s") % {"text": comment.requirements})
        blocks.append(Block("text", ("\n".join(lines),)))
    return blocks


def _rectification_blocks(sheet: FeedbackSheet) -> list[Block]:
    blocks = [Block("heading", (_("Rectification items"),))]
    if sheet.items:
        rows = [(_("No."), _("Problem"), _("Deadline"), _("Status"))]
        rows += [
            (item.label, item.description, item.deadline.isoformat(), item.get_status_display())
            for item in sheet.items
        ]
        blocks.append(Block("table", tuple(rows), (0.12, 0.6, 0.13, 0.15)))
    else:
        blocks.append(Block("text", (_("No rectification items yet."),)))
    if sheet.interviews or sheet.calls_for_interview:
        blocks.append(Block("heading", (_("Interviews"),)))
        if not sheet.interviews:
            blocks.append(Block("text", (_("No interview recorded yet."),)))
        for interview in sheet.interviews:
            lines = [
                _("%(date)s, held by %(who)s")
                % {"date": interview.held_on.isoformat(), "who": interview.held_by},
                _("Main points: %(text)s") % {"text": interview.points},
            ]
            if interview.commitments:
                lines.append(_("Commitments: %(text)s") % {"text": interview.commitments})
            blocks.append(Block("text", ("\n".join(lines),)))
    return blocks


def _all_texts(blocks: list[Block], extra: list[str]) -> list[str]:
    texts = list(extra)
    for block in blocks:
        if block.kind == "table":
            texts += [cell for row in block.texts for cell in row]
        else:
            texts += block.texts
    return texts


def _markup(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("text", fontName=font, fontSize=9, leading=12.5, wordWrap="CJK", spaceAfter=3)
    return {
        "text": base,
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11, spaceAfter=0),
        "title": ParagraphStyle(
            "title", parent=base, fontSize=16, leading=21, alignment=TA_CENTER, spaceAfter=6
        ),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10, leading=13, alignment=TA_CENTER),
        "heading": ParagraphStyle(
            "heading",
            parent=base,
            fontSize=11,
            leading=15,
            spaceBefore=6,
            spaceAfter=3,
            textColor=colors.HexColor("#9b1c1c"),
        ),
        "banner": ParagraphStyle(
            "banner",
            parent=base,
            fontSize=10,
            alignment=TA_CENTER,
            borderPadding=4,
            backColor=colors.HexColor("#fff8e1"),
            borderColor=colors.HexColor("#f3d37a"),
            borderWidth=0.5,
            spaceBefore=2,
            spaceAfter=8,
        ),
    }


def _table(block: Block, styles: dict[str, ParagraphStyle]) -> Table:
    rows = [[Paragraph(_markup(cell), styles["cell"]) for cell in row] for row in block.texts]
    table = Table(rows, colWidths=[share * WIDTH for share in block.widths], hAlign="LEFT")
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.4, LINE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if len(block.widths) == 4 and len(block.texts) == 2:  # the facts: labels in the 1st and 3rd columns
        commands += [("BACKGROUND", (0, 0), (0, -1), SHADE), ("BACKGROUND", (2, 0), (2, -1), SHADE)]
    else:  # a header row (the results table has a second one)
        commands.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
        if len(block.texts) == 4 and len(block.widths) == 5:
            commands.append(("BACKGROUND", (0, 2), (-1, 2), SHADE))
    table.setStyle(TableStyle(commands))
    return table


def _page_label(page: int) -> str:
    return _("page %(page)d") % {"page": page}


def feedback_pdf(sheet: FeedbackSheet, *, compress: bool = True) -> bytes:
    """The sheet as an A4 PDF; `compress=False` leaves the page contents readable, for tests."""
    blocks = _blocks(sheet)
    footer = _("%(host)s · printed on %(date)s") % {
        "host": sheet.campaign.host.name,
        "date": timezone.localdate().isoformat(),
    }
    watermark = _("PREVIEW") if sheet.preview else ""
    font = cjk_font.pdf_font(_all_texts(blocks, [footer, watermark, _page_label(0)]))
    styles = _styles(font)
    story = []
    for block in blocks:
        if block.kind == "table":
            story += [_table(block, styles), Spacer(1, 4)]
        else:
            story.append(Paragraph(_markup(block.texts[0]), styles[block.kind]))

    def decorate(canvas, doc):
        canvas.saveState()
        canvas.setFont(font, 7.5)
        canvas.setFillColor(colors.HexColor("#64748b"))
        canvas.drawCentredString(A4[0] / 2, 9 * mm, f"{footer} · {_page_label(doc.page)}")
        if watermark:
            canvas.setFont(font, 72)
            canvas.setFillColor(colors.Color(0.85, 0.2, 0.2, alpha=0.12))
            canvas.translate(A4[0] / 2, A4[1] / 2)
            canvas.rotate(35)
            canvas.drawCentredString(0, 0, watermark)
        canvas.restoreState()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{sheet.reporter.organization.name} {sheet.reporter.person.name}",
        author=sheet.campaign.host.name,
        pageCompression=1 if compress else 0,
    )
    document.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()
