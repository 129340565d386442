"""The network pages in Chromium with the demo content: the portal's list and its filters
(a GET form), a network's page as a visitor (closed sections say how to join) and the staff's
form with its topics and a German error; axe-core finds nothing on any of them, on a desktop
and on a phone, and nothing scrolls sideways."""

import pytest
from django_scopes import scopes_disabled

from mitwirken.networks.models import Network
from mitwirken.organisations.demo import DEMO_PASSWORD
from mitwirken.portal import demo

from .support import assert_accessible, login, main_text, submit
from .test_screenshots import NARROW, WIDE, horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["desktop", "phone"])
def test_network_pages_are_accessible_and_work_without_javascript(new_context, viewport):
    demo.load()
    with scopes_disabled():
        officers = Network.objects.get(name="Netzwerk kommunale Partizipationsbeauftragte")
        dialogue = Network.objects.get(name="Innovationsdialog Bürgerbeteiligung")
    page = new_context(viewport=viewport).new_page()
    page.goto("/netzwerke/")
    assert "2 Netzwerke gefunden" in main_text(page)
    assert_accessible(page, "networks")
    page.locator("summary").first.click()
    page.select_option("#f-status", "concluded")
    submit(page, page.get_by_role("button", name="Netzwerke anzeigen"))
    assert "1 Netzwerk gefunden" in main_text(page)
    assert "Innovationsdialog Bürgerbeteiligung" in main_text(page)
    assert_accessible(page, "networks")

    page.goto(officers.get_absolute_url())
    text = main_text(page)
    assert "Nur Mitglieder des Netzwerks können diesen Bereich sehen." in text
    assert "Mit einem Konto können Sie sich für dieses Netzwerk bewerben." in text
    assert horizontal_overflow(page) <= 0
    assert_accessible(page, "networks")
    page.goto(dialogue.get_absolute_url())
    assert "abgeschlossen – Archiv" in main_text(page)
    assert_accessible(page, "networks")

    staff = new_context(viewport=viewport).new_page()
    login(staff, "admin.ministerium@demo.mitwirken.example", DEMO_PASSWORD)
    staff.goto(f"/ministerium-inneres/verwaltung/netzwerke/{dialogue.pk}/")
    assert staff.locator("#id_themen-0-name").input_value() == "Methoden"
    assert horizontal_overflow(staff) <= 0
    assert_accessible(staff, "networks")
    staff.fill("#id_term_until", "2011")
    submit(staff, staff.get_by_role("button", name="Speichern"))
    assert "Die Laufzeit kann nicht vor ihrem Anfangsjahr enden." in main_text(staff)
    assert_accessible(staff, "networks")
