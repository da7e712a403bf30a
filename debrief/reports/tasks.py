"""Background work of the reports: a campaign's similarity figures and its DOCX volume
(see debrief/lib/background.py)."""

from __future__ import annotations

from django.utils import translation
from django_tasks import task

from debrief.campaigns.models import Campaign
from debrief.lib.background import enqueue_on_commit, runs_in_worker

from . import exports, side_by_side, similarity, volume_files


@task()
def compute_similarity(campaign_id: int) -> int:
    """Compare the campaign's submitted reports and cache the figures (keyed by a digest of the texts,
    so a page reading the same texts finds them). Answers how many reports were compared."""
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:  # deleted since it was asked for: nothing to compare
        return 0
    return len(similarity.campaign_similarity(campaign))


def ask_for_similarity(campaign_id: int) -> None:
    """Have the worker compare the campaign's reports once the current transaction commits."""
    enqueue_on_commit(compute_similarity, campaign_id)


def report_submitted(report) -> None:
    """A report was submitted: its campaign's figures change. With a worker they are computed now,
    in the background; without one the first page that shows them computes them."""
    if runs_in_worker():
        ask_for_similarity(report.reporter.campaign_id)


def similarity_rows_when_ready(campaign: Campaign) -> list[similarity.SimilarityRow] | None:
    """The similarity page's rows; with a worker, None until it has compared the reports."""
    return similarity.similarity_rows(campaign, compute=not runs_in_worker(), when_missing=ask_for_similarity)


@task()
def compare_side_by_side(campaign_id: int, reporter_id: int, other_id: int) -> bool:
    """Compare one report with another (or its own of last year) for the side-by-side page, into the
    cache. Answers whether both reports could be compared."""
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    reporter = campaign.reporters.filter(pk=reporter_id).first() if campaign else None
    other = side_by_side.comparable_reporter(campaign, reporter, other_id) if reporter else None
    return bool(other and side_by_side.side_by_side(campaign, reporter, other))


def side_by_side_when_ready(campaign: Campaign, reporter, other):
    """The side-by-side page's pair; with a worker, `side_by_side.PENDING` until it has compared them."""
    return side_by_side.side_by_side(
        campaign,
        reporter,
        other,
        compute=not runs_in_worker(),
        when_missing=lambda: enqueue_on_commit(compare_side_by_side, campaign.pk, reporter.pk, other.pk),
    )


def similarity_ready(campaign: Campaign) -> bool:
    """Whether the figures of the campaign's current texts are at hand (asks the worker if not)."""
    found = similarity.campaign_similarity(
        campaign, compute=not runs_in_worker(), when_missing=ask_for_similarity
    )
    return found is not None


@task()
def build_volume(campaign_id: int, language: str) -> str:
    """Build the campaign's DOCX volume in `language` into media storage; answers its stored name."""
    campaign = Campaign.objects.select_related("host").get(pk=campaign_id)
    with translation.override(language):
        # The digest is taken before reading the reports: a change meanwhile makes the next
        # request find no volume for its inputs and ask again, never serve an older one.
        digest = volume_files.volume_digest(campaign, language)
        content = exports.campaign_volume(campaign)
    return volume_files.store_volume(campaign_id, digest, content)
