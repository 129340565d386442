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
# which uses a backend "scheduled" when one exists and else "default". registration.py runs
# the default database backend, which defers itself. event_list.py runs TASKS_IMMEDIATE, which
# cannot defer; BENCH_SCHEDULED_BACKEND adds one for it:
#   none  - nothing added (the default): exactly the app's own TASKS setting
#   db    - django_tasks_db.DatabaseBackend (the production store)
#   dummy - django-tasks' DummyBackend (kept in memory, no I/O)
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
