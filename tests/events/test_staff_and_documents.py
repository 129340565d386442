import csv
import io
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from fpdf import FPDF  # noqa: F401  (the library under test is importable)
from openpyxl import load_workbook
from pypdf import PdfReader

from mitwirken.events import services
from mitwirken.events.models import Certificate, Event, Material, Registration
from mitwirken.organisations.models import AuditLogEntry, Role

from ..accounts.test_accounts import _all_text_columns_containing
from .factories import answer, ask, make_event

Status = Registration.Status


def _registration(event, name, email, status=Status.CONFIRMED, **extra):
    with scopes_disabled():
        return Registration.objects.create(
            event=event, name=name, email=email, status=status, privacy_version="v1", **extra
        )


def _url(name, event, **kwargs):
    return reverse(name, kwargs={"org": event.organisation.slug, "pk": event.pk, **kwargs})


@pytest.fixture
def editor(staff_a, client):
    client.force_login(staff_a[Role.EDITOR])
    return staff_a[Role.EDITOR]


def test_preset_fills_the_coffee_lecture_defaults(client, org_a, editor):
    start = (timezone.localtime() + timedelta(days=14)).replace(hour=12, minute=30)
    response = client.post(
        reverse("events:staff_new", kwargs={"org": org_a.slug}),
        {"format": "coffee_lecture", "starts_at": start.strftime("%Y-%m-%dT%H:%M")},
    )
    form = response.context["form"]
    assert form.initial["capacity"] == 30
    assert form.initial["is_recorded"] is True
    assert form.initial["mode"] == "online"
    assert form.initial["ends_at"] - form.initial["starts_at"] == timedelta(minutes=40)


def _planned_reminders(event):
    from django_tasks import task_backends

    return sorted(
        result.task.run_after
        for result in task_backends["scheduled"].results
        if result.kwargs["event_id"] == event.pk
        and "starts_at" in result.kwargs  # reminders, not offer deadlines
        and datetime.fromisoformat(result.kwargs["starts_at"]) == event.starts_at
    )


def test_editor_creates_and_publishes_an_event(
    client, org_a, editor, django_capture_on_commit_callbacks
):
    start = (timezone.localtime() + timedelta(days=14)).replace(hour=12, minute=30)
    data = {
        "format": "coffee_lecture",
        "status": "published",
        "title": "Beteiligung kompakt",
        "teaser": "",
        "description": "**Kurz** und knapp",
        "series": "",
        "topics": "Living Labs, Mobilität",
        "target_groups": "Kommunalverwaltung",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(minutes=40)).strftime("%Y-%m-%dT%H:%M"),
        "mode": "online",
        "online_provider": "WebEx",
        "join_url": "https://meet.example.org/x",
        "access_code": "",
        "dial_in": "",
        "venue_name": "",
        "venue_street": "",
        "venue_postal_code": "",
        "venue_city": "",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "capacity": "30",
        "registration_opens_at": "",
        "registration_closes_at": "",
        "waiting_list": "on",
        "promotion": "auto",
        "offer_hours": "48",
        "promotion_cutoff_hours": "2",
        "is_recorded": "on",
        "redner-TOTAL_FORMS": "1",
        "redner-INITIAL_FORMS": "0",
        "redner-MIN_NUM_FORMS": "0",
        "redner-MAX_NUM_FORMS": "20",
        "redner-0-name": "Dr. Lena Brandt",
        "redner-0-role": "Referentin",
        "redner-0-organisation_name": "",
        "redner-0-bio": "",
        "programm-TOTAL_FORMS": "0",
        "programm-INITIAL_FORMS": "0",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:staff_create", kwargs={"org": org_a.slug}), data)
    assert response.status_code == 302, response.context["form"].errors
    with scopes_disabled():
        event = Event.objects.get(title="Beteiligung kompakt")
        assert sorted(t.name for t in event.tags.all()) == [
            "Kommunalverwaltung",
            "Living Labs",
            "Mobilität",
        ]
        assert event.speakers.get().name == "Dr. Lena Brandt"
        assert AuditLogEntry.objects.filter(action="event_created").exists()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "<strong>Kurz</strong>" in page and "Dr. Lena Brandt" in page
    assert _planned_reminders(event) == [
        event.starts_at - timedelta(days=1),
        event.starts_at - timedelta(hours=1),
    ]


