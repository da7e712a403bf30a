"""Repeated passages: how much of each report repeats another report of the campaign or its own
report of last year, for the organizer (formulaic and copied reports are a known problem)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import gettext as _

from debrief.campaigns.models import Campaign, Reporter
from debrief.campaigns.selectors import previous_campaign
from debrief.lib.similarity import Repeats, find_repeats

from .models import ReportVersion
from .selectors import full_text, latest_versions, report_of

# A report sharing this much of its text with one other report is marked for the organizer.
COPY_SHARE_WARNING = 0.5
# Text held by more than this share of the campaign's submitted reports (and by three at least) is
# the campaign's common text: the stock opening and the phrases every report uses. It counts neither
# as repeated nor in the report's own text (`find_repeats`'s `common_share`). Calibrated on the demo
# (its 2026 bureau campaign: 27 reports, two copying a third, one its own of 2025), in % as
# "repeated anywhere" / "most similar report" for the typical reports, and the copies' closest:
#   no cut: 77-88 / 32-45, copies 88      cut at 0.5: 74-86 / 23-36, copies 87
#   cut at 0.2: 60-79 / 15-27, copies 85-88 (leaves out 17-35% of a report as common text)
# At 0.2 a report's own text is what the figures are about, and a copy still stands out by 3x.
COMMON_SHARE = 0.2


def closest_share(repeats: Repeats) -> float:
    """The share of a report's text repeated from the one report it shares most with.

    The union over all sources (`Repeats.share`) also counts the stock phrases
    every report uses; the closest single source is what shows a copy.
    """
    return max(repeats.by_source.values(), default=0.0)


def campaign_similarity(
    campaign: Campaign, *, compute: bool = True, when_missing=None
) -> dict[int, Repeats] | None:
    """For each submitted report: how much repeats another report of the campaign or its own of last year.

    Keys: reporter ids. Compared: the newest submitted version of each report. `compute` and
    `when_missing` as in `similarity_of_versions`.
    """
    reporters = list(campaign.reporters.select_related("report"))
    return similarity_of_versions(
        campaign,
        reporters,
        latest_versions([r.report for r in reporters if report_of(r)]),
        compute=compute,
        when_missing=when_missing,
    )


# A page that found the figures missing asks the worker for them again after this many seconds only,
# so that polling pages do not queue one task each time they look.
ASK_AGAIN_SECONDS = 600


def similarity_of_versions(
    campaign: Campaign,
    reporters: list[Reporter],
    current: dict[int, ReportVersion],
    *,
    compute: bool = True,
    when_missing=None,
) -> dict[int, Repeats] | None:
    """`campaign_similarity` for a caller that has already read the reporters (with their reports)
    and the newest version of each report, keyed by report id.

    With `compute` off (tasks run in a worker) the figures come from the cache alone: None when the
    texts have not been compared yet, after calling `when_missing(campaign id)` (at most once per
    texts in ASK_AGAIN_SECONDS) so that the worker compares them.
    """
    documents, own_last_year = compared_documents(campaign, reporters, current)

    def may_compare(target, source) -> bool:
        if source[0] == "now":
            return source != target
        return own_last_year.get(target[1]) == source

    if not any(key[0] == "now" for key in documents):
        return {}  # nothing submitted: nothing to compare, nor to wait for
    name = f"similarity:{campaign.pk}"
    if compute:
        found = cached_repeats(name, documents, may_compare)
    else:
        found = cached_only(name, documents, lambda: when_missing and when_missing(campaign.pk))
        if found is None:
            return None
    return {key[1]: repeats for key, repeats in found.items()}


def cached_only(name: str, documents: dict[Key, str], ask) -> dict[Key, Repeats] | None:
    """What `cached_repeats` would answer, from the cache alone: None when the texts have not been
    compared yet, after calling `ask()` (at most once per texts in ASK_AGAIN_SECONDS)."""
    key = repeats_cache_key(name, documents)
    found = cache.get(key)
    if found is None and cache.add(f"{key}:asked", True, timeout=ASK_AGAIN_SECONDS):
        ask()
    return found


Key = tuple[str, int]  # ("now", reporter id) or ("last_year", last year's reporter id)


def compared_documents(
    campaign: Campaign, reporters: list[Reporter], current: dict[int, ReportVersion]
) -> tuple[dict[Key, str], dict[int, Key]]:
    """The texts compared: the newest version of each report of the campaign, and of each one's own
    report of last year; and which of last year's is whose (by reporter id)."""
    by_report = {r.report.pk: r for r in reporters if report_of(r)}
    documents: dict[Key, str] = {}
    own_last_year: dict[int, Key] = {}
    for report_id, version in current.items():
        documents[("now", by_report[report_id].pk)] = full_text(version.content)
    previous = previous_campaign(campaign)
    if previous is not None:
        old_reporters = {
            r.organization_id: r for r in previous.reporters.select_related("report") if report_of(r)
        }
        old_versions = latest_versions([r.report for r in old_reporters.values()])
        for reporter in reporters:
            old = old_reporters.get(reporter.organization_id)
            if old is not None and old.report.pk in old_versions:
                key = ("last_year", old.pk)
                documents[key] = full_text(old_versions[old.report.pk].content)
                own_last_year[reporter.pk] = key
    return documents, own_last_year


