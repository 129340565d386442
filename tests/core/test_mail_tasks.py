"""Mail tasks carry IDs and plain values, and build their mail when they run: the task table
holds no address, name, text or link, so erasing a person needs no look into it."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django_scopes import scope
from django_tasks_db.models import DBTaskResult

from mitwirken.core.models import OutgoingMail
from mitwirken.events import services as event_services
from mitwirken.organisations import services as organisation_services
from mitwirken.organisations.models import BarrierReport, Invitation, Role

from ..events.factories import make_event
from ..factories import UserFactory

DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "scheduled": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"},
}


def _task_table_containing(needle: str) -> int:
    table = connection.ops.quote_name(DBTaskResult._meta.db_table)
    column = connection.ops.quote_name("args_kwargs")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {table} WHERE LOWER(CAST({column} AS TEXT)) LIKE %s",  # noqa: S608
            [f"%{needle.lower()}%"],
        )
        return cursor.fetchone()[0]


def _drain():
    call_command("worker", "--batch", "--no-startup-delay", "--verbosity", "0")


@pytest.mark.django_db(transaction=True)
def test_the_task_table_holds_ids_and_every_mail_is_built_when_it_runs(
    client, org_a, staff_a, settings
):
    settings.TASKS = DATABASE_TASKS
    event = make_event(org_a, capacity=1)
    with scope(organisation=org_a):
        seated = event_services.register(
            event,
            name="Anna Sitzplatz",
            email="anna@example.org",
            answers={},
            privacy_version="v1",
        )
        event_services.confirm_address(seated)
        waiting = event_services.register(
            event,
            name="Ben Warteliste",
            email="ben@example.org",
            answers={},
            privacy_version="v1",
        )
        event_services.confirm_address(waiting)
        organisation_services.invite(staff_a[Role.ADMIN], org_a, "neu@example.org", Role.EDITOR)
        invitation = Invitation.objects.get()
    org_a.contact_email = "team@stadt-a.example"
    org_a.save()
    response = client.post(
        reverse("organisations:barriere_melden", kwargs={"org": org_a.slug}),
        {"message": "Der Kontrast ist zu schwach.", "email": "carla@example.org"},
    )
    assert response.status_code == 200
    with scope(organisation=org_a):
        assert BarrierReport.objects.filter(email="carla@example.org").exists()
    password = "Sommer-im-Rathaus-2026"
    signup = {"email": "dora@example.org", "password1": password, "password2": password}
    response = client.post(
        reverse("account_signup"), {**signup, "language": "de", "accept_privacy": "on"}
    )
    assert response.status_code == 302

    tasks = DBTaskResult.objects.count()
    assert tasks >= 6
    for needle in [
        "anna@example.org",
        "Anna Sitzplatz",
        "ben@example.org",
        "Ben Warteliste",
        seated.token,
        waiting.token,
        "neu@example.org",
        invitation.token,
        "carla@example.org",
        "Kontrast",
        "dora@example.org",
    ]:
        assert _task_table_containing(needle) == 0, needle
    # allauth's mail is rendered at once (its link carries a key): it waits outside the task
    assert OutgoingMail.objects.filter(to="dora@example.org").exists()

    _drain()
    sent_to = sorted(address for message in mail.outbox for address in message.to)
    assert "anna@example.org" in sent_to and "ben@example.org" in sent_to
    assert "neu@example.org" in sent_to and "dora@example.org" in sent_to
    assert "carla@example.org" in sent_to and "team@stadt-a.example" in sent_to
    to_ben = [m.body for m in mail.outbox if m.to == ["ben@example.org"]]
    assert len(to_ben) == 2  # the link to confirm, then where he stands
    assert "Sie sind Nummer 1 auf der Warteliste" in to_ben[1]
    invitation_mail = next(m for m in mail.outbox if m.to == ["neu@example.org"])
    assert invitation.token in invitation_mail.body
    assert not OutgoingMail.objects.exists()  # sent: gone
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


@pytest.mark.django_db(transaction=True)
def test_a_mail_about_something_gone_is_not_sent(org_a, staff_a, settings):
    settings.TASKS = DATABASE_TASKS
    with scope(organisation=org_a):
        organisation_services.invite(staff_a[Role.ADMIN], org_a, "neu@example.org", Role.EDITOR)
        organisation_services.revoke_invitation(staff_a[Role.ADMIN], Invitation.objects.get())
    _drain()
    assert mail.outbox == []
    assert DBTaskResult.objects.get().return_value == "gone"


@pytest.mark.django_db(transaction=True)
def test_a_waiting_mail_goes_with_the_account(client, settings):
    settings.TASKS = DATABASE_TASKS
    person = UserFactory(email="weg@example.org")
    client.post(reverse("account_reset_password"), {"email": person.email})
    assert OutgoingMail.objects.filter(to=person.email).exists()
    client.force_login(person)
    client.post(reverse("accounts:delete_account"), {"confirm": "on"})
    assert not OutgoingMail.objects.exists()
    _drain()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_barrier_report_tells_the_reporter_and_the_staff(org_a, settings):
    settings.TASKS = DATABASE_TASKS
    org_a.contact_email = "team@stadt-a.example"
    org_a.save()
    with scope(organisation=org_a):
        report = BarrierReport.objects.create(
            organisation=org_a, message="Zu klein", email="c@example.org"
        )
        from mitwirken.organisations import emails

        emails.barrier_reported(report, language="de")
    _drain()
    assert sorted(m.to[0] for m in mail.outbox) == ["c@example.org", "team@stadt-a.example"]
