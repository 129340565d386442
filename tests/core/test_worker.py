"""The task worker as production runs it: tasks in the database, a real worker process, mail
to an SMTP server. A killed worker's task is run again and its mail sent once; a restart of
PostgreSQL does not end the worker."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.db import connection, connections
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mitwirken.core.mail import queue_rendered
from tests.database import side_connection
from tests.smtp_sink import SMTPSink

ROOT = Path(__file__).resolve().parents[2]
DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "scheduled": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"},
}
pytestmark = [pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    """The test database, for a worker in another process."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings["USER"] or "postgres"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


def _start_worker(tmp_path, smtp_port, *extra) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "MITWIRKEN_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "mitwirken.config.settings",
        "DEBUG": "false",
    }
    env.pop("REDIS_URL", None)
    command = [sys.executable, "manage.py", "worker", "--interval", "0.1", "--no-reload"]
    return subprocess.Popen(
        [*command, "--no-startup-delay", "--verbosity", "0", *extra],
        cwd=ROOT,
        env=env,
        stdout=(tmp_path / "worker.log").open("ab"),
        stderr=subprocess.STDOUT,
    )


def _stop(worker):
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def _wait_for(condition, seconds=30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def _status(task_id) -> str:
    connections.close_all()  # a fresh look, also after the database restarted
    return DBTaskResult.objects.get(pk=task_id).status


def _queue_mail(to="anna@example.org", subject="Ihre Anmeldung"):
    with override_settings(TASKS=DATABASE_TASKS):
        queue_rendered(
            EmailMultiAlternatives(subject, "Guten Tag", "mitwirken <noreply@example.org>", [to])
        )
    return DBTaskResult.objects.latest("enqueued_at").pk


def test_a_task_of_a_killed_worker_is_run_again_and_its_mail_sent_once(tmp_path):
    task_id = _queue_mail()
    with SMTPSink() as sink:
        sink.stall()  # the mail server takes its time with the first message
        first = _start_worker(tmp_path, sink.port)
        try:
            assert sink.received.wait(timeout=30), (tmp_path / "worker.log").read_text()
            first.kill()  # SIGKILL in the middle of sending: no chance to clean up
            first.wait()
        finally:
            _stop(first)
        assert _status(task_id) == "RUNNING"  # left behind as a killed worker leaves it
        assert sink.accepted == []
        sink.release.set()

        second = _start_worker(tmp_path, sink.port, "--stale-after", "1")
        try:
            assert _wait_for(lambda: _status(task_id) == "SUCCESSFUL"), (
                tmp_path / "worker.log"
            ).read_text()
        finally:
            _stop(second)
    assert len(sink.accepted) == 1
    assert "Subject: Ihre Anmeldung" in sink.accepted[0]


def test_a_mail_task_run_a_second_time_sends_nothing(settings):
    settings.TASKS = DATABASE_TASKS
    task_id = _queue_mail()
    call_command("worker", "--batch", "--no-startup-delay", "--verbosity", "0")
    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.get(pk=task_id).return_value == "sent"
    # The worker died after sending, before it could mark the task done: it runs again.
    DBTaskResult.objects.filter(pk=task_id).update(status="READY")
    call_command("worker", "--batch", "--no-startup-delay", "--verbosity", "0")
    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.get(pk=task_id).return_value in ("sent before", "gone")


def test_only_tasks_running_longer_than_the_limit_are_taken_up_again(settings):
    settings.TASKS = DATABASE_TASKS
    stale, fresh = _queue_mail("alt@example.org"), _queue_mail("neu@example.org")
    DBTaskResult.objects.filter(pk=stale).update(
        status="RUNNING", started_at=timezone.now() - timedelta(minutes=11)
    )
    DBTaskResult.objects.filter(pk=fresh).update(status="RUNNING", started_at=timezone.now())
    call_command("worker", "--batch", "--no-startup-delay", "--verbosity", "0")
    assert [message.to for message in mail.outbox] == [["alt@example.org"]]
    assert DBTaskResult.objects.get(pk=fresh).status == "RUNNING"  # still its worker's


def _restart_postgresql():
    """A real restart where this machine allows it (CI). Elsewhere what a restart does to a
    worker: for two seconds the database refuses new connections, and every open one is
    cut."""
    if os.environ.get("MITWIRKEN_CAN_RESTART_POSTGRESQL") == "1":
        connections.close_all()
        cluster = sorted(os.listdir("/etc/postgresql"))[-1]
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"],
            check=True,
            timeout=120,
        )
        return
    name = connection.settings_dict["NAME"]
    with side_connection("postgres") as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            [name],
        )
        time.sleep(2)
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_worker_survives_a_restart_of_postgresql(tmp_path):
    with SMTPSink() as sink:
        worker = _start_worker(tmp_path, sink.port)
        try:
            before = _queue_mail(subject="Vorher")
            assert _wait_for(lambda: _status(before) == "SUCCESSFUL")
            _restart_postgresql()
            assert _wait_for(lambda: _can_connect(), seconds=60)
            time.sleep(1.5)  # the worker notices on its next look at the queue
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()
            after = _queue_mail(subject="Nachher")
            assert _wait_for(lambda: _status(after) == "SUCCESSFUL", seconds=60), (
                tmp_path / "worker.log"
            ).read_text()
            assert worker.poll() is None
        finally:
            _stop(worker)
    subjects = [line for message in sink.accepted for line in message.splitlines()]
    assert subjects.count("Subject: Vorher") == 1 and subjects.count("Subject: Nachher") == 1


def _can_connect() -> bool:
    connections.close_all()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:  # noqa: BLE001  not up yet
        return False


def test_records_of_sent_mails_are_pruned_after_30_days():
    from mitwirken.core.models import SentMail

    old, recent = SentMail.objects.create(key="alt"), SentMail.objects.create(key="neu")
    SentMail.objects.filter(pk=old.pk).update(sent_at=timezone.now() - timedelta(days=31))
    call_command("prune_sent_mails", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert list(SentMail.objects.values_list("key", flat=True)) == [recent.key]


def test_a_worker_started_before_migrate_waits_for_the_migrations_instead_of_crashing(tmp_path):
    """A new installation whose workers start before `migrate` (or an update whose migration
    is still running): the worker waits, says why, and starts work once the tables are
    there — instead of crashing on "relation does not exist" and being restarted in a loop."""
    empty = tmp_path / "new.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{empty}",
        "MITWIRKEN_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "mitwirken.config.settings",
        "DEBUG": "false",
    }
    env.pop("REDIS_URL", None)
    log = tmp_path / "worker.log"
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.2", "--no-reload", "--batch"],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    try:
        assert _wait_for(lambda: "waiting for the database migrations" in log.read_text())
        time.sleep(1)
        assert worker.poll() is None, log.read_text()  # still waiting, not crashed
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--verbosity", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        # --batch: with the tables there and no task waiting, the worker is done.
        assert worker.wait(timeout=60) == 0, log.read_text()
    finally:
        _stop(worker)
    assert "Traceback" not in log.read_text()