def repeats_cache_key(name: str, documents: dict[Key, str]) -> str:
    """The cache key of the figures of `documents`: a digest of the compared texts."""
    digest = hashlib.sha256()
    for key in sorted(documents):
        digest.update(f"{key}\0{documents[key]}\0".encode())
    return f"{name}:{COMMON_SHARE}:{digest.hexdigest()}"


def cached_repeats(
    name: str, documents: dict[Key, str], may_compare, also: tuple[Key, ...] = ()
) -> dict[Key, Repeats]:
    """`find_repeats` over the campaign's reports (all of them, so that common text is the
    campaign's) and `also` as targets, cached under `name`: the result depends on the compared
    texts alone, so equal texts give the cached result."""
    cache_key = repeats_cache_key(name, documents)
    cached = cache.get(cache_key)
    if cached is not None:
        return cached
    targets = [key for key in documents if key[0] == "now"] + list(also)
    found = find_repeats(documents, targets, may_compare=may_compare, common_share=COMMON_SHARE)
    cache.set(cache_key, found, timeout=24 * 3600)
    return found


@dataclass
class SourceShare:
    label: str
    share: float
    reporter_id: int  # the other report's reporter, of this campaign or of last year


def closest_source(repeats: Repeats) -> int | None:
    """The reporter of the report `repeats` shares most with (`by_source` is largest first)."""
    return next(iter(repeats.by_source), (None, None))[1]


@dataclass
class LabelledPassage:
    text: str
    label: str


@dataclass
class SimilarityRow:
    reporter: Reporter
    repeats: Repeats
    sources: list[SourceShare]
    passages: list[LabelledPassage]

    @property
    def closest(self) -> SourceShare | None:
        return self.sources[0] if self.sources else None

    @property
    def closest_share(self) -> float:
        return self.sources[0].share if self.sources else 0.0


def similarity_rows(
    campaign: Campaign, *, compute: bool = True, when_missing=None
) -> list[SimilarityRow] | None:
    """Submitted reports, most repeated first, with each source named for the organizer; None while
    the worker is still comparing them (`compute` and `when_missing` as in `similarity_of_versions`)."""
    found = campaign_similarity(campaign, compute=compute, when_missing=when_missing)
    if found is None:
        return None
    reporters = {r.pk: r for r in campaign.reporters.select_related("organization", "person")}
    previous = previous_campaign(campaign)

    def label(key) -> str:
        kind, reporter_id = key
        if kind == "last_year":
            return _("its own report of %(year)d") % {"year": previous.year}
        other = reporters[reporter_id]
        return f"{other.organization.name} {other.person.name}"

    rows = []
    for reporter_id, repeats in found.items():
        sources = sorted(repeats.by_source.items(), key=lambda item: (-item[1], str(item[0])))
        rows.append(
            SimilarityRow(
                reporter=reporters[reporter_id],
                repeats=repeats,
                sources=[SourceShare(label(key), share, key[1]) for key, share in sources],
                passages=[LabelledPassage(p.text, label(p.source)) for p in repeats.passages],
            )
        )
    rows.sort(key=lambda row: (-row.closest_share, -row.repeats.share, row.reporter.organization.code))
    return rows
