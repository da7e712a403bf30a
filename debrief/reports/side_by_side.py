"""Two reports side by side, the passages one repeats from the other marked in both: what the
organizer reads to judge a "most similar report" figure."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from debrief.campaigns.models import Campaign, Reporter
from debrief.campaigns.selectors import previous_campaign

from .selectors import full_text, latest_versions, report_of
from .similarity import campaign_similarity


@dataclass
class Piece:
    """A stretch of a report's text; `passage` numbers the matching passage it lies in, if any."""

    text: str
    passage: int | None = None


@dataclass
class SideBySide:
    reporter: Reporter
    other: Reporter
    other_label: str
    share: float  # of the reporter's own text, also found in the other report
    passages: int
    left: list[Piece]
    right: list[Piece]


def source_key(campaign: Campaign, other: Reporter) -> tuple[str, int]:
    """How `campaign_similarity` names another report: of this campaign, or of last year."""
    return ("now" if other.campaign_id == campaign.pk else "last_year", other.pk)


def comparable_reporter(campaign: Campaign, reporter: Reporter, other_id: int) -> Reporter | None:
    """The report `reporter`'s is compared with: another of the campaign, or its own of last year."""
    if other_id == reporter.pk:
        return None
    other = (
        campaign.reporters.select_related("organization", "person", "campaign").filter(pk=other_id).first()
    )
    if other is not None:
        return other
    previous = previous_campaign(campaign)
    if previous is None:
        return None
    return (
        previous.reporters.select_related("organization", "person", "campaign")
        .filter(pk=other_id, organization_id=reporter.organization_id)
        .first()
    )


def pieces(text: str, spans: list[tuple[int, int, int]]) -> list[Piece]:
    """`text` cut at the (start, end, number) spans; where spans overlap, the earlier one keeps it."""
    result, at = [], 0
    for start, end, number in sorted(spans):
        start = max(start, at)
        if end <= start:
            continue
        if start > at:
            result.append(Piece(text[at:start]))
        result.append(Piece(text[start:end], number))
        at = end
    if at < len(text):
        result.append(Piece(text[at:]))
    return result


def side_by_side(campaign: Campaign, reporter: Reporter, other: Reporter) -> SideBySide | None:
    """`reporter`'s newest submitted report beside `other`'s, with the passages it repeats from it.

    Both texts are read as `campaign_similarity` compared them (the same figures, from its cache),
    so the offsets of its passages hold. A passage is shown with the report sharing most of it.
    None if either report has no submitted version.
    """
    reports = [r for r in (report_of(reporter), report_of(other)) if r is not None]
    versions = latest_versions(reports)
    if len(reports) < 2 or len(versions) < 2:
        return None
    left_text = full_text(versions[reports[0].pk].content)
    right_text = full_text(versions[reports[1].pk].content)
    repeats = campaign_similarity(campaign).get(reporter.pk)
    key = source_key(campaign, other)
    found = [p for p in repeats.passages if p.source == key] if repeats else []
    if key[0] == "last_year":
        label = _("its own report of %(year)d") % {"year": other.campaign.year}
    else:
        label = f"{other.organization.name} {other.person.name}"
    return SideBySide(
        reporter=reporter,
        other=other,
        other_label=label,
        share=repeats.by_source.get(key, 0.0) if repeats else 0.0,
        passages=len(found),
        left=pieces(left_text, [(p.start, p.end, n) for n, p in enumerate(found, start=1)]),
        right=pieces(right_text, [(p.source_start, p.source_end, n) for n, p in enumerate(found, start=1)]),
    )
