"""The staff list of registrations on a 375 px phone and on a desktop: every row's status and
checkbox are on screen without sideways scrolling, one action for the ticked rows, the
confirmation page before anyone loses a seat; axe-core finds nothing on either page."""

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from mitwirken.events.models import Registration
from mitwirken.organisations.models import Role

from ..events.factories import make_event
from ..factories import PASSWORD, OrganisationFactory, make_staff
from .support import assert_accessible, login, main_text, submit
from .test_screenshots import NARROW, WIDE, horizontal_overflow, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
Status = Registration.Status


def test_the_registrations_list_works_on_a_phone_and_asks_before_a_seat_is_taken(new_context):
    with scopes_disabled():
        OrganisationFactory(name="Landesbetrieb IT", slug="betrieb", is_platform_operator=True)
        organisation = OrganisationFactory(name="Stadt Musterstadt", slug="musterstadt")
        moderator = make_staff(organisation, Role.MODERATOR)
    event = make_event(organisation, capacity=40)
    with scopes_disabled():
        for number, status in enumerate(
            [Status.CONFIRMED] * 4 + [Status.WAITING, Status.PENDING, Status.CANCELLED]
        ):
            Registration.objects.create(
                event=event,
                name=f"Mitarbeiterin Nummer {number} mit langem Namen",
                email=f"person.mit.langer.adresse.{number}@landesverwaltung.example.org",
                status=status,
                privacy_version="v1",
                queued_at=timezone.now() if status == Status.WAITING else None,
            )
    path = f"/musterstadt/verwaltung/veranstaltungen/{event.pk}/anmeldungen/"

    for viewport, name in ((WIDE, "staff-registrations-1280"), (NARROW, "staff-registrations-375")):
        options = {"is_mobile": True, "has_touch": True} if viewport is NARROW else {}
        page = new_context(viewport=viewport, **options).new_page()
        login(page, moderator.email, PASSWORD)
        page.goto(path)
        shoot(page, name)
        assert horizontal_overflow(page) <= 0, f"{path} scrolls sideways at {viewport['width']} px"
        width = viewport["width"]
        for cell in page.locator("main tbody td, main tbody input[type=checkbox]").all():
            box = cell.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (
                f"a cell sits off-screen at {width} px: {cell.inner_text() or 'checkbox'}"
            )
        assert "Bestätigt" in page.locator("main tbody").inner_text()
        assert page.input_value("#bulk-action") == ""  # nothing pre-selected
        assert_accessible(page, "moderator (registrations)", f"{path} at {width} px")

    # On the phone: tick two, choose "to the waiting list", see who and what they are told.
    page.get_by_label("Mitarbeiterin Nummer 0 mit langem Namen").check()
    page.get_by_label("Mitarbeiterin Nummer 1 mit langem Namen").check()
    submit(page, page.locator("main form button[type=submit]").last)
    assert "Bitte wählen Sie eine Aktion." in main_text(page)
    page.get_by_label("Mitarbeiterin Nummer 0 mit langem Namen").check()
    page.select_option("#bulk-action", "to_waiting_list")
    submit(page, page.locator("main form button[type=submit]").last)
    text = main_text(page)
    assert "Bitte bestätigen: Auf die Warteliste setzen" in text
    assert "Zurzeit sind 35 Plätze frei." in text  # 40 seats, 4 confirmed, 1 pending
    assert "auf die Warteliste gesetzt. Sie sind Nummer 2" in text
    assert horizontal_overflow(page) <= 0
    shoot(page, "staff-registrations-confirm-375")
    assert_accessible(page, "moderator (registrations)", "confirmation page")
    with scopes_disabled():  # nothing changed yet
        assert event.registrations.filter(status=Status.WAITING).count() == 1
    submit(page, page.get_by_role("button", name="Bestätigen: Auf die Warteliste setzen"))
    assert "Auf die Warteliste setzen: 1 Anmeldung geändert" in main_text(page)
    with scopes_disabled():
        moved = event.registrations.get(name__startswith="Mitarbeiterin Nummer 0")
    assert moved.status == Status.WAITING
