"""Routine assessment scores (日常考核得分), entered or corrected until the results notice is published;
after close each change brings the stored outcome's scores, grades and ranks up to date.

The rule: the notice publishes the grades and ranks that the routine scores decide, so once it is
published (the campaign leaves "assessed") the scores are fixed. A correction after that would make
the published notice, the feedback sheets and the interviews of those graded fair or poor disagree
with the results page. Publishing locks the campaign row; saving scores locks it too, so the two
never cross."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from debrief.audit.models import Action
from debrief.audit.services import campaign_entry_record
from debrief.campaigns.models import Campaign, CampaignState

from ..models import Evaluation, EvaluationEvent, RoutineScore
from .errors import EvaluationError
from .outcome import outcome_refresh

ROUTINE_EDITABLE_STATES = (
    CampaignState.PREPARING,
    CampaignState.MEETING,
    CampaignState.EVALUATING,
    CampaignState.ASSESSED,
)


def routine_editable(campaign: Campaign) -> bool:
    """Whether routine scores may still change: until the results notice is published."""
    return campaign.state in ROUTINE_EDITABLE_STATES


def routine_fixed_message() -> str:
    return _("Routine assessment scores are fixed once the results are published.")


def ensure_routine_editable(evaluation: Evaluation, *, lock: bool = False) -> None:
    """Refuse once the notice is published; `lock` (inside a transaction) holds the campaign row
    until commit, so that a notice being published waits for the scores or they are refused."""
    campaigns = Campaign.objects.filter(pk=evaluation.campaign_id)
    if lock:
        campaigns = campaigns.select_for_update()
    evaluation.campaign.state = campaigns.values_list("state", flat=True).get()
    if not routine_editable(evaluation.campaign):
        raise EvaluationError(routine_fixed_message())


def parse_score(value: object) -> Decimal:
    """A score from 0 to 100 with at most two decimals; ValueError with the user's message."""
    try:
        score = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(_("“%(value)s” is not a score.") % {"value": value}) from None
    if not score.is_finite() or not 0 <= score <= 100:
        raise ValueError(_("A score lies from 0 to 100, not %(value)s.") % {"value": value})
    if score != score.quantize(Decimal("0.01")):
        raise ValueError(_("A score has at most two decimals: %(value)s.") % {"value": value})
    return score


@transaction.atomic
def routine_scores_set(*, evaluation: Evaluation, scores: Mapping[int, Decimal | None], user=None) -> int:
    """Set (or with None clear) routine scores by reporter id; returns how many were set."""
    ensure_routine_editable(evaluation, lock=True)
    known = set(evaluation.campaign.reporters.values_list("pk", flat=True))
    if strangers := set(scores) - known:
        raise EvaluationError(
            _("Scores name reporters outside this campaign: %(ids)s.") % {"ids": sorted(strangers)}
        )
    before = dict(
        RoutineScore.objects.filter(evaluation=evaluation, reporter_id__in=list(scores)).values_list(
            "reporter_id", "score"
        )
    )
    _audit(evaluation, user, before, scores)
    count = 0
    for reporter_id, score in scores.items():
        if score is None:
            RoutineScore.objects.filter(evaluation=evaluation, reporter_id=reporter_id).delete()
            continue
        RoutineScore.objects.update_or_create(
            evaluation=evaluation, reporter_id=reporter_id, defaults={"score": score, "entered_by": user}
        )
        count += 1
    evaluation.refresh_from_db(fields=["state"])
    if evaluation.is_closed:
        outcome_refresh(evaluation=evaluation)
    return count


def _audit(
    evaluation: Evaluation, user, before: Mapping[int, Decimal], scores: Mapping[int, Decimal | None]
) -> None:
    """Routine scores decide grades: every change is recorded, by reporter, with the old score."""
    changed = [pk for pk, score in scores.items() if before.get(pk) != score]
    if not changed:
        return
    names = dict(evaluation.campaign.reporters.filter(pk__in=changed).values_list("pk", "organization__name"))
    campaign_entry_record(
        campaign=evaluation.campaign,
        action=Action.ROUTINE_SCORES_CHANGED,
        actor=user,
        obj=evaluation,
        before={names[pk]: before.get(pk) for pk in changed},
        after={names[pk]: scores[pk] for pk in changed},
    )


@transaction.atomic
def routine_import_save(
    *, evaluation: Evaluation, scores: Mapping[int, Decimal], file_name: str, user
) -> int:
    """Save the scores read from a sheet and record the import as an event; returns how many were saved."""
    saved = routine_scores_set(evaluation=evaluation, scores=scores, user=user)
    EvaluationEvent.objects.create(
        evaluation=evaluation,
        action=EvaluationEvent.Action.ROUTINE_IMPORTED,
        actor=user,
        details=ngettext("%(file)s: %(n)d score", "%(file)s: %(n)d scores", saved)
        % {"file": file_name, "n": saved},
    )
    return saved
