"""The results notice's first draft, written from the records: the meeting, the evaluation, the
grades, the common problems and the requirements. Written in the site's language (the notice is an
official document in Chinese); the organizer edits every section before publishing."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from debrief.campaigns.models import Campaign, ReportMode
from debrief.campaigns.selectors import reporters_in_order
from debrief.evaluation import selectors as evaluation_selectors
from debrief.evaluation.models import Rating
from debrief.lib import tally
from debrief.lib.text import join_clauses, join_names
from debrief.meetings import selectors as meeting_selectors
from debrief.rectification.services import default_deadline

from . import selectors

NOTICE_LANGUAGE = settings.LANGUAGE_CODE
# How many of a group's problems the first draft names; the organizer picks more on the page.
PROBLEMS_PER_GROUP = 4
HEADLINE_MOST = 40


@dataclass(frozen=True)
class Prefill:
    title: str
    meeting_section: str
    evaluation_section: str
    grades_section: str
    problems_section: str
    requirements_section: str
    rectification_deadline: datetime.date

    def fields(self) -> dict:
        return dict(self.__dict__)


def date_text(day: datetime.date) -> str:
    # Translators: a date in the results notice, e.g. 2023年2月14日.
    return _("%(year)d-%(month)02d-%(day)02d") % {"year": day.year, "month": day.month, "day": day.day}


def prefill(campaign: Campaign) -> Prefill:
    outcome = selectors.results_of(campaign)
    deadline = default_deadline(campaign.meeting_date)
    with translation.override(NOTICE_LANGUAGE):
        return Prefill(
            title=notice_title(campaign),
            meeting_section=meeting_text(campaign),
            evaluation_section=evaluation_text(outcome),
            grades_section=grades_text(outcome),
            problems_section=problems_text(selectors.problem_candidates(campaign)),
            requirements_section=requirements_text(deadline),
            rectification_deadline=deadline,
        )


def notice_title(campaign: Campaign) -> str:
    return _("Notice on the results of the %(title)s") % {"title": campaign.title}


def meeting_text(campaign: Campaign) -> str:
    meeting = meeting_selectors.meeting_of(campaign)
    reporters = list(reporters_in_order(campaign))
    on_site = [r for r in reporters if r.mode == ReportMode.ON_SITE]
    written = [r for r in reporters if r.mode == ReportMode.WRITTEN]
    lines = []
    if meeting is None:
        lines.append(
            _("On %(date)s, %(host)s held the meeting of the %(title)s.")
            % {"date": date_text(campaign.meeting_date), "host": campaign.host.name, "title": campaign.title}
        )
    else:
        lines.append(
            _("On %(date)s, %(host)s held the meeting of the %(title)s, presided over by %(presided_by)s.")
            % {
                "date": date_text(timezone.localtime(meeting.starts_at).date()),
                "host": campaign.host.name,
                "title": campaign.title,
                "presided_by": meeting.presided_by,
            }
        )
        attendance = meeting_selectors.attendance(meeting)
        if attendance.invited:
            lines.append(
                _("%(invited)d were invited to the meeting and %(present)d attended.")
                % {"invited": attendance.invited, "present": attendance.present}
            )
    if on_site:
        lines.append(
            _("%(count)d secretaries reported on-site: %(names)s.")
            % {"count": len(on_site), "names": join_names(_secretary(r) for r in on_site)}
        )
    if written:
        lines.append(
            _("%(count)d secretaries reported in writing: %(names)s.")
            % {"count": len(written), "names": join_names(_secretary(r) for r in written)}
        )
    lines.append(
        _("The leaders commented on the on-site reports, and the attendees evaluated every secretary.")
    )
    return "".join(lines) if translation.get_language().startswith("zh") else " ".join(lines)


def _secretary(reporter) -> str:
    return f"{reporter.organization.name}{reporter.person.name}"


def evaluation_text(outcome: evaluation_selectors.Results | None) -> str:
    if outcome is None:
        return ""
    turnout = evaluation_selectors.turnout(outcome.evaluation)
    text = _(
        "%(voted)d of %(expected)d evaluators took part in the democratic evaluation "
        "(%(electronic)d electronic and %(paper)d paper ballots)."
    ) % {
        "voted": turnout.voted,
        "expected": turnout.expected,
        "electronic": outcome.electronic_ballots,
        "paper": outcome.paper_ballots,
    }
    counts = join_names(
        _("%(grade)s: %(count)d") % {"grade": label, "count": count}
        for _value, label, count in outcome.grade_distribution
    )
    scheme = outcome.scheme
    text += " " + _(
        "Combining the evaluation score (%(evaluation)s%%) and the routine assessment score "
        "(%(routine)s%%), the grades are: %(counts)s."
    ) % {
        "evaluation": tally.percent(scheme.evaluation_weight / 100, 0),
        "routine": tally.percent(scheme.routine_weight / 100, 0),
        "counts": counts,
    }
    return text


def grades_text(outcome: evaluation_selectors.Results | None) -> str:
    """One line per grade given, naming the reporters in rank order."""
    if outcome is None:
        return ""
    lines = []
    rows = selectors.ranked_rows(outcome)
    for value, label in Rating.choices:
        named = [_secretary(row.reporter) for row in rows if row.overall.grade == value]
        if named:
            lines.append(
                _("%(grade)s (%(count)d): %(names)s.")
                % {"grade": label, "count": len(named), "names": join_names(named)}
            )
    return "\n".join(lines)


def headline(text: str) -> str:
    """A problem's headline: its first sentence (reports open each problem with one), at most
    HEADLINE_MOST characters, cut at a pause when longer."""
    first = re.split(r"[。；;!?！？\n]", text.strip(), maxsplit=1)[0].strip(" ，,、.")
    if len(first) <= HEADLINE_MOST:
        return first
    cut = max(first.rfind(mark, 0, HEADLINE_MOST) for mark in "，,、")
    return first[: cut if cut > 0 else HEADLINE_MOST]


def problems_text(groups: list[selectors.CandidateGroup]) -> str:
    """A numbered line per group: the problems' headlines, those shared by most units first, each
    with how many units it concerns when more than one."""
    lines = []
    for number, group in enumerate(groups, start=1):
        units: dict[str, set[str]] = {}
        for candidate in group.candidates:
            units.setdefault(headline(candidate.text), set()).add(candidate.organization)
        ranked = sorted(units.items(), key=lambda item: -len(item[1]))[:PROBLEMS_PER_GROUP]
        texts = [
            text if len(names) == 1 else _("%(problem)s (%(n)d units)") % {"problem": text, "n": len(names)}
            for text, names in ranked
        ]
        lines.append(
            _("%(number)d. %(category)s: %(problems)s.")
            % {"number": number, "category": group.label, "problems": join_clauses(texts)}
        )
    return "\n".join(lines)


def requirements_text(deadline: datetime.date) -> str:
    return "\n".join(
        [
            _(
                "1. Convey the spirit of the meeting: each Party organization conveys this notice at a "
                "meeting of its own committee and passes it on to the organizations below it."
            ),
            _(
                "2. Rectify: each secretary takes the problems pointed out in the comments and found in "
                "the report as their own, lists the problems, the measures and who is responsible, and "
                "completes the rectification by %(deadline)s."
            )
            % {"deadline": date_text(deadline)},
            _(
                "3. Follow up: secretaries graded fair or poor are interviewed, and the results are used "
                "in the annual assessment of the leadership and of cadres."
            ),
        ]
    )
