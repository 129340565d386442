"""A task backend of our own (its own module: the @task decorators of core.tasks load the
configured backend while they are imported)."""

import contextvars
import logging
from functools import partial

from django.db import transaction
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import TaskResultStatus

logger = logging.getLogger(__name__)


class TaskFailed(Exception):
    pass


class OnCommitImmediateBackend(ImmediateBackend):
    """Runs a task in this process right after the transaction that enqueued it commits, as
    a worker would only see it then; a rolled-back transaction runs nothing. For the tests
    and ``TASKS_IMMEDIATE``. With ``OPTIONS: {"raise_errors": True}`` (the tests) a failing
    task raises instead of being recorded quietly. ``enqueue`` returns None. The task runs
    without the scope of the code that enqueued it, as a worker would run it."""

    def enqueue(self, task, args, kwargs):
        transaction.on_commit(partial(self._run_now, task, args, kwargs))

    def _run_now(self, task, args, kwargs):
        # In a context of its own, as in a worker: no organisation's scope (nor any other
        # state of the request or test that enqueued it) is inherited.
        result = contextvars.Context().run(super().enqueue, task, args, kwargs)
        if result.status == TaskResultStatus.FAILED:
            traceback = result.errors[-1].traceback if result.errors else ""
            if self.options.get("raise_errors"):
                raise TaskFailed(f"task {task.name} failed:\n{traceback}")
            logger.error("task %s failed:\n%s", task.name, traceback)
