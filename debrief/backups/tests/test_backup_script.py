"""deploy/debrief-backup.sh, which the sample timer runs every night: one archive a night, 14
dailies and 12 monthlies kept, a copy off the machine."""

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings

from debrief.backups.archive import MANIFEST
from debrief.backups.services import backup, restore

from .conftest import database_url

pytestmark = pytest.mark.django_db(transaction=True)
SCRIPT = Path(settings.BASE_DIR) / "deploy" / "debrief-backup.sh"


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_the_nightly_script_keeps_14_dailies_and_12_monthlies_and_copies_them_off(scenario, target, tmp_path):
    # The site the script backs up: a file database and a media root a subprocess can read.
    first = tmp_path / "first.tar.gz"
    backup(first)
    restore(first, database=target.database, media_root=target.media)
    backups, offsite = tmp_path / "backups", tmp_path / "offsite"
    (backups / "daily").mkdir(parents=True)
    (backups / "monthly").mkdir()
    older_dailies = [f"debrief-202611{day:02d}-023000.tar.gz" for day in range(10, 25)]  # 15 nights
    older_monthlies = [f"debrief-2025{month:02d}01-023000.tar.gz" for month in range(1, 13)]  # a year
    for name in older_dailies:
        shutil.copy(first, backups / "daily" / name)
    for name in older_monthlies:
        shutil.copy(first, backups / "monthly" / name)

    env = {
        **os.environ,
        "DATABASE_URL": database_url(target.database),
        "DEBRIEF_MEDIA_ROOT": str(target.media),
        "DEBRIEF_BACKUP_DIR": str(backups),
        "DEBRIEF_PYTHON": sys.executable,
        "DEBRIEF_MANAGE": str(Path(settings.BASE_DIR) / "manage.py"),
        "DEBRIEF_BACKUP_COPY_TO": f"{offsite}/",
    }
    run = subprocess.run([str(SCRIPT)], env=env, capture_output=True, text=True, check=False, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr

    [tonight] = set(names(backups / "daily")) - set(older_dailies)
    assert names(backups / "daily") == sorted([*older_dailies[-13:], tonight])  # the 14 newest
    assert names(backups / "monthly") == sorted([*older_monthlies[-11:], tonight])  # a month's first
    assert (backups / "daily" / tonight).stat().st_mode & 0o777 == 0o600
    with tarfile.open(backups / "daily" / tonight) as tar:
        assert MANIFEST in tar.getnames()
    assert names(offsite / "daily") == names(backups / "daily")
    assert names(offsite / "monthly") == names(backups / "monthly")
