"""Two reports side by side, the passages one repeats from the other marked in both: what the
organizer reads to judge a "most similar report" figure."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from debrief.campaigns.models import Campaign, Reporter
from debrief.campaigns.selectors import previous_campaign

from .selectors import latest_versions, report_of
from .similarity import cached_only, cached_repeats, compared_documents


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


# `side_by_side`'s answer while a worker is still comparing the pair.
PENDING = "pending"


def side_by_side(
    campaign: Campaign, reporter: Reporter, other: Reporter, *, compute: bool = True, when_missing=None
) -> SideBySide | str | None:
    """`reporter`'s newest submitted report beside `other`'s, with every passage they share.

    The pair is compared over the campaign's texts, so that text most of its reports share is left
    out as on the similarity page; but each passage is the pair's own, not credited to whichever
    report shares most of it. Each side is compared with the other, so that each marks exactly its
    own words (a passage stitched from two places of the other report is two marks there); a mark
    on the right takes the number of the passage on the left it repeats. None if either report has
    no submitted version. With `compute` off (tasks run in a worker) the comparison comes from the
    cache alone: PENDING until it is there, after calling `when_missing()` for the worker to make it.
    """
    reporters = list(campaign.reporters.select_related("report"))
    current = latest_versions([r.report for r in reporters if report_of(r)])
    documents, _own = compared_documents(campaign, reporters, current)
    left, right = ("now", reporter.pk), source_key(campaign, other)
    if left not in documents or right not in documents:
        return None
    documents = {key: text for key, text in documents.items() if key[0] == "now" or key == right}
    pair = {(left, right), (right, left)}
    name = f"side_by_side:{campaign.pk}:{reporter.pk}:{right[0]}:{right[1]}"
    if compute:
        found = cached_repeats(
            name,
            documents,
            lambda target, source: (target, source) in pair,
            also=(right,) if right[0] == "last_year" else (),
        )
    else:
        found = cached_only(name, documents, when_missing or (lambda: None))
        if found is None:
            return PENDING
    forward, backward = found[left], found[right]
    numbered = [(p.start, p.end, n) for n, p in enumerate(forward.passages, start=1)]
    right_spans = []
    for passage in backward.passages:
        overlaps = [
            (min(end, passage.source_end) - max(start, passage.source_start), n) for start, end, n in numbered
        ]
        best = max(overlaps, default=(0, None))
        if best[0] > 0:
            right_spans.append((passage.start, passage.end, best[1]))
    if right[0] == "last_year":
        label = _("its own report of %(year)d") % {"year": other.campaign.year}
    else:
        label = f"{other.organization.name} {other.person.name}"
    return SideBySide(
        reporter=reporter,
        other=other,
        other_label=label,
        share=forward.share,
        passages=len(forward.passages),
        left=pieces(documents[left], numbered),
        right=pieces(documents[right], right_spans),
    )
