"""Services take plain values, as the REST API and other apps will call them (no forms)."""

from datetime import timedelta

import pytest
from django.core import mail
from django_scopes import scope

from mitwirken.events import services
from mitwirken.events.models import EventMessage
from mitwirken.organisations import services as organisation_services
from mitwirken.organisations.models import AuditLogEntry, BarrierReport, Role

from .factories import make_event

pytestmark = pytest.mark.django_db


def test_a_staff_message_is_sent_from_plain_values(
    org_a, staff_a, django_capture_on_commit_callbacks
):
    event = make_event(org_a)
    with scope(organisation=org_a):
        event.registrations.create(
            name="Anna", email="anna@example.org", status="confirmed", privacy_version="v1"
        )
        with django_capture_on_commit_callbacks(execute=True):
            message = services.send_message(
                staff_a[Role.EDITOR],
                event,
                audience=EventMessage.Audience.CONFIRMED,
                subject="Raumänderung",
                body="Wir treffen uns in Raum 2.",
            )
        assert message.recipient_count == 1
        assert AuditLogEntry.objects.filter(subject="Raumänderung").exists()
    (sent,) = mail.outbox
    assert sent.to == ["anna@example.org"] and "Raum 2" in sent.body


def test_a_barrier_report_is_made_from_plain_values(org_a, django_capture_on_commit_callbacks):
    org_a.contact_email = "team@stadt-a.example"
    org_a.save()
    with scope(organisation=org_a), django_capture_on_commit_callbacks(execute=True):
        report = organisation_services.report_barrier(
            org_a, message="Zu kleine Schrift", email="c@example.org", language="de"
        )
        assert BarrierReport.objects.get() == report
    assert sorted(m.to[0] for m in mail.outbox) == ["c@example.org", "team@stadt-a.example"]


# --- Events: created and changed from plain data, the audit log from the model ----------------


def _berlin(year, month, day, hour, minute=0):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo("Europe/Berlin"))


def _entries(org, action):
    return list(AuditLogEntry.objects.filter(organisation=org, action=action).order_by("pk"))


def test_an_event_is_created_from_plain_data_with_tags_speakers_and_programme(org_a, staff_a):
    start = _berlin(2030, 3, 4, 10)
    with scope(organisation=org_a):
        event = services.create_event(
            staff_a[Role.EDITOR],
            org_a,
            format="conference",
            status="draft",
            title="Fachtag Beteiligung",
            starts_at=start,
            ends_at=_berlin(2030, 3, 4, 16),
            mode="in_person",
            venue_city="Musterstadt",
            capacity=100,
            topics=["Beteiligung", "Jugend", "Beteiligung"],
            target_groups=["Kommunalverwaltung"],
            speakers=[{"id": None, "name": "Dr. Erika Muster", "role": "Keynote"}],
            programme=[
                {"id": None, "starts_at": start, "title": "Begrüßung"},
                {"id": None, "starts_at": start, "title": "Verworfen", "delete": True},
            ],
        )
        assert event.organisation == org_a and event.pk
        assert sorted(t.name for t in event.tags.filter(kind="topic")) == ["Beteiligung", "Jugend"]
        assert [t.name for t in event.tags.filter(kind="target_group")] == ["Kommunalverwaltung"]
        assert [s.name for s in event.speakers.all()] == ["Dr. Erika Muster"]
        assert [p.title for p in event.programme.all()] == ["Begrüßung"]
        (entry,) = _entries(org_a, "event_created")
    assert entry.subject == "Fachtag Beteiligung" and entry.actor == staff_a[Role.EDITOR]


def test_a_field_that_is_not_the_staffs_to_set_is_refused(org_a, staff_a):
    with scope(organisation=org_a), pytest.raises(TypeError, match="check_in_code"):
        services.create_event(
            staff_a[Role.EDITOR], org_a, title="X", check_in_code="123456", format="seminar"
        )


def test_changing_an_event_from_plain_data_logs_what_changed_as_the_page_shows_it(org_a, staff_a):
    event = make_event(org_a, status="draft", starts_at=_berlin(2030, 3, 4, 10))
    editor = staff_a[Role.EDITOR]
    with scope(organisation=org_a):
        services.update_event(editor, event, topics=["Klima"])
        changed = services.update_event(
            editor,
            event,
            title=event.title,  # given but unchanged: not in the log
            status="published",
            starts_at=_berlin(2030, 3, 5, 9, 30),
            ends_at=_berlin(2030, 3, 5, 10, 10),
            description="x" * 500,
            waiting_list=False,
            topics=["Klima", "Mobilität"],
        )
        assert changed.status == "published" and changed.waiting_list is False
        first, second = _entries(org_a, "event_changed")
    assert first.changes == {"Themen": ["", "Klima"]}
    assert second.changes == {
        "Status": ["Entwurf", "Veröffentlicht"],
        "Beschreibung": ["", "x" * 199 + "…"],
        "Beginn": ["4. März 2030, 10:00 Uhr", "5. März 2030, 09:30 Uhr"],
        "Ende": ["4. März 2030, 10:40 Uhr", "5. März 2030, 10:10 Uhr"],
        "Warteliste": ["Ja", "Nein"],
        "Themen": ["Klima", "Klima, Mobilität"],
    }
    assert second.subject == event.title