def test_event_form_refuses_end_before_start(client, org_a, editor):
    event = make_event(org_a)
    response = client.get(_url("events:staff_edit", event))
    form = response.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(
        {
            "starts_at": "2030-01-01T12:00",
            "ends_at": "2030-01-01T11:00",
            "redner-TOTAL_FORMS": "0",
            "redner-INITIAL_FORMS": "0",
            "redner-MIN_NUM_FORMS": "0",
            "redner-MAX_NUM_FORMS": "20",
        }
    )
    data = {k: v for k, v in data.items() if v is not False}
    response = client.post(_url("events:staff_edit", event), data)
    assert response.status_code == 200
    assert "Das Ende muss nach dem Beginn liegen" in response.content.decode()


def _edit_data(client, event, **changes):
    """The staff form of ``event`` as the browser would post it, without speakers."""
    form = client.get(_url("events:staff_edit", event)).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    for name in ("starts_at", "ends_at"):
        data[name] = timezone.localtime(getattr(event, name)).strftime("%Y-%m-%dT%H:%M")
    data = {k: v for k, v in data.items() if v is not False}
    for prefix in ("redner", "programm"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return {**data, **changes}


@pytest.mark.parametrize(
    "changes, error",
    [
        (
            {"starts_at": "9999-12-31T22:00", "ends_at": "9999-12-31T23:00"},
            "zwischen den Jahren 2000 und 2100",
        ),
        ({"starts_at": "0001-01-01T00:30"}, "zwischen den Jahren 2000 und 2100"),
        ({"registration_opens_at": "2099-01-01T10:00"}, "Die Anmeldung muss vor dem Beginn"),
        ({"join_url": "ftp://example.org/raum"}, "mit https:// beginnt"),
    ],
)
def test_event_form_refuses_odd_input_clearly(client, org_a, editor, changes, error):
    event = make_event(org_a)
    response = client.post(_url("events:staff_edit", event), _edit_data(client, event, **changes))
    assert response.status_code == 200
    assert error in response.content.decode()


def test_fewer_seats_than_people_with_a_seat_warns_the_staff(client, org_a, editor):
    event = make_event(org_a, capacity=3)
    for number in range(3):
        _registration(event, f"P{number}", f"p{number}@example.org")
    response = client.post(
        _url("events:staff_edit", event), _edit_data(client, event, capacity="2"), follow=True
    )
    assert "3 Personen haben einen Platz, mehr als die 2 Plätze" in response.content.decode()
    with scopes_disabled():
        assert event.registrations.filter(status=Status.CONFIRMED).count() == 3


def test_the_place_is_not_called_optional_where_it_can_be_required(client, org_a, editor):
    page = client.get(_url("events:staff_edit", make_event(org_a))).content.decode()
    label = page.split('for="id_venue_city"', 1)[1].split("</label>", 1)[0]
    assert "optional" not in label
    assert "Nötig bei Präsenz- und hybriden Veranstaltungen." in page


def test_a_preset_far_in_the_future_is_refused_not_a_server_error(client, org_a, editor):
    url = reverse("events:staff_new", kwargs={"org": org_a.slug})
    response = client.post(url, {"format": "conference", "starts_at": "9999-12-31T20:00"})
    assert response.status_code == 200
    assert "zwischen den Jahren 2000 und 2100" in response.content.decode()


def test_a_conference_programme_is_edited_with_the_event_and_shown_in_order(client, org_a, editor):
    event = make_event(
        org_a, format="conference", mode="in_person", title="Fachtagung", venue_city="Berlin"
    )
    day = timezone.localtime(event.starts_at)

    def at(hour, minute=0):
        return day.replace(hour=hour, minute=minute).strftime("%Y-%m-%dT%H:%M")

    items = {
        "programm-TOTAL_FORMS": "3",
        "programm-0-starts_at": at(13),
        "programm-0-title": "Workshops",
        "programm-0-details": "A: Jugendbeteiligung, B: Bürgerräte",
        "programm-0-room": "Saal 2",
        "programm-1-starts_at": at(9, 30),
        "programm-1-ends_at": at(10),
        "programm-1-title": "Begrüßung",
        "programm-2-starts_at": at(12),
        "programm-2-ends_at": at(11),
        "programm-2-title": "Mittagspause",
    }
    refused = client.post(_url("events:staff_edit", event), _edit_data(client, event, **items))
    assert refused.status_code == 200
    assert "Das Ende muss nach dem Beginn liegen." in refused.content.decode()
    with scopes_disabled():
        assert not event.programme.exists()

    items["programm-2-ends_at"] = at(13)
    saved = client.post(_url("events:staff_edit", event), _edit_data(client, event, **items))
    assert saved.status_code == 302
    page = client.get(event.get_absolute_url()).content.decode()
    programme = page[page.index('id="programme-heading"') :]
    positions = [programme.index(t) for t in ("Begrüßung", "Mittagspause", "Workshops")]
    assert positions == sorted(positions)
    assert "A: Jugendbeteiligung, B: Bürgerräte" in programme and "Saal 2" in programme


def test_moving_an_event_tells_everyone_registered(
    org_a, editor, django_capture_on_commit_callbacks
):
    event = make_event(org_a)
    _registration(event, "Anna", "anna@example.org")
    _registration(event, "Ben", "ben@example.org", status=Status.WAITING)

    new_start = event.starts_at + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True), scope(organisation=org_a):
        event = services.update_event(
            editor, event, starts_at=new_start, ends_at=event.ends_at + timedelta(days=1)
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "ben@example.org"]
    anna = next(m for m in mail.outbox if m.to == ["anna@example.org"])
    ben = next(m for m in mail.outbox if m.to == ["ben@example.org"])
    assert event.join_url in anna.body and event.join_url not in ben.body
    assert _planned_reminders(event) == [
        new_start - timedelta(days=1),
        new_start - timedelta(hours=1),
    ]


