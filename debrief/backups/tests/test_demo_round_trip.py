"""The whole demo through a backup and a restore: nothing is lost."""

import pytest

from debrief.backups.services import backup, restore
from debrief.demo.services import load_demo
from debrief.evaluation.models import Evaluation, EvaluationState
from debrief.rectification.models import Evidence
from debrief.reports.models import Attachment

from .conftest import manage, sha256, site_counts

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_survives_a_backup_and_a_restore(settings, media_root, target, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # the demo's 1,000 logins
    load_demo()
    before = site_counts()
    attachments = [a.file.name for a in Attachment.objects.all()]
    evidence = [e.file.name for e in Evidence.objects.all()]
    files = attachments + evidence
    closed = Evaluation.objects.filter(state=EvaluationState.CLOSED).count()
    # The demo's files are ledger evidence (it uploads no report attachments: the scenario of
    # test_round_trip.py has one); every attachment there would be checked the same way.
    assert evidence and closed

    archive = tmp_path / "demo.tar.gz"
    backup(archive)
    restored = restore(archive, database=target.database, media_root=target.media)

    assert restored.complete, (restored.differences, restored.missing_files)
    assert restored.tables == before
    assert restored.media_files == len(files)
    for name in files:
        assert sha256(target.media / name) == sha256(media_root / name), name
    audit = manage(target, "verify_audit")
    assert audit.returncode == 0, audit.stdout + audit.stderr
    recount = manage(target, "recount_evaluation", "--all")
    assert recount.returncode == 0, recount.stdout  # every closed evaluation's digests verify
    assert str(closed) in recount.stdout.splitlines()[0]