def test_an_unchanged_save_writes_nothing_to_the_log(org_a, staff_a):
    event = make_event(org_a)
    with scope(organisation=org_a):
        services.update_event(staff_a[Role.EDITOR], event, title=event.title, capacity=30)
        assert _entries(org_a, "event_changed") == []


def test_programme_rows_are_changed_and_deleted_by_id_and_the_rest_moves_with_the_event(
    org_a, staff_a
):
    start = _berlin(2030, 3, 4, 10)
    event = make_event(org_a, starts_at=start)
    with scope(organisation=org_a):
        welcome = event.programme.create(starts_at=start, title="Begrüßung")
        talk = event.programme.create(starts_at=start, title="Vortrag")
        gone = event.programme.create(starts_at=start, title="Pause")
        services.update_event(
            staff_a[Role.EDITOR],
            event,
            starts_at=start + timedelta(days=1),
            ends_at=start + timedelta(days=1, minutes=40),
            programme=[
                {"id": talk.pk, "starts_at": _berlin(2030, 3, 5, 11), "title": "Vortrag 2"},
                {"id": gone.pk, "delete": True},
            ],
        )
        items = {item.pk: item for item in event.programme.all()}
        assert set(items) == {welcome.pk, talk.pk}
        assert items[welcome.pk].starts_at == start + timedelta(days=1)  # moved along
        assert items[talk.pk].starts_at == _berlin(2030, 3, 5, 11)  # just set: stays
        assert items[talk.pk].title == "Vortrag 2"
        (entry,) = _entries(org_a, "event_changed")
    assert set(entry.changes) == {"Beginn", "Ende"}


def test_a_row_of_another_event_cannot_be_changed(org_a, staff_a):
    event, other = make_event(org_a), make_event(org_a)
    with scope(organisation=org_a):
        foreign = other.speakers.create(name="Fremd")
        with pytest.raises(foreign.DoesNotExist):
            services.update_event(
                staff_a[Role.EDITOR], event, speakers=[{"id": foreign.pk, "name": "Ich"}]
            )
        foreign.refresh_from_db()
        assert foreign.name == "Fremd"


def test_the_staff_form_hands_its_formsets_to_the_service_as_rows(client, org_a, staff_a):
    """Through the page: a changed speaker, a new one, a deleted one, one left as it was."""
    from django.urls import reverse

    event = make_event(org_a)
    with scope(organisation=org_a):
        kept, renamed, deleted = (event.speakers.create(name=n) for n in ("A", "B", "C"))
    client.force_login(staff_a[Role.EDITOR])
    url = reverse("events:staff_edit", kwargs={"org": org_a.slug, "pk": event.pk})
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data |= {"starts_at": "2030-03-04T10:00", "ends_at": "2030-03-04T10:40"}
    data |= {"series": "", "registration_opens_at": "", "registration_closes_at": ""}
    data |= {
        "redner-TOTAL_FORMS": "4",
        "redner-INITIAL_FORMS": "3",
        "redner-0-id": kept.pk,
        "redner-0-name": "A",
        "redner-1-id": renamed.pk,
        "redner-1-name": "B neu",
        "redner-2-id": deleted.pk,
        "redner-2-name": "C",
        "redner-2-DELETE": "on",
        "redner-3-name": "D",
        "programm-TOTAL_FORMS": "0",
        "programm-INITIAL_FORMS": "0",
    }
    data = {k: v for k, v in data.items() if v is not False}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    with scope(organisation=org_a):
        assert sorted(s.name for s in event.speakers.all()) == ["A", "B neu", "D"]
        entry = _entries(org_a, "event_changed")[-1]
    assert set(entry.changes) == {"Beginn", "Ende"}


# --- Materials ------------------------------------------------------------------------------


def test_a_material_is_added_from_plain_data_a_link_or_a_checked_file(org_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mitwirken.core import uploads

    event = make_event(org_a)
    pdf = SimpleUploadedFile("Folien März.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    with scope(organisation=org_a):
        link = services.add_material(
            event, kind="slides", title="Link", visibility="public", url="https://example.org/f"
        )
        stored = services.add_material(
            event,
            kind="slides",
            title="Datei",
            visibility="registered",
            file=uploads.check(pdf, uploads.MATERIAL),
        )
        assert link.url == "https://example.org/f" and not link.file
        assert stored.original_name == "Folien März.pdf"
        assert stored.file.name.startswith("materials/") and stored.file.name.endswith(".pdf")
        assert stored.download_name == "Folien März.pdf"


# --- Staff cancellations are logged ---------------------------------------------------------


def test_a_cancellation_by_staff_is_written_to_the_audit_log(
    org_a, staff_a, django_capture_on_commit_callbacks
):
    event = make_event(org_a)
    with scope(organisation=org_a):
        anna = event.registrations.create(
            name="Anna", email="anna@example.org", status="confirmed", privacy_version="v1"
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.cancel_by_staff(staff_a[Role.MODERATOR], anna)
        (entry,) = _entries(org_a, "registration_decided")
    assert entry.subject == "Anna" and entry.actor == staff_a[Role.MODERATOR]
    assert entry.changes == {"Status": ["Bestätigt", "Storniert"]}
