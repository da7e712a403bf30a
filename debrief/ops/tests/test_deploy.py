"""The files in deploy/: the deployment checklist with their environment, the gunicorn config and
the systemd units."""

import json
import re
import shutil
import subprocess
import sys

import pytest

from debrief.ops.tests import serving


def test_the_deployment_checklist_passes_with_the_deploy_environment(tmp_path):
    """`manage.py check --deploy` with what deploy/debrief.env.example sets: PostgreSQL, Redis, a
    TLS proxy in front, persistent connections (it reads no database or cache)."""
    env = serving.production_env(
        "postgres://debrief:password@127.0.0.1:5432/debrief",
        tmp_path / "static",
        tmp_path / "media",
        DEBRIEF_CACHE_URL="redis://127.0.0.1:6379/0",
        DEBRIEF_TRUSTED_PROXIES="10.0.0.2",
        DEBRIEF_SITE_URL="https://debrief.example.org",
    )

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=serving.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_gunicorn_config_takes_its_addresses_and_sizes_from_the_environment():
    env = {
        **serving.production_env("sqlite://", serving.ROOT / "x", serving.ROOT / "y"),
        "DEBRIEF_BIND": "10.0.0.5:8000, 127.0.0.1:8001",
        "DEBRIEF_WORKERS": "3",
        "DEBRIEF_THREADS": "8",
    }
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--print-config"],
        cwd=serving.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    config = dict(
        [part.strip() for part in line.split("=", 1)] for line in result.stdout.splitlines() if "=" in line
    )

    assert config["bind"] == "['10.0.0.5:8000', '127.0.0.1:8001']"
    assert (config["workers"], config["threads"], config["worker_class"]) == ("3", "8", "gthread")
    assert config["wsgi_app"] == "debrief.wsgi:application"
    assert config["chdir"] == str(serving.ROOT)


SYSTEMD_ANALYZE = shutil.which("systemd-analyze")


@pytest.mark.skipif(
    not SYSTEMD_ANALYZE, reason="the systemd units are checked with systemd-analyze, not installed"
)
@pytest.mark.parametrize("unit", ["debrief.service", "debrief-worker.service"])
def test_the_systemd_units_verify_without_a_warning_once_their_paths_are_this_installs(unit, tmp_path):
    """The units as shipped, with the install directory, the virtualenv and the environment file of
    this checkout; systemd-analyze warns about any unknown key and any command it cannot run."""
    venv_bin = str(serving.Path(sys.executable).parent) + "/"
    text = (serving.ROOT / "deploy" / unit).read_text()
    text = serving.replaced(text, "/srv/debrief/.venv/bin/", venv_bin)
    text = serving.replaced(text, "/srv/debrief", str(serving.ROOT))
    text = serving.replaced(
        text, "/etc/debrief/debrief.env", str(serving.ROOT / "deploy" / "debrief.env.example")
    )
    (tmp_path / unit).write_text(text)

    result = subprocess.run(
        [SYSTEMD_ANALYZE, "verify", str(tmp_path / unit)], capture_output=True, text=True, timeout=60
    )

    assert (result.returncode, result.stderr) == (0, "")


STATIC_TAG = re.compile(r"""\{% static ['"]([^'"]+)['"]""")


def test_collectstatic_hashes_and_compresses_every_file_a_template_names(tmp_path):
    """In production a page naming a file missing from the manifest fails; so every {% static %} of
    every template must be collected, with its hashed name and a compressed copy beside it."""
    env = serving.production_env("sqlite://", tmp_path / "static", tmp_path / "media")
    serving.finished(serving.manage(env, "collectstatic", "--noinput"), timeout=300)
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]

    named = {
        name
        for template in (serving.ROOT / "debrief").rglob("templates/**/*.html")
        for name in STATIC_TAG.findall(template.read_text())
    }

    assert len(named) > 10
    assert named - manifest.keys() == set()
    for name in named:
        hashed = tmp_path / "static" / manifest[name]
        assert hashed.name != serving.Path(name).name and hashed.exists()
        if hashed.suffix in (".css", ".js", ".svg"):
            assert hashed.with_name(hashed.name + ".gz").exists(), name