def _edit(editor, event, **changes):
    """Save ``changes`` through update_event, as the staff page does (plain data, no form)."""
    with scope(organisation=event.organisation):  # as the staff page of its organisation
        services.update_event(editor, event, **changes)


def test_more_seats_go_to_the_waiting_list_first(org_a, editor, django_capture_on_commit_callbacks):
    event = make_event(org_a, capacity=1)
    _registration(event, "Anna", "anna@example.org")
    ben = _registration(event, "Ben", "ben@example.org", Status.WAITING, queued_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        _edit(editor, event, title="Neuer Titel")  # no new seat: nobody moves up
    assert _status(ben) == Status.WAITING
    with django_capture_on_commit_callbacks(execute=True):
        _edit(editor, event, capacity=2)
    assert _status(ben) == Status.CONFIRMED
    assert [m.to[0] for m in mail.outbox] == ["ben@example.org"]


def test_cancelling_through_the_event_form_tells_everyone_registered(
    org_a, editor, django_capture_on_commit_callbacks
):
    event = make_event(org_a)
    _registration(event, "Anna", "anna@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        _edit(editor, event, status=Event.Status.CANCELLED)
    assert [m.to[0] for m in mail.outbox] == ["anna@example.org"]
    assert "abgesagt" in mail.outbox[0].subject.lower()


def test_cancelling_an_event_tells_all_registrants(
    client, org_a, editor, django_capture_on_commit_callbacks
):
    event = make_event(org_a)
    _registration(event, "Anna", "anna@example.org")
    _registration(event, "Ben", "ben@example.org", status=Status.WAITING)
    _registration(event, "Cem", "cem@example.org", status=Status.CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("events:staff_cancel", event))
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "ben@example.org"]
    assert "abgesagt" in mail.outbox[0].subject.lower()


def _decide(client, registration, action):
    """One row ticked, the action chosen and (where it asks) confirmed."""
    url = _url("events:staff_registrations_apply", registration.event)
    data = {"action": action, "registration": registration.pk, "confirmed": "1"}
    return client.post(url, data, follow=True).content.decode()


def _status(registration):
    registration.refresh_from_db()
    return registration.status


def test_staff_admit_from_and_move_to_the_waiting_list(
    client, org_a, editor, django_capture_on_commit_callbacks
):
    event = make_event(org_a, capacity=2)
    anna = _registration(event, "Anna", "anna@example.org")
    ben = _registration(event, "Ben", "ben@example.org", Status.WAITING, queued_at=timezone.now())
    cem = _registration(event, "Cem", "cem@example.org", Status.WAITING, queued_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        page = _decide(client, ben, "admit")
    assert "Platz vergeben: 1 Anmeldung geändert (Ben)." in page
    assert _status(ben) == Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [["ben@example.org"]]
    assert "https://meet.example.org/j/123456" in mail.outbox[0].body  # the join data

    page = _decide(client, cem, "admit")  # both seats are taken now
    assert "Es ist kein Platz frei." in page
    assert _status(cem) == Status.WAITING

    with django_capture_on_commit_callbacks(execute=True):
        _decide(client, anna, "to_waiting_list")
    assert _status(anna) == Status.WAITING
    assert _status(cem) == Status.WAITING  # staff freed the seat on purpose: no promotion
    assert "Warteliste" in mail.outbox[-1].body
    page = _decide(client, anna, "approve")  # only pending registrations can be approved
    assert "Keine der ausgewählten Anmeldungen kann auf diese Weise geändert werden." in page
    with scopes_disabled():
        decided = AuditLogEntry.objects.filter(action="registration_decided")
        assert sorted(entry.subject for entry in decided) == ["Anna", "Ben"]


def test_paging_through_registrations_keeps_the_filter_and_the_search(client, org_a, editor):
    event = make_event(org_a, capacity=None)
    for number in range(55):
        _registration(event, f"Wartend {number}", f"w{number}@example.org", Status.WAITING)
    _registration(event, "Bestätigt", "b@example.org")
    url = _url("events:staff_registrations", event) + "?status=waiting&suche=Wartend"
    page = client.get(url).content.decode()
    assert 'href="?status=waiting&amp;suche=Wartend&amp;seite=2"' in page
    second = client.get(url + "&seite=2").content.decode()
    assert "Wartend" in second and "b@example.org" not in second


def test_staff_cancel_a_registration_the_person_is_told_and_the_seat_goes_on(
    client, org_a, editor, django_capture_on_commit_callbacks
):
    event = make_event(org_a, capacity=1, contact_email="team@stadt-a.example")
    anna = _registration(event, "Anna", "anna@example.org")
    ben = _registration(event, "Ben", "ben@example.org", Status.WAITING, queued_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        _decide(client, anna, "cancel")
    assert (_status(anna), _status(ben)) == (Status.CANCELLED, Status.CONFIRMED)
    told = {message.to[0]: message for message in mail.outbox}
    assert "die Veranstaltenden haben Ihre Anmeldung" in told["anna@example.org"].body
    assert "team@stadt-a.example" in told["anna@example.org"].body
    assert "Vielen Dank für Ihre Nachricht" not in told["anna@example.org"].body
    assert "https://meet.example.org/j/123456" in told["ben@example.org"].body


def test_staff_approve_and_reject_where_the_event_requires_approval(
    client, org_a, editor, django_capture_on_commit_callbacks
):
    event = make_event(org_a, capacity=1, requires_approval=True)
    dora = _registration(event, "Dora", "dora@example.org", Status.PENDING)
    eva = _registration(event, "Eva", "eva@example.org", Status.WAITING, queued_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        _decide(client, dora, "reject")
    assert _status(dora) == Status.REJECTED
    assert _status(eva) == Status.PENDING  # the freed seat goes on, still to be approved
    with django_capture_on_commit_callbacks(execute=True):
        _decide(client, eva, "approve")
    assert _status(eva) == Status.CONFIRMED
    assert [m.to[0] for m in mail.outbox] == [
        "dora@example.org",
        "eva@example.org",
        "eva@example.org",
    ]


def test_admitting_someone_over_a_workshop_s_limit_warns_the_staff(client, org_a, editor):
    event = make_event(org_a, capacity=10, format="conference")
    with scopes_disabled():
        question = ask(event, kind="single_choice", label="Workshop")
        workshop = question.choices.create(label="Workshop A", seat_limit=1)
    people = [
        _registration(event, "Anna", "anna@example.org"),
        _registration(event, "Ben", "ben@example.org", Status.WAITING, queued_at=timezone.now()),
    ]
    for registration in people:
        answer(registration, question, "Workshop A", [workshop])
    page = _decide(client, people[1], "admit")
    assert _status(people[1]) == Status.CONFIRMED
    assert "Die Option „Workshop A“ ist jetzt überbucht: 2 Personen für 1 Platz." in page


def test_duplicate_as_next_of_the_series(client, org_a, editor):
    event = make_event(org_a)
    with scopes_disabled():
        event.speakers.create(name="Dr. Lena Brandt")
        event.programme.create(starts_at=event.starts_at, title="Begrüßung")
        question = ask(event, kind="single_choice", label="Workshop")
        question.choices.create(label="A", seat_limit=5)
    _registration(event, "Anna", "anna@example.org")
    start = event.starts_at + timedelta(days=28)
    response = client.post(
        _url("events:staff_duplicate", event),
        {"starts_at": timezone.localtime(start).strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    with scopes_disabled():
        copy = Event.objects.exclude(pk=event.pk).get()
        assert copy.status == Event.Status.DRAFT
        assert copy.starts_at == start and copy.duration == event.duration
        assert copy.speakers.get().name == "Dr. Lena Brandt"
        assert copy.programme.get().starts_at == start
        assert copy.questionnaire != event.questionnaire
        assert copy.questionnaire.questions.get().choices.get().seat_limit == 5
        assert not copy.registrations.exists()


def test_exports_are_safe_against_formula_injection(client, org_a, editor):
    event = make_event(org_a)
    with scopes_disabled():
        question = ask(event, kind="short_text", label="Dienststelle")
        number = ask(event, kind="number", label="Begleitpersonen", position=1)
        registration = _registration(event, '=HYPERLINK("http://böse")', "anna@example.org")
        answer(registration, question, "@SUM(A1)")
        answer(registration, number, "3")
    csv_response = client.get(_url("events:staff_export", event, file_format="csv"))
    rows = list(csv.reader(io.StringIO(csv_response.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Name", "E-Mail"] and rows[0][-2:] == ["Dienststelle", "Begleitpersonen"]
    assert rows[1][0].startswith("'=") and rows[1][-2:] == ["'@SUM(A1)", "3"]

    xlsx = client.get(_url("events:staff_export", event, file_format="xlsx"))
    sheet = load_workbook(io.BytesIO(xlsx.getvalue())).active
    # Stored as text, so no formula and no visible apostrophe; numbers stay numbers.
    assert sheet["A2"].value == '=HYPERLINK("http://böse")' and sheet["A2"].data_type == "s"
    assert [cell.value for cell in sheet[2]][-2:] == ["@SUM(A1)", 3]


def test_attendance_list_pdf_lists_confirmed_people(client, org_a, editor):
    event = make_event(org_a, mode="in_person", venue_city="Musterstadt", join_url="")
    _registration(event, "Anna Ärztin", "anna@example.org")
    _registration(event, "Ben Wartend", "ben@example.org", status=Status.WAITING)
    response = client.get(_url("events:staff_export", event, file_format="pdf"))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Anna Ärztin" in text and "Ben Wartend" not in text
    assert "Teilnahmeliste" in text or "Anwesenheitsliste" in text


def test_attendance_certificate_and_public_check(client, org_a, editor):
    event = make_event(org_a, starts_at=timezone.now() - timedelta(hours=2))
    anna = _registration(event, "Anna Muster", "anna@example.org")
    _registration(event, "Ben", "ben@example.org")
    client.post(_url("events:staff_attendance", event), {"attended": [str(anna.pk)]})
    anna.refresh_from_db()
    assert anna.attended

    client.logout()
    url = reverse("events:certificate", kwargs={"org": org_a.slug, "token": anna.token})
    pdf = client.get(url)
    assert pdf["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "Anna Muster" in text and event.title.split()[0] in text and "40" in text
    with scopes_disabled():
        code = Certificate.objects.get(registration=anna).code
    assert code in text
    check = client.get(reverse("events:verify", kwargs={"code": code})).content.decode()
    assert "echt" in check and "Anna Muster" in check
    typed = " " + code.replace("-", "").lower() + " "  # as someone might type it
    by_form = client.get(reverse("events:verify_form"), {"code": typed}).content.decode()
    assert "echt" in by_form and "Anna Muster" in by_form
    assert (
        "Keine Bescheinigung"
        in client.get(reverse("events:verify", kwargs={"code": "FALSCH"})).content.decode()
    )


def test_check_in_code_records_attendance(client, org_a, editor):
    event = make_event(org_a, starts_at=timezone.now() - timedelta(minutes=5))
    anna = _registration(event, "Anna", "anna@example.org")
    client.post(_url("events:staff_check_in_code", event))
    event.refresh_from_db()
    assert len(event.check_in_code) == 6
    client.logout()
    url = reverse("events:check_in", kwargs={"org": org_a.slug, "token": anna.token})
    client.post(url, {"code": "000000" if event.check_in_code != "000000" else "1"})
    anna.refresh_from_db()
    assert not anna.attended
    client.post(url, {"code": event.check_in_code})
    anna.refresh_from_db()
    assert anna.attended


def test_check_in_and_certificate_refusals_are_clear(client, org_a):
    def personal_page(event, registration, data=None):
        url = reverse("events:check_in", kwargs={"org": org_a.slug, "token": registration.token})
        return client.post(url, data, follow=True).content.decode()

    soon = make_event(org_a, starts_at=timezone.now() + timedelta(hours=2), check_in_code="123456")
    waiting = _registration(
        soon, "Wanda", "wanda@example.org", Status.WAITING, queued_at=timezone.now()
    )
    early = _registration(soon, "Emil", "emil@example.org")
    assert "Nur bestätigte Teilnehmende können einchecken." in personal_page(
        soon, waiting, {"code": "123456"}
    )
    assert "Der Check-in ist kurz vor Beginn der Veranstaltung möglich." in personal_page(
        soon, early, {"code": "123456"}
    )
    assert "Bitte geben Sie den Check-in-Code ein." in personal_page(soon, early, {"code": ""})
    early.refresh_from_db()
    assert not early.attended

    past = make_event(org_a, starts_at=timezone.now() - timedelta(days=1))
    absent = _registration(past, "Abby", "abby@example.org", attended=False)
    url = reverse("events:certificate", kwargs={"org": org_a.slug, "token": absent.token})
    page = client.get(url, follow=True).content.decode()
    assert "Eine Bescheinigung wird erst nach der Teilnahme ausgestellt." in page
    with scopes_disabled():
        assert not Certificate.objects.filter(registration=absent).exists()


def test_no_certificate_before_the_end_or_after_a_cancellation(client, org_a):
    def page_and_download(registration):
        kwargs = {"org": org_a.slug, "token": registration.token}
        page = client.get(reverse("events:registration", kwargs=kwargs)).content.decode()
        download = client.get(reverse("events:certificate", kwargs=kwargs), follow=True)
        return page, download

    running = make_event(org_a, starts_at=timezone.now() - timedelta(minutes=10))
    early = _registration(running, "Frida", "frida@example.org", attended=True)
    page, download = page_and_download(early)
    assert "Teilnahmebescheinigung herunterladen" not in page
    assert "Meine Anmeldung stornieren" not in page  # attended: nothing to cancel
    assert "wenn die Veranstaltung stattgefunden hat" in download.content.decode()

    past = make_event(org_a, starts_at=timezone.now() - timedelta(days=2))
    gone = _registration(past, "Gerd", "gerd@example.org", Status.CANCELLED, attended=True)
    page, download = page_and_download(gone)
    assert "Teilnahmebescheinigung herunterladen" not in page
    assert download["Content-Type"] != "application/pdf"

    called_off = make_event(
        org_a, starts_at=timezone.now() - timedelta(days=2), status=Event.Status.CANCELLED
    )
    hanna = _registration(called_off, "Hanna", "hanna@example.org", attended=True)
    assert page_and_download(hanna)[1]["Content-Type"] != "application/pdf"
    with scopes_disabled():
        assert not Certificate.objects.exists()

    ok = _registration(past, "Ida", "ida@example.org", attended=True)
    page, download = page_and_download(ok)
    assert "Teilnahmebescheinigung herunterladen" in page
    assert download["Content-Type"] == "application/pdf"


def test_people_on_the_waiting_list_are_asked_to_leave_it_not_to_free_a_seat(client, org_a):
    event = make_event(org_a, capacity=1)
    waiting = _registration(
        event, "Wim", "wim@example.org", Status.WAITING, queued_at=timezone.now()
    )
    url = reverse("events:registration", kwargs={"org": org_a.slug, "token": waiting.token})
    page = client.get(url).content.decode()
    assert "verlassen Sie bitte die Warteliste" in page
    assert "damit jemand von der Warteliste Ihren Platz erhält" not in page


def test_materials_by_visibility_and_the_announcement(
    client, org_a, editor, django_capture_on_commit_callbacks
):
    event = make_event(org_a, starts_at=timezone.now() - timedelta(days=1))
    anna = _registration(event, "Anna", "anna@example.org", attended=True)
    ben = _registration(event, "Ben", "ben@example.org")
    with scopes_disabled():
        for visibility in Material.Visibility.values:
            Material.objects.create(
                event=event,
                kind="slides",
                title=f"Folien {visibility}",
                url=f"https://example.org/{visibility}",
                visibility=visibility,
            )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("events:staff_materials_notify", event))
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "ben@example.org"]
    for message in mail.outbox:  # the personal page: it lists what is for registered people
        (registration,) = [r for r in (anna, ben) if r.email == message.to[0]]
        assert f"/veranstaltungen/anmeldung/{registration.token}/" in message.body
    client.logout()
    public = client.get(event.get_absolute_url()).content.decode()
    assert "Folien public" in public and "Folien registered" not in public

    def page(registration):
        return client.get(
            reverse("events:registration", kwargs={"org": org_a.slug, "token": registration.token})
        ).content.decode()

    assert "Folien attended" in page(anna)
    assert "Folien registered" in page(ben) and "Folien attended" not in page(ben)


def test_staff_message_is_sent_and_logged(
    client, org_a, editor, django_capture_on_commit_callbacks
):
    event = make_event(org_a)
    _registration(event, "Anna", "anna@example.org")
    _registration(event, "Ben", "ben@example.org", status=Status.WAITING)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _url("events:staff_message", event),
            {"audience": "confirmed", "subject": "Technik-Check", "body": "Bitte testen."},
        )
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    assert mail.outbox[0].subject == "Technik-Check"
    with scopes_disabled():
        assert event.messages.get().recipient_count == 1


def test_purge_removes_personal_data_but_keeps_counts_and_certificates(org_a, editor):
    event = make_event(org_a, starts_at=timezone.now() - timedelta(days=100))
    anna = _registration(event, "Anna Muster", "purge-me@example.org", attended=True)
    with scopes_disabled():
        question = ask(event, kind="short_text", label="Dienststelle")
        answer(anna, question, "Bauamt purge-me@example.org")
        certificate = services.certificate_for(anna)
    assert _all_text_columns_containing("purge-me@example.org")
    purged, _unconfirmed = services.purge_registrations()
    assert purged == 1
    assert _all_text_columns_containing("purge-me@example.org") == []
    with scopes_disabled():
        assert event.registrations.count() == 1  # the count stays
        certificate.refresh_from_db()
    assert certificate.holder_name == ""


def test_the_purge_command_reports_what_it_removed(org_a):
    """What the operator schedules daily (docs/operators.md)."""
    old = make_event(org_a, starts_at=timezone.now() - timedelta(days=100))
    recent = make_event(org_a, starts_at=timezone.now() - timedelta(days=10))
    _registration(old, "Alt", "alt@example.org")
    _registration(recent, "Neu", "neu@example.org")
    stale = _registration(recent, "Offen", "offen@example.org", Status.UNCONFIRMED)
    answer(stale, ask(recent, kind="short_text", label="Kontakt"), "offen@example.org")
    with scopes_disabled():
        Registration.objects.filter(pk=stale.pk).update(
            created_at=timezone.now() - timedelta(hours=25)
        )
    output = io.StringIO()
    call_command("purge_registrations", stdout=output)
    assert output.getvalue().strip() == (
        "1 Anmeldungen anonymisiert, 1 unbestätigte Anmeldungen gelöscht."
    )
    assert _all_text_columns_containing("alt@example.org") == []
    assert _all_text_columns_containing("offen@example.org") == []
    assert _all_text_columns_containing("neu@example.org")  # within the retention time


def test_a_repeated_purge_does_not_query_per_past_event(org_a, django_assert_max_num_queries):
    for number in range(30):
        event = make_event(org_a, starts_at=timezone.now() - timedelta(days=100 + number))
        _registration(event, "Alt", f"alt{number}@example.org")
    assert services.purge_registrations() == (30, 0)
    with django_assert_max_num_queries(3):  # delete unconfirmed, find events with data
        assert services.purge_registrations() == (0, 0)


def test_unconfirmed_sign_ups_are_deleted_after_24_hours(org_a):
    event = make_event(org_a)
    _registration(
        event,
        "Alt",
        "alt@example.org",
        status=Status.UNCONFIRMED,
        created_at=timezone.now() - timedelta(hours=25),
    )
    _registration(event, "Neu", "neu@example.org", status=Status.UNCONFIRMED)
    assert services.purge_registrations() == (0, 1)


def _count(client, url):
    cache.clear()  # measure the uncached path every time
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("url_name", "kwargs"),
    [
        ("events:list", {}),
        ("events:feed", {}),
        ("home", {}),
        ("events:organisation_list", {"org": "stadt-a"}),
        ("events:organisation_feed", {"org": "stadt-a"}),
    ],
)
def test_public_lists_do_not_query_per_event(client, org_a, url_name, kwargs):
    assert org_a.slug == "stadt-a"
    for _ in range(3):
        make_event(org_a)
    small = _count(client, reverse(url_name, kwargs=kwargs))
    for _ in range(40):
        event = make_event(org_a)
        _registration(event, "X", f"x{event.pk}@example.org")
    assert _count(client, reverse(url_name, kwargs=kwargs)) == small


def test_my_registrations_do_not_query_per_registration(client, org_a, participant):
    client.force_login(participant)

    def register_for_new_events(count):
        for _ in range(count):
            _registration(make_event(org_a), "Teilnehmerin", participant.email, user=participant)

    register_for_new_events(2)
    small = _count(client, reverse("events:my_registrations"))
    register_for_new_events(30)
    assert _count(client, reverse("events:my_registrations")) == small


def test_staff_lists_do_not_query_per_row(client, org_a, editor):
    event = make_event(org_a)
    for number in range(3):
        _registration(event, f"P{number}", f"p{number}@example.org")
    urls = [
        reverse("events:staff_list", kwargs={"org": org_a.slug}),
        _url("events:staff_registrations", event),
        _url("events:staff_attendance", event),
    ]
    small = [_count(client, url) for url in urls]
    for number in range(3, 60):
        _registration(event, f"P{number}", f"p{number}@example.org")
        make_event(org_a)
    assert [_count(client, url) for url in urls] == small
