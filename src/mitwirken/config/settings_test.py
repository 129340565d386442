"""Settings for the test suite: the production settings with tasks run immediately, a fast
password hasher and uploads in a temporary folder. DATABASE_URL/REDIS_URL still apply."""

import os
import tempfile
from pathlib import Path

from .settings import *  # noqa: F403

TASKS = {
    # Run right after the commit that enqueued them, as a worker would; a failure fails the test.
    "default": {
        "BACKEND": "mitwirken.core.task_backends.OnCommitImmediateBackend",
        "OPTIONS": {"raise_errors": True},
    },
    # Tasks with run_after (reminders, offer deadlines) are kept for the test to inspect/run.
    "scheduled": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="mitwirken-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="mitwirken-test-private-media-")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/_nicht-oeffentlich/"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not Django's shared in-memory database: there SQLite takes table locks that do
    # not wait, so concurrent writers would fail instead of queueing as in production.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        # One file per test run, so that parallel runs on one machine do not collide.
        "NAME": str(Path(tempfile.gettempdir()) / f"mitwirken-test-{os.getpid()}.sqlite3")
    }
