"""A large campaign's DOCX volume, built by the worker into a stored file and downloaded when ready.

A volume of many reports takes seconds to build, longer than a request should. Above
settings.DEBRIEF_VOLUME_BACKGROUND_REPORTS reporters (and when tasks run in a worker) the download
asks the worker to build it into media storage, named by a digest of everything the volume shows, and
a status page waits for it; a stored volume whose inputs have not changed is served as it is. Smaller
campaigns are built in the request, as before.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Max
from django.utils import translation
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus, task_backends
from django_tasks.exceptions import TaskResultDoesNotExist

from debrief.campaigns.models import Campaign
from debrief.campaigns.selectors import previous_campaign, reporters_in_order
from debrief.lib.background import runs_in_worker

from .models import ReportEvent, ReportVersion

# Bump when the volume's layout changes, so that stored volumes are built again.
LAYOUT = 1
# A volume asked for is not asked again for this long, unless its task failed.
ASK_AGAIN_SECONDS = 600


def built_in_background(campaign: Campaign) -> bool:
    """Whether the campaign's volume is built by the worker rather than in the request."""
    return runs_in_worker() and campaign.reporters.count() > settings.DEBRIEF_VOLUME_BACKGROUND_REPORTS


def volume_digest(campaign: Campaign, language: str) -> str:
    """A digest of what the volume shows: the campaign, its reporters in order, their reports' newest
    versions and returns, the key indicators, last year's versions (their figures) and the language."""
    campaigns = [campaign.pk]
    previous = previous_campaign(campaign)
    if previous is not None:
        campaigns.append(previous.pk)
    inputs = {
        "layout": LAYOUT,
        "language": language,
        "campaign": [campaign.title, campaign.host.name, str(campaign.meeting_date), campaign.year],
        "reporters": [
            [r.pk, r.speaking_order, r.mode, r.organization.name, r.person.name]
            for r in reporters_in_order(campaign)
        ],
        "indicators": list(campaign.indicators.order_by("pk").values_list("pk", "name", "unit")),
        "versions": ReportVersion.objects.filter(report__reporter__campaign__in=campaigns).aggregate(
            last=Max("pk")
        )["last"],
        "events": ReportEvent.objects.filter(report__reporter__campaign=campaign).aggregate(last=Max("pk"))[
            "last"
        ],
        "states": list(campaign.reporters.order_by("pk").values_list("pk", "report__state")),
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True, default=str).encode()).hexdigest()


def _folder(campaign_id: int) -> str:
    return f"volumes/{campaign_id}"


def stored_name(campaign_id: int, digest: str) -> str:
    return f"{_folder(campaign_id)}/{digest}.docx"


def stored_volume(campaign: Campaign, digest: str) -> bytes | None:
    """The volume built for these inputs, if the worker has stored it."""
    name = stored_name(campaign.pk, digest)
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as file:
        return file.read()


def store_volume(campaign_id: int, digest: str, content: bytes) -> str:
    """Keep the volume under its digest and drop the campaign's older ones."""
    name = stored_name(campaign_id, digest)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(content))
    folder = _folder(campaign_id)
    for other in default_storage.listdir(folder)[1]:
        if f"{folder}/{other}" != name:
            default_storage.delete(f"{folder}/{other}")
    return name


def _asked_key(campaign_id: int, digest: str) -> str:
    return f"volume-task:{campaign_id}:{digest}"


def ask_for_volume(campaign: Campaign, digest: str, build_task) -> None:
    """Queue `build_task` for the volume of these inputs, unless it is already queued or running."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    if cache.get(_asked_key(campaign.pk, digest)) and volume_state(campaign, digest)[0] != "failed":
        return
    result = build_task.enqueue(campaign.pk, language)
    cache.set(_asked_key(campaign.pk, digest), result.id, timeout=ASK_AGAIN_SECONDS)


def volume_state(campaign: Campaign, digest: str) -> tuple[str, str]:
    """("ready" | "building" | "failed" | "not_asked", the kind of error of a failed build)."""
    if default_storage.exists(stored_name(campaign.pk, digest)):
        return "ready", ""
    result_id = cache.get(_asked_key(campaign.pk, digest))
    if not result_id:
        return "not_asked", ""
    try:
        result = task_backends[DEFAULT_TASK_BACKEND_ALIAS].get_result(result_id)
    except (TaskResultDoesNotExist, NotImplementedError):
        return "not_asked", ""
    if result.status == TaskResultStatus.FAILED:
        error = result.errors[-1].exception_class_path if result.errors else ""
        return "failed", error
    return "building", ""
