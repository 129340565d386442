"""A coordinator's pages of a network's meeting, its photos, documents and results in
Chromium: the photos form with a bad file comes back with its errors, and axe-core finds
nothing on any of these pages (nor on the pages a visitor sees)."""

import pytest
from django_scopes import scopes_disabled

from mitwirken.networks.models import MeetingNotes, Membership, Result

from ..core import upload_samples as samples
from ..factories import PASSWORD, OrganisationFactory
from ..networks.factories import make_member, make_network
from ..networks.meeting_helpers import make_document, make_meeting, make_photos
from .support import assert_accessible, login, main_text, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_meeting_pages_are_accessible_and_the_photo_form_reports_a_bad_file(
    new_context, tmp_path
):
    with scopes_disabled():
        OrganisationFactory(name="Landesbetrieb IT", slug="betrieb", is_platform_operator=True)
        organisation = OrganisationFactory(name="Stadt Musterstadt", slug="musterstadt")
    network = make_network(organisation)
    coordinator = make_member(network, role=Membership.Role.COORDINATOR).user
    meeting = make_meeting(network, title="Jahrestreffen 2026")
    make_meeting(network, days=20, title="Herbsttreffen")
    with scopes_disabled():
        MeetingNotes.objects.create(
            meeting=meeting, text="## Ablauf\n\n- Begrüßung\n- Austausch", participant_count=18
        )
        Result.objects.create(
            network=network,
            title="Behörden beteiligen Bürger",
            date="2013-11-28",
            url="https://example.org/publikation",
            occasion="Fachtagung in Berlin",
        )
    make_photos(meeting, 3)
    document = make_document(network, versions=2)
    base = f"/musterstadt/netzwerke/{network.pk}/"
    pages = [
        "treffen/",
        f"treffen/{meeting.pk}/",
        f"treffen/{meeting.pk}/protokoll/",
        "dokumente/",
        f"dokumente/{document.pk}/",
        f"dokumente/{document.pk}/neue-version/",
        "ergebnisse/",
        "ergebnisse/neu/",
    ]
    visitor = new_context().new_page()
    for path in ("treffen/", f"treffen/{meeting.pk}/", "ergebnisse/"):
        visitor.goto(base + path)
        assert_accessible(visitor, "network meetings (visitor)")

    page = new_context().new_page()
    login(page, coordinator.email, PASSWORD)
    for path in pages:
        page.goto(base + path)
        assert_accessible(page, "network meetings (coordinator)")

    page.goto(base + f"treffen/{meeting.pk}/fotos/hochladen/")
    assert_accessible(page, "network meetings (coordinator)")
    good, bad = tmp_path / "pinnwand.jpg", tmp_path / "kein-bild.jpg"
    good.write_bytes(samples.image("JPEG", size=(300, 200)))
    bad.write_bytes(samples.HTML)
    page.set_input_files("#id_form-0-image", str(good))
    page.fill("#id_form-0-alt_text", "Pinnwand mit den Erwartungen")
    page.set_input_files("#id_form-1-image", str(bad))
    page.fill("#id_form-1-alt_text", "Soll abgelehnt werden")
    submit(page, page.locator("main form button[type=submit]"))
    text = main_text(page)
    assert "1 Foto wurde hinzugefügt." in page.content()
    assert "Foto 2, Foto: Diese Datei ist kein erlaubter Dateityp." in text
    assert_accessible(page, "network meetings (coordinator)", "photos form with errors")
