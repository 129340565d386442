"""The staff list of registrations: nothing pre-selected, several rows for one action, a
confirmation (with what each person will be told) before a seat or a registration is taken
away, and e-mails that say what really happened."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from mitwirken.events import services
from mitwirken.events.models import Registration
from mitwirken.organisations.models import AuditLogEntry, Role

from .factories import make_event

Status = Registration.Status


@pytest.fixture
def editor(client, staff_a):
    client.force_login(staff_a[Role.MODERATOR])
    return staff_a[Role.MODERATOR]


def _registration(event, name, status=Status.CONFIRMED, **fields):
    with scopes_disabled():
        return Registration.objects.create(
            event=event,
            name=name,
            email=f"{name.lower()}@example.org",
            status=status,
            privacy_version="v1",
            **fields,
        )


def _list_url(event):
    return reverse(
        "events:staff_registrations", kwargs={"org": event.organisation.slug, "pk": event.pk}
    )


def _apply_url(event):
    return reverse(
        "events:staff_registrations_apply", kwargs={"org": event.organisation.slug, "pk": event.pk}
    )


def _statuses(event):
    with scopes_disabled():
        return dict(event.registrations.values_list("name", "status"))


def test_nothing_is_pre_selected_and_every_row_is_labelled_with_its_person(client, org_a, editor):
    event = make_event(org_a)
    anna = _registration(event, "Anna")
    _registration(event, "Offen", Status.UNCONFIRMED)
    page = client.get(_list_url(event)).content.decode()
    assert re.findall(r"<option[^>]*selected[^>]*>[^<]*", page) == [
        '<option value="" selected>Aktion wählen …'
    ]
    assert page.count('name="action"') == 1  # one menu for the rows ticked
    pattern = rf'<label class="kern-label" for="select-{anna.pk}">(.*?)</label>'
    label = re.search(pattern, page, re.S)
    assert " ".join(label.group(1).split()) == '<span class="kern-sr-only">Auswählen:</span> Anna'
    assert page.count('name="registration"') == 1  # a checkbox, not for the unconfirmed


def test_no_action_or_no_row_chosen_changes_nothing_and_says_why(client, org_a, editor):
    event = make_event(org_a)
    anna = _registration(event, "Anna")
    nothing = client.post(_apply_url(event), {"registration": anna.pk}, follow=True)
    assert "Bitte wählen Sie eine Aktion." in nothing.content.decode()
    nobody = client.post(_apply_url(event), {"action": "cancel"}, follow=True)
    assert "Bitte wählen Sie mindestens eine Anmeldung aus." in nobody.content.decode()
    assert _statuses(event) == {"Anna": Status.CONFIRMED}
    assert mail.outbox == []


def test_moving_to_the_waiting_list_asks_first_with_the_mail_each_person_gets(
    client, org_a, editor, django_capture_on_commit_callbacks
):
    event = make_event(org_a, capacity=40)
    anna, ben = _registration(event, "Anna"), _registration(event, "Ben")
    for number in range(3):
        _registration(event, f"Person{number}")
    _registration(event, "Wartend", Status.WAITING, queued_at=timezone.now() - timedelta(days=1))
    data = {
        "action": "to_waiting_list",
        "registration": [anna.pk, ben.pk],
        "query": "status=confirmed",
    }
    response = client.post(_apply_url(event), data)
    assert response.status_code == 200  # the confirmation page, nothing done yet
    page = response.content.decode()
    assert _statuses(event)["Anna"] == Status.CONFIRMED and mail.outbox == []
    assert "Zurzeit sind 35 Plätze frei." in page
    assert page.count(f"Auf die Warteliste gesetzt: {event.title}") == 2  # each subject
    assert f"die Veranstaltenden haben Ihre Anmeldung zu „{event.title}“ auf die Warteliste" in page
    assert "Sie sind Nummer 2 auf der Warteliste" in page  # Anna, behind the one waiting
    assert "Sie sind Nummer 3 auf der Warteliste" in page  # Ben
    assert "ausgebucht" not in page
    assert 'name="confirmed" value="1"' in page
    assert f'href="{_list_url(event)}?status=confirmed"' in page  # back, keeping the filter

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(_apply_url(event), {**data, "confirmed": "1"})
    assert done.status_code == 302 and done["Location"] == _list_url(event) + "?status=confirmed"
    assert _statuses(event)["Anna"] == _statuses(event)["Ben"] == Status.WAITING
    told = {message.to[0]: message for message in mail.outbox}
    assert set(told) == {"anna@example.org", "ben@example.org"}
    for person in (anna, ben):
        message = told[person.email]
        assert "Veranstaltenden haben Ihre Anmeldung" in message.body
        assert "auf die Warteliste gesetzt" in message.body
        assert "ausgebucht" not in message.body + message.subject
        person.refresh_from_db()
        with scope(organisation=org_a):
            position = services.waiting_position(person)
        assert f"Nummer {position} auf der Warteliste" in message.body


def test_several_rows_are_approved_at_once_and_the_others_are_named(
    client, org_a, editor, django_capture_on_commit_callbacks
):
    event = make_event(org_a, capacity=10, requires_approval=True)
    dora = _registration(event, "Dora", Status.PENDING)
    eva = _registration(event, "Eva", Status.PENDING)
    anna = _registration(event, "Anna")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _apply_url(event),
            {"action": "approve", "registration": [dora.pk, eva.pk, anna.pk]},
            follow=True,
        )
    page = response.content.decode()
    assert "Freigeben: 2 Anmeldungen geändert (Dora, Eva)." in page
    assert "Nicht geändert, weil die Aktion für sie nicht gilt: Anna." in page
    assert _statuses(event) == {
        "Dora": Status.CONFIRMED,
        "Eva": Status.CONFIRMED,
        "Anna": Status.CONFIRMED,
    }
    assert sorted(m.to[0] for m in mail.outbox) == ["dora@example.org", "eva@example.org"]


def test_cancelling_by_staff_asks_first_then_tells_the_person_and_logs_who(
    client, org_a, editor, django_capture_on_commit_callbacks
):
    event = make_event(org_a, capacity=1)
    anna = _registration(event, "Anna")
    ben = _registration(event, "Ben", Status.WAITING, queued_at=timezone.now())
    page = client.post(_apply_url(event), {"action": "cancel", "registration": anna.pk})
    text = page.content.decode()
    assert f"Anmeldung storniert: {event.title}" in text
    assert "die Veranstaltenden haben Ihre Anmeldung" in text
    assert "Ein frei werdender Platz geht an die nächste Person auf der Warteliste." in text
    assert _statuses(event)["Anna"] == Status.CONFIRMED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _apply_url(event), {"action": "cancel", "registration": anna.pk, "confirmed": "1"}
        )
    assert _statuses(event) == {"Anna": Status.CANCELLED, "Ben": Status.CONFIRMED}
    assert {m.to[0] for m in mail.outbox} == {anna.email, ben.email}
    with scopes_disabled():
        entry = AuditLogEntry.objects.get(action="registration_decided", subject="Anna")
    assert entry.actor == editor


def test_rejecting_asks_first(client, org_a, editor):
    event = make_event(org_a, requires_approval=True)
    dora = _registration(event, "Dora", Status.PENDING)
    page = client.post(_apply_url(event), {"action": "reject", "registration": dora.pk})
    assert page.status_code == 200 and "Bitte bestätigen: Ablehnen" in page.content.decode()
    assert _statuses(event) == {"Dora": Status.PENDING}


def test_another_organisation_s_registrations_cannot_be_chosen(client, org_a, org_b, editor):
    event = make_event(org_a)
    foreign = _registration(make_event(org_b), "Fremd")
    response = client.post(
        _apply_url(event),
        {"action": "cancel", "registration": foreign.pk, "confirmed": "1"},
        follow=True,
    )
    assert "Keine der ausgewählten Anmeldungen" in response.content.decode()
    foreign.refresh_from_db()
    assert foreign.status == Status.CONFIRMED


def test_ids_that_are_no_registration_change_nothing(client, org_a, editor):
    event = make_event(org_a)
    _registration(event, "Anna")
    for value in ("99999999999999999999", "9223372036854775808", "-1", "x", "١"):
        response = client.post(
            _apply_url(event), {"action": "cancel", "registration": value, "confirmed": "1"}
        )
        assert response.status_code == 302, value
    assert _statuses(event) == {"Anna": Status.CONFIRMED}
