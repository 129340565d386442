"""The files under deploy/ that docs/operators.md tells operators to install, run as an
operator's machine would run them: the management wrapper under cron's bare PATH, gunicorn
with the unit's arguments, the backup script with its file modes and retention."""

import os
import re
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from .test_worker import _database_url

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
GUIDE = (ROOT / "docs" / "operators.md").read_text()
CRON_PATH = "PATH=/usr/bin:/bin"  # what Debian's cron gives a job in /etc/cron.d
as_root = pytest.mark.skipif(os.geteuid() != 0, reason="runuser needs root (as on the server)")


def _env_file(tmp_path, **values) -> Path:
    env = tmp_path / "env"
    env.write_text("".join(f"{key}={value}\n" for key, value in values.items()))
    return env


@as_root
def test_the_wrapper_runs_a_command_under_crons_path(tmp_path):
    """The cron job of the retention purge calls the wrapper with cron's PATH (no /usr/sbin,
    where runuser lives): it must still run, not end with 'runuser: not found' (127)."""
    if not (ROOT / ".venv" / "bin" / "python").exists():
        pytest.skip("no .venv in this checkout")
    env_file = _env_file(tmp_path, MITWIRKEN_VAR_DIR=tmp_path, DEBUG="false")
    result = subprocess.run(
        [
            "/usr/bin/env",
            "-i",
            CRON_PATH,
            "HOME=/root",
            "SHELL=/bin/sh",
            "LOGNAME=root",
            f"MITWIRKEN_ENV_FILE={env_file}",
            f"MITWIRKEN_CODE_DIR={ROOT}",
            "MITWIRKEN_USER=root",
            "/bin/sh",
            str(DEPLOY / "mitwirken-manage"),
            "check",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_cron_file_sets_a_path_and_runs_what_the_timers_run():
    cron = (DEPLOY / "cron.d" / "mitwirken").read_text()
    path = re.search(r"^PATH=(.*)$", cron, re.M)
    assert path and "/usr/sbin" in path.group(1).split(":")
    commands = set(re.findall(r"/usr/local/bin/mitwirken-manage ([a-z_]+)", cron))
    timers = set()
    for unit in (DEPLOY / "systemd").glob("mitwirken-*.service"):
        timers |= set(re.findall(r"mitwirken-manage ([a-z_]+)", unit.read_text()))
    assert commands == timers >= {"purge_registrations", "expire_offers", "prune_sent_mails"}
    assert "/usr/local/bin/mitwirken-backup" in cron


def test_gunicorn_accepts_the_units_arguments_and_has_no_shared_control_socket():
    unit = (DEPLOY / "systemd" / "mitwirken-web.service").read_text()
    exec_start = re.search(r"^ExecStart=(.*)$", unit, re.M).group(1).split()
    assert "--no-control-socket" in exec_start
    gunicorn = Path(sys.executable).with_name("gunicorn")
    result = subprocess.run(
        [str(gunicorn), "--check-config", *exec_start[1:]],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "mitwirken.config.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_the_example_environment_starts_hsts_short_as_the_guide_says():
    example = (DEPLOY / "env.example").read_text()
    assert re.search(r"^SECURE_HSTS_SECONDS=300$", example, re.M)
    assert "SECURE_HSTS_SECONDS=300" in GUIDE


def test_the_guide_starts_the_services_only_after_the_first_migration():
    first_migrate = GUIDE.index("mitwirken-manage migrate")
    first_start = GUIDE.index("systemctl enable --now mitwirken-web")
    assert first_migrate < first_start


def test_the_guide_points_at_files_that_exist():
    named = re.findall(r"deploy/[\w./@-]+[\w@*]", GUIDE)
    assert len(named) > 10
    for name in named:  # a file, or a pattern such as deploy/systemd/mitwirken-daily.*
        assert list(ROOT.glob(name)), name


@pytest.mark.django_db
@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_the_backup_is_readable_by_root_only_and_old_backups_are_deleted(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("backs up PostgreSQL")
    url = _database_url()
    media, private = tmp_path / "media", tmp_path / "private-media"
    (media / "logos").mkdir(parents=True)
    (media / "logos" / "a.png").write_bytes(b"png")
    private.mkdir()
    (private / "protokoll.pdf").write_bytes(b"pdf")
    backups = tmp_path / "backups"
    backups.mkdir(mode=0o755)
    old = backups / "mitwirken-2020-01-01-0215.dump"
    old.write_bytes(b"old")
    forty_days_ago = time.time() - 40 * 86400
    os.utime(old, (forty_days_ago, forty_days_ago))
    env_file = _env_file(
        tmp_path,
        DATABASE_URL=f"{url}?conn_max_age=60",
        MEDIA_ROOT=media,
        PRIVATE_MEDIA_ROOT=private,
    )
    result = subprocess.run(
        ["/bin/sh", str(DEPLOY / "mitwirken-backup")],
        env={
            "PATH": "/usr/bin:/bin",
            "MITWIRKEN_ENV_FILE": str(env_file),
            "BACKUP_DIR": str(backups),
            "KEEP_DAYS": "30",
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(backups.stat().st_mode) == 0o700
    made = sorted(path.name for path in backups.iterdir())
    assert not old.exists()  # older than KEEP_DAYS: gone
    assert len(made) == 2 and made[0].startswith("media-") and made[1].startswith("mitwirken-")
    for path in backups.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    dump = next(backups.glob("mitwirken-*.dump"))
    listing = subprocess.run(
        ["pg_restore", "--list", str(dump)], capture_output=True, text=True, check=True
    ).stdout
    assert "TABLE public organisations_organisation" in listing
    archive = subprocess.run(
        ["tar", "--list", "--file", str(next(backups.glob("media-*.tar.gz")))],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "logos/a.png" in archive and "protokoll.pdf" in archive
