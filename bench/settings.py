"""Settings for the benchmarks in bench/ only: the normal settings (read from the environment
like in production) plus bench-only URLs and templates. The app never imports this module.

Run with ``DJANGO_SETTINGS_MODULE=bench.settings`` and the repository root on the Python path
(gunicorn: ``--pythonpath /work/main``).
"""

import copy
import os
from pathlib import Path

from mitwirken.config import settings as _base
from mitwirken.config.settings import *  # noqa: F403

BENCH_DIR = Path(__file__).resolve().parent

ROOT_URLCONF = "bench.urls"
INSTALLED_APPS = [*_base.INSTALLED_APPS, "bench.apps.BenchConfig"]

TEMPLATES = copy.deepcopy(_base.TEMPLATES)
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BENCH_DIR / "templates"]

# Deferred tasks (reminders, offer deadlines) go through mitwirken.core.tasks.schedule(),
# which uses a backend "scheduled" when one exists and else "default". The immediate backend
# cannot defer (django-tasks raises InvalidTaskError for run_after), so with TASKS_IMMEDIATE
# alone every confirmation of an event more than an hour ahead would fail after its commit.
# BENCH_SCHEDULED_BACKEND picks what the benchmark uses for them:
#   db    - django_tasks_db.DatabaseBackend (the production store: one row per reminder)
#   dummy - django-tasks' DummyBackend (kept in memory, no I/O)
#   none  - nothing added: exactly the app's own TASKS setting
_scheduled = os.environ.get("BENCH_SCHEDULED_BACKEND", "none")
if _scheduled != "none" and "scheduled" not in _base.TASKS:
    TASKS = {
        **_base.TASKS,
        "scheduled": {
            "BACKEND": {
                "db": "django_tasks_db.DatabaseBackend",
                "dummy": "django_tasks.backends.dummy.DummyBackend",
            }[_scheduled]
        },
    }
