"""Seed 000 end to end in Chromium: a coffee lecture with 2 seats, three visitors, the waiting
list, a cancellation, the promotion, attendance, slides and the certificate, with axe-core on
every page on the way."""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from pypdf import PdfReader

from mitwirken.events.models import Event, Registration
from mitwirken.organisations.models import Role

from ..factories import PASSWORD, OrganisationFactory, make_staff
from .support import assert_accessible, link_path, login, main_text, submit, wait_for_mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
JOIN_URL = "https://webex.example.org/meet/coffee-lecture-42"


def _visitor_registers(new_context, event_path, name, email):
    page = new_context().new_page()
    page.goto(event_path)
    page.fill("#id_name", name)
    page.fill("#id_email", email)
    page.check("#id_accept_privacy")
    page.check("#id_accept_recording")
    submit(page, page.locator("main form button[type=submit]"))
    assert "E-Mail-Adresse" in main_text(page)
    assert_accessible(page, "visitor (event journey)")
    message = wait_for_mail(lambda m: m.to == [email] and "bestaetigen" in m.body)
    page.goto(link_path(message.body, r"/\S+/bestaetigen/"))
    assert_accessible(page, "visitor (event journey)")
    submit(page, page.locator("main form button[type=submit]"))
    assert_accessible(page, "visitor (event journey)")
    return page


def test_coffee_lecture_from_announcement_to_certificate(new_context):
    with scopes_disabled():
        OrganisationFactory(name="Landesbetrieb IT", slug="betrieb", is_platform_operator=True)
        organisation = OrganisationFactory(name="Ministerium des Innern", slug="ministerium")
        editor = make_staff(organisation, Role.EDITOR)

    # Staff creates a Coffee Lecture from the preset, with 2 seats.
    staff = new_context().new_page()
    login(staff, editor.email, PASSWORD)
    staff.goto("/ministerium/verwaltung/veranstaltungen/neu/")
    assert_accessible(staff, "editor (event journey)")
    staff.check("input[name=format][value=coffee_lecture]")
    start = timezone.localtime() + timedelta(days=7)
    staff.fill("#id_starts_at", start.strftime("%Y-%m-%dT12:30"))
    submit(staff, staff.locator("main form button[type=submit]"))
    assert staff.input_value("#id_capacity") == "30"  # the preset
    assert staff.is_checked("#id_is_recorded")
    assert_accessible(staff, "editor (event journey)")
    staff.fill("#id_title", "Stadtentwicklung durch Bürgerbeteiligung Bottom-up")
    staff.select_option("#id_status", "published")
    staff.fill("#id_capacity", "2")
    staff.fill("#id_join_url", JOIN_URL)
    submit(staff, staff.locator("main form button[type=submit]"))
    assert "angelegt" in main_text(staff), main_text(staff)[:800]
    with scopes_disabled():
        event = Event.objects.get()
    assert event.capacity == 2 and event.duration == timedelta(minutes=40)
    event_path = f"/ministerium/veranstaltungen/{event.pk}/"

    # Three visitors register and confirm their address from the real outbox.
    first = _visitor_registers(new_context, event_path, "Anna Eins", "anna@example.org")
    assert JOIN_URL in first.content()
    _visitor_registers(new_context, event_path, "Ben Zwei", "ben@example.org")
    third = _visitor_registers(new_context, event_path, "Cem Drei", "cem@example.org")
    assert "Nummer 1 auf der Warteliste" in main_text(third)
    assert JOIN_URL not in third.content()

    # The public page, its calendar file and the feed never show the join data.
    visitor = new_context().new_page()
    visitor.goto(event_path)
    assert JOIN_URL not in visitor.content()
    assert "ausgebucht" in main_text(visitor)
    assert_accessible(visitor, "visitor (event journey)")

    # The first cancels through the link in her confirmation e-mail …
    confirmation = wait_for_mail(lambda m: m.to == ["anna@example.org"] and JOIN_URL in m.body)
    first.goto(link_path(confirmation.body, r"/\S+/anmeldung/[\w-]+/"))
    submit(first, first.get_by_role("link", name="Meine Anmeldung stornieren"))
    assert "Sie geben Ihren Platz auf." in main_text(first)  # it asks first
    assert_accessible(first, "visitor (event journey)")
    submit(first, first.get_by_role("button", name="Ja, Anmeldung stornieren"))
    assert "storniert" in main_text(first).lower()
    assert first.get_by_role("link", name="Erneut anmelden").is_visible()
    assert_accessible(first, "visitor (event journey)")

    # … and the third is promoted and gets the join data.
    promoted = wait_for_mail(lambda m: m.to == ["cem@example.org"] and JOIN_URL in m.body)
    assert promoted.attachments and promoted.attachments[0][2] == "text/calendar"
    third.reload()
    assert JOIN_URL in third.content()
    assert_accessible(third, "visitor (event journey)")

    # After the event: staff marks attendance and uploads the slides.
    with scopes_disabled():
        Event.objects.filter(pk=event.pk).update(
            starts_at=timezone.now() - timedelta(hours=2),
            ends_at=timezone.now() - timedelta(hours=1, minutes=20),
        )
        cem = Registration.objects.get(email="cem@example.org")
    staff.goto(f"/ministerium/verwaltung/veranstaltungen/{event.pk}/anmeldungen/")
    assert_accessible(staff, "editor (event journey)")
    staff.goto(f"/ministerium/verwaltung/veranstaltungen/{event.pk}/anwesenheit/")
    assert_accessible(staff, "editor (event journey)")
    staff.check(f"#att-{cem.pk}")
    submit(staff, staff.locator("main form.mw-form button[type=submit]"))
    staff.goto(f"/ministerium/verwaltung/veranstaltungen/{event.pk}/materialien/")
    assert_accessible(staff, "editor (event journey)")
    staff.select_option("#id_kind", "slides")
    staff.fill("#id_title", "Folien zum Vortrag")
    staff.set_input_files(
        "#id_file",
        {"name": "folien.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n% Folien\n"},
    )
    staff.select_option("#id_visibility", "registered")
    submit(staff, staff.locator("main form[enctype] button[type=submit]"))
    assert "Folien zum Vortrag" in main_text(staff)

    # The participant finds the slides, downloads the certificate, and anyone can check it.
    third.reload()
    assert "Folien zum Vortrag" in main_text(third)
    with third.expect_download() as download:
        third.click("a[href$='bescheinigung.pdf']")
    pdf = PdfReader(io.BytesIO(open(download.value.path(), "rb").read())).pages[0].extract_text()  # noqa: SIM115
    assert "Cem Drei" in pdf and "Stadtentwicklung" in pdf
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", pdf).group(0)
    checker = new_context().new_page()
    checker.goto("/bescheinigung/")
    checker.fill("#code", code)
    submit(checker, checker.locator("main form button[type=submit]"))
    assert "echt" in main_text(checker) and "Cem Drei" in main_text(checker)
    assert_accessible(checker, "visitor (event journey)")
