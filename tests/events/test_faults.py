"""A confirmation and the task that mails its outcome commit together: a database connection
that drops right after the commit, or right before it, leaves both or neither. (PostgreSQL:
the connection is cut from the server's side, as a restart cuts it.)"""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django_scopes import scope, scopes_disabled
from django_tasks_db.models import DBTaskResult

from mitwirken.events import emails, services
from mitwirken.events.models import Registration
from mitwirken.events.services import registrations as registration_services

from ..database import side_connection
from .factories import make_event

Status = Registration.Status
DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "scheduled": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"},
}
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'"),
]


def _cut_this_connection():
    """Terminate this process's database session from another one, as a restart would."""
    pid = connection.connection.info.backend_pid
    with side_connection() as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.fixture
def full_event(org_a, settings):
    event = make_event(org_a, capacity=1)
    with scope(organisation=org_a):
        services.confirm_address(
            services.register(
                event, name="Erste", email="erste@example.org", answers={}, privacy_version="v1"
            )
        )
        waiting = services.register(
            event, name="Zweite", email="zweite@example.org", answers={}, privacy_version="v1"
        )
    mail.outbox.clear()
    settings.TASKS = DATABASE_TASKS  # from here on as in production: tasks in the database
    return event, waiting


def _mail_tasks_for(registration):
    with scopes_disabled():
        return [
            task
            for task in DBTaskResult.objects.all()
            if task.args_kwargs["kwargs"]["params"].get("registration_id") == registration.pk
        ]


def _confirm_by_http(registration):
    url = reverse(
        "events:confirm",
        kwargs={"org": registration.event.organisation.slug, "token": registration.token},
    )
    return Client(raise_request_exception=False).post(url)


def test_a_connection_lost_right_after_the_commit_loses_neither_the_place_nor_its_mail(
    full_event, monkeypatch
):
    event, waiting = full_event
    original = registration_services._locked

    def locked_then_cut_after_commit(*args, **kwargs):
        locked = original(*args, **kwargs)
        # Runs first of everything that happens once the transaction has committed.
        transaction.on_commit(_cut_this_connection)
        return locked

    monkeypatch.setattr(registration_services, "_locked", locked_then_cut_after_commit)
    response = _confirm_by_http(waiting)

    assert response.status_code == 302  # told where to look, not "Technischer Fehler"
    connection.close()
    with scopes_disabled():
        waiting.refresh_from_db()
    assert waiting.status == Status.WAITING
    (task,) = _mail_tasks_for(waiting)
    assert task.args_kwargs["kwargs"]["params"]["template"] == "waiting"
    # The worker writes the mail once the database is back.
    call_command("worker", "--batch", "--no-startup-delay", "--verbosity", "0")
    (told,) = mail.outbox
    assert told.to == ["zweite@example.org"]
    assert "Sie sind Nummer 1 auf der Warteliste" in told.body


def test_a_connection_lost_before_the_commit_leaves_neither_the_place_nor_a_mail(
    full_event, monkeypatch
):
    event, waiting = full_event
    original = emails.status_changed

    def queue_then_cut(registration, **kwargs):
        original(registration, **kwargs)
        _cut_this_connection()  # the task row is written; the COMMIT never arrives

    monkeypatch.setattr(emails, "status_changed", queue_then_cut)
    response = _confirm_by_http(waiting)

    assert response.status_code == 500
    connection.close()
    with scopes_disabled():
        waiting.refresh_from_db()
    assert waiting.status == Status.UNCONFIRMED  # nothing happened: trying again works
    assert _mail_tasks_for(waiting) == []
    monkeypatch.setattr(emails, "status_changed", original)
    assert _confirm_by_http(waiting).status_code == 302
    with scopes_disabled():
        waiting.refresh_from_db()
    assert waiting.status == Status.WAITING
    assert len(_mail_tasks_for(waiting)) == 1
