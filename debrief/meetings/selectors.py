"""Reads over a meeting: its agenda, attendance, the big screen's state, comments by reporter, the
closing speech."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Min, Prefetch, Q, prefetch_related_objects
from django.utils.translation import gettext as _

from debrief.campaigns.models import Campaign, Reporter, ReportMode
from debrief.campaigns.selectors import reporters_in_order

from .models import (
    AgendaItem,
    AgendaKind,
    Attendee,
    ClosingPointKind,
    Comment,
    CommentProblem,
    Meeting,
)
from .screen import elapsed_seconds


def meeting_of(campaign: Campaign) -> Meeting | None:
    return Meeting.objects.filter(campaign=campaign).select_related("campaign__host").first()


def item_title(item: AgendaItem) -> str:
    """What the agenda calls the item, in the reader's language unless the organizer named it."""
    if item.title:
        return item.title
    if item.is_report:
        return _("%(org)s — %(name)s") % {
            "org": item.reporter.organization.name,
            "name": item.reporter.person.name,
        }
    return str(AgendaKind(item.kind).label)


@dataclass(frozen=True)
class AgendaRow:
    item: AgendaItem
    title: str
    speaker_number: int | None  # 1, 2, … among the on-site reports
    is_current: bool


def agenda(meeting: Meeting) -> list[AgendaRow]:
    items = meeting.agenda.select_related("reporter__organization", "reporter__person")
    rows, speakers = [], 0
    for item in items:
        number = None
        if item.is_report:
            speakers += 1
            number = speakers
        rows.append(AgendaRow(item, item_title(item), number, item.pk == meeting.current_item_id))
    return rows


@dataclass(frozen=True)
class CategoryAttendance:
    category: str  # blank: attends without evaluating
    invited: int
    present: int

    @property
    def absent(self) -> int:
        return self.invited - self.present


@dataclass(frozen=True)
class Attendance:
    rows: list[CategoryAttendance]

    @property
    def invited(self) -> int:
        return sum(row.invited for row in self.rows)

    @property
    def present(self) -> int:
        return sum(row.present for row in self.rows)

    @property
    def absent(self) -> int:
        return self.invited - self.present


def attendance(meeting: Meeting) -> Attendance:
    """Invited and present by evaluator category, categories in the order of the list."""
    counts = (
        meeting.attendees.values("category")
        .annotate(
            invited=Count("pk"),
            present=Count("pk", filter=Q(checked_in_at__isnull=False)),
            first=Min("position"),
        )
        .order_by("first")
    )
    return Attendance([CategoryAttendance(row["category"], row["invited"], row["present"]) for row in counts])


def attendees_matching(meeting: Meeting, query: str, limit: int = 20) -> list[Attendee]:
    query = query.strip()
    if not query:
        return []
    return list(
        meeting.attendees.filter(Q(name__icontains=query) | Q(unit__icontains=query)).order_by(
            "checked_in_at", "position"
        )[:limit]
    )


def absentees(meeting: Meeting) -> list[Attendee]:
    return list(meeting.attendees.filter(checked_in_at__isnull=True))


# --- The big screen -------------------------------------------------------------------------------


@dataclass
class ScreenState:
    meeting: Meeting
    item: AgendaItem | None
    title: str
    speaker_number: int | None = None
    speaker_count: int = 0
    next_title: str = ""
    limit_seconds: int | None = None
    elapsed_seconds: int = 0
    running: bool = False
    written_count: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def version(self) -> int:
        return self.meeting.screen_version

    @property
    def kind(self) -> str:
        return self.item.kind if self.item else "welcome"

    @property
    def speaker(self) -> Reporter | None:
        return self.item.reporter if self.item and self.item.is_report else None

    @property
    def kind_label(self) -> str:
        """The item's kind, shown above its title unless the title says the same (an unnamed
        closing speech is titled by its kind, and the screen would say it twice)."""
        if self.item is None:
            return ""
        label = str(AgendaKind(self.item.kind).label)
        return "" if label.strip() == self.title.strip() else label


def screen_state(meeting: Meeting, rows: list[AgendaRow] | None = None) -> ScreenState:
    rows = agenda(meeting) if rows is None else rows
    index = next((i for i, row in enumerate(rows) if row.is_current), None)
    if index is None:
        return ScreenState(
            meeting,
            None,
            meeting.campaign.title,
            speaker_count=sum(1 for row in rows if row.speaker_number),
            next_title=rows[0].title if rows else "",
        )
    row = rows[index]
    item = row.item
    limit = item.time_limit_minutes * 60 if item.time_limit_minutes else None
    written = 0
    if item.kind == AgendaKind.WRITTEN_REPORTS:
        written = meeting.campaign.reporters.filter(mode=ReportMode.WRITTEN).count()
    return ScreenState(
        meeting,
        item,
        row.title,
        speaker_number=row.speaker_number,
        speaker_count=sum(1 for r in rows if r.speaker_number),
        next_title=rows[index + 1].title if index + 1 < len(rows) else "",
        limit_seconds=limit,
        elapsed_seconds=elapsed_seconds(meeting),
        running=meeting.timer_started_at is not None,
        written_count=written,
    )


# --- Comments -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReporterRecord:
    reporter: Reporter
    comments: list[Comment]
    questions: list

    @property
    def problem_count(self) -> int:
        return sum(len(comment.problems.all()) for comment in self.comments)


def _records_prefetch() -> tuple:
    return (
        Prefetch(
            "comments",
            queryset=Comment.objects.prefetch_related(
                # With the ledger item each problem became, if any (the rectification app's link).
                Prefetch(
                    "problems", queryset=CommentProblem.objects.select_related("rectification_item__campaign")
                )
            ),
        ),
        "questions",
    )


def _record(reporter: Reporter) -> ReporterRecord:
    return ReporterRecord(reporter, list(reporter.comments.all()), list(reporter.questions.all()))


def comments_by_reporter(campaign: Campaign) -> list[ReporterRecord]:
    """Every reporter in reporting order with the comments on them (problems included) and questions."""
    return [
        _record(reporter) for reporter in reporters_in_order(campaign).prefetch_related(*_records_prefetch())
    ]


def reporter_record(reporter: Reporter) -> ReporterRecord:
    """One reporter's comments and questions, read for the reporter already loaded."""
    prefetch_related_objects([reporter], *_records_prefetch())
    return _record(reporter)


def reporter_neighbours(campaign: Campaign, reporter: Reporter) -> tuple[Reporter | None, Reporter | None]:
    """The reporters before and after this one in reporting order, for stepping through comments."""
    ordered = list(reporters_in_order(campaign))
    index = ordered.index(reporter)
    return (ordered[index - 1] if index else None, ordered[index + 1] if index + 1 < len(ordered) else None)


# --- The closing speech ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ClosingPart:
    """The points of one kind (会议指出, 要求 or 强调), in order."""

    kind: str
    points: list[str]

    @property
    def label(self) -> str:
        return str(ClosingPointKind(self.kind).label)


def closing_speech(meeting: Meeting) -> list[ClosingPart]:
    """Every kind of point in the speech's order, each with its points (perhaps none); one query."""
    points: dict[str, list[str]] = {kind: [] for kind in ClosingPointKind.values}
    for kind, text in meeting.closing_points.values_list("kind", "text"):
        points[kind].append(text)
    return [ClosingPart(kind, texts) for kind, texts in points.items()]
