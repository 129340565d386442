"""Odd input and repeated actions found by an exploratory test: each gets a clear answer,
never a server error, and no message that is not true."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from mitwirken.events.models import Event, Registration
from mitwirken.questionnaires.models import Question

from .factories import make_event
from .test_staff_and_documents import _edit_data, _registration, _url

Status = Registration.Status


@pytest.fixture
def editor(staff_a, client):
    from mitwirken.organisations.models import Role

    client.force_login(staff_a[Role.EDITOR])
    return staff_a[Role.EDITOR]


@pytest.mark.parametrize("query", [{"bis": "9999-12-31"}, {"von": "0001-01-01"}])
def test_dates_far_outside_any_event_are_ignored(client, org_a, query):
    make_event(org_a)
    for url in (
        reverse("events:list"),
        reverse("events:feed"),
        reverse("events:organisation_feed", kwargs={"org": org_a.slug}),
    ):
        assert client.get(url, query).status_code == 200


@pytest.mark.parametrize("limit", ["²", "99999999999999999999", "0"])
def test_a_seat_limit_must_be_a_sensible_whole_number(client, org_a, editor, limit):
    event = make_event(org_a)
    response = client.post(
        _url("events:staff_questions", event),
        {"kind": "single_choice", "label": "Workshop", "choices_text": f"A | {limit}\nB"},
    )
    assert "ganze Zahl von 1 bis 100.000" in response.content.decode()
    with scopes_disabled():
        assert not Question.objects.filter(questionnaire__event=event).exists()


def test_unknown_material_and_export_format_are_not_found(client, org_a, editor):
    event = make_event(org_a)
    materials = _url("events:staff_materials", event)
    assert client.post(f"{materials}abc/loeschen/").status_code == 404
    unknown = _url("events:staff_material_delete", event, material_id=999)
    assert client.post(unknown).status_code == 404
    export = reverse(
        "events:staff_export", kwargs={"org": org_a.slug, "pk": event.pk, "file_format": "json"}
    )
    assert client.get(export).status_code == 404


def test_labels_of_the_new_event_and_message_forms_are_german(client, org_a, editor):
    past = client.post(
        reverse("events:staff_new", kwargs={"org": org_a.slug}),
        {"format": "seminar", "starts_at": "2020-01-01T10:00"},
    ).content.decode()
    assert "Beginn der Veranstaltung" in past and "Startseite:" not in past
    message = client.post(_url("events:staff_message", make_event(org_a)), {}).content.decode()
    assert "Empfangende" in message and "Audience" not in message


def test_a_copy_cannot_start_in_the_past(client, org_a, editor):
    event = make_event(org_a)
    response = client.post(_url("events:staff_duplicate", event), {"starts_at": "2020-01-01T10:00"})
    assert "Der Beginn muss in der Zukunft liegen." in response.content.decode()
    with scopes_disabled():
        assert Event.objects.count() == 1


def test_the_programme_moves_with_the_event(client, org_a, editor):
    event = make_event(org_a, mode="in_person", venue_city="Berlin")
    with scopes_disabled():
        item = event.programme.create(starts_at=event.starts_at, title="Begrüßung")
    later = event.starts_at + timedelta(days=1, hours=1)
    data = _edit_data(
        client,
        event,
        starts_at=timezone.localtime(later).strftime("%Y-%m-%dT%H:%M"),
        ends_at=timezone.localtime(later + event.duration).strftime("%Y-%m-%dT%H:%M"),
    )
    assert client.post(_url("events:staff_edit", event), data).status_code == 302
    with scopes_disabled():
        item.refresh_from_db()
    assert item.starts_at == later


def test_repeated_cancellations_say_what_happened(client, org_a, editor):
    event = make_event(org_a)
    anna = _registration(event, "Anna", "anna@example.org")
    client.post(_url("events:staff_cancel", event))
    again = client.post(_url("events:staff_cancel", event), follow=True).content.decode()
    assert "bereits abgesagt" in again
    page = reverse("events:cancel_registration", kwargs={"org": org_a.slug, "token": anna.token})
    client.post(page)
    twice = client.post(page, follow=True).content.decode()
    assert "bereits beendet" in twice


def test_counts_in_messages_use_the_singular_for_one(client, org_a, editor):
    event = make_event(org_a, starts_at=timezone.now() - timedelta(days=1))
    anna = _registration(event, "Anna", "anna@example.org")
    saved = client.post(
        _url("events:staff_attendance", event), {"attended": [anna.pk]}, follow=True
    ).content.decode()
    assert "1 Person." in saved and "1 Personen" not in saved


@pytest.mark.parametrize(
    "options, error",
    [
        ("| 20\nB", "Jede Option braucht einen Namen"),
        ("A\na", "„a“ steht zweimal in der Liste."),
        ("A\n" + "B" * 201, "höchstens 200 Zeichen"),
    ],
)
def test_broken_options_are_refused_with_the_reason(client, org_a, editor, options, error):
    event = make_event(org_a)
    response = client.post(
        _url("events:staff_questions", event),
        {"kind": "single_choice", "label": "Workshop", "choices_text": options},
    )
    page = response.content.decode()
    assert error in page
    assert "mindestens zwei" not in page  # the one reason, not a misleading second one
    with scopes_disabled():
        assert not Question.objects.filter(questionnaire__event=event).exists()


def test_a_material_is_a_file_or_a_link_not_both(client, org_a, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mitwirken.events.models import Material

    event = make_event(org_a)
    response = client.post(
        _url("events:staff_material_add", event),
        {
            "kind": "slides",
            "title": "Folien",
            "visibility": "public",
            "url": "https://example.org/folien",
            "file": SimpleUploadedFile("folien.pdf", b"%PDF-1.4", "application/pdf"),
        },
    )
    assert "nicht beides" in response.content.decode()
    with scopes_disabled():
        assert not Material.objects.filter(event=event).exists()
