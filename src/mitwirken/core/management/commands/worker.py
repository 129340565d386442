"""``manage.py worker``: django-tasks-db's ``db_worker``, made to survive what production does
to it.

- A task left RUNNING by a worker that was killed (kill -9, a lost machine, an OOM kill) is
  taken up again once it has been running for ``--stale-after`` seconds. Our tasks are safe to
  run twice (a mail task sends its mail once, ``core.mail.send_once``).
- A lost database connection (PostgreSQL restarted, a failover) does not end the worker: it
  waits, reconnects and carries on. A task whose run was cut off by it goes back to the queue
  instead of being marked failed.
- A worker started before ``migrate`` has run (a new installation, an update whose migration
  is still running) waits for the migrations instead of crashing on a missing table and being
  restarted in a loop by systemd.

Takes every option of ``db_worker``.
"""

import contextlib
import logging
import os
import time
from datetime import timedelta

from django.core.management.base import CommandError
from django.db import (
    DEFAULT_DB_ALIAS,
    InterfaceError,
    OperationalError,
    close_old_connections,
    connections,
)
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.compat import TaskContext, TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

logger = logging.getLogger("mitwirken.worker")

# A connection that is gone: the database restarted, or the network between us dropped.
CONNECTION_LOST = (OperationalError, InterfaceError)
DEFAULT_STALE_AFTER = 600  # seconds; longer than any of our tasks runs


def take_up_stale_tasks(backend_name: str, stale_after: float) -> int:
    """Put tasks back in the queue that have been RUNNING for longer than ``stale_after``
    seconds: their worker is gone."""
    cutoff = timezone.now() - timedelta(seconds=stale_after)
    stale = DBTaskResult.objects.running().filter(backend_name=backend_name, started_at__lt=cutoff)
    count = stale.update(status=TaskResultStatus.READY, started_at=None)
    if count:
        logger.warning("%d task(s) left running by a stopped worker are queued again", count)
    return count


def pending_migrations(alias: str = DEFAULT_DB_ALIAS) -> list[str]:
    """The migrations not yet applied to the database, as "app.name"."""
    executor = MigrationExecutor(connections[alias])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def wait_for_migrations(pause: float = 5.0, sleep=time.sleep) -> None:
    """Return once the database holds every migration of this code (and answers at all)."""
    announced = False
    while True:
        try:
            pending = pending_migrations()
        except CONNECTION_LOST as error:
            pending = [f"(database unavailable: {error})"]
            connections.close_all()
        if not pending:
            return
        if not announced:
            logger.warning(
                "waiting for the database migrations (manage.py migrate): %d pending, first %s",
                len(pending),
                pending[0],
            )
            announced = True
        sleep(pause)


class Worker(db_worker.Worker):
    def __init__(self, *, stale_after: float, **options):
        super().__init__(**options)
        self.stale_after = stale_after
        self.next_stale_check = 0.0

    def run(self) -> None:
        logger.info("worker %s started", self.worker_id)
        pause = 1.0
        while self.running:
            try:
                ran = self.run_next()
            except CONNECTION_LOST as error:
                logger.warning("database unavailable (%s); trying again in %.0f s", error, pause)
                connections.close_all()
                time.sleep(pause)
                pause = min(pause * 2, 30.0)
                continue
            pause = 1.0
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            if self.batch and not ran:
                return
            if self.running and not ran:
                time.sleep(self.interval)

    def run_next(self) -> bool:
        """Claim one ready task and run it; False if there was none."""
        close_old_connections()
        if time.monotonic() >= self.next_stale_check:
            take_up_stale_tasks(self.backend_name, self.stale_after)
            self.next_stale_check = time.monotonic() + min(self.stale_after, 60)
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        try:
            with exclusive_transaction(tasks.db):
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
        except OperationalError as error:
            if not is_locked_database_exception(error):  # SQLite busy: try again later
                raise
            return False
        if task_result is None:
            return False
        self.run_task(task_result)
        return True

    def run_task(self, db_task_result: DBTaskResult) -> None:
        """As ``db_worker`` runs a task, except that a task cut off by a lost database
        connection is not marked failed: it goes back to the queue once the database
        answers again (and the error reaches ``run``, which waits for that)."""
        self.running_task = True
        try:
            task = db_task_result.task
            task_result = db_task_result.task_result
            if task.takes_context:
                value = task.call(
                    TaskContext(task_result=task_result),
                    *task_result.args,
                    **task_result.kwargs,
                )
            else:
                value = task.call(*task_result.args, **task_result.kwargs)
        except CONNECTION_LOST:
            self.requeue_when_possible(db_task_result)
            raise
        except Exception as error:
            logger.exception("task %s failed", db_task_result.task_path)
            db_task_result.set_failed(error)
        else:
            db_task_result.set_successful(value)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def requeue_when_possible(self, db_task_result: DBTaskResult) -> None:
        connections.close_all()
        with contextlib.suppress(CONNECTION_LOST):  # still down: taken up as stale later
            DBTaskResult.objects.filter(pk=db_task_result.pk).update(
                status=TaskResultStatus.READY, started_at=None
            )


class Command(db_worker.Command):
    help = (
        "Run a background worker (db_worker that takes up the tasks of killed workers and "
        "survives a restart of the database)"
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--stale-after",
            type=float,
            default=DEFAULT_STALE_AFTER,
            help="Seconds after which a RUNNING task counts as abandoned by its worker and is "
            "run again (default: %(default)s)",
        )

    def handle(self, *, stale_after, **options):
        self.configure_logging(options["verbosity"])
        wait_for_migrations(pause=max(options["interval"], 0.1))
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            stale_after=stale_after,
            queue_names=queue_names,
            excluded_queue_names=excluded,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )
        if options["reload"] and not options["batch"]:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only in the child that runs the tasks
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
