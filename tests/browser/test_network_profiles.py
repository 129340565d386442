"""A member fills in the network profile with a photo, and finds a colleague in the member
directory by state and topic; axe-core finds nothing on the profile page, the directory and
the deletion page."""

import pytest
from django_scopes import scopes_disabled

from mitwirken.networks.models import Membership, NetworkProfile

from ..core.upload_samples import image
from ..factories import PASSWORD, OrganisationFactory, UserFactory
from ..networks.factories import make_member, make_network
from ..networks.profiles_support import C, make_profile
from .support import assert_accessible, login, main_text, submit
from .test_screenshots import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_creates_a_profile_and_finds_colleagues(page, tmp_path):
    with scopes_disabled():
        OrganisationFactory(name="Landesbetrieb IT", slug="betrieb", is_platform_operator=True)
        organisation = OrganisationFactory(name="Stadt Musterstadt", slug="musterstadt")
    network = make_network(organisation)
    officer = UserFactory(email="beauftragte@example.org", display_name="Ines Beauftragte")
    make_member(network, officer)
    colleague = UserFactory(display_name="Kollege aus Bonn")
    make_member(network, colleague, role=Membership.Role.COORDINATOR)
    make_profile(
        colleague,
        function="Referent für Beteiligung",
        municipality_name="Bonn",
        municipality_key="05314000",
        topics=["Jugendbeteiligung"],
        authority="Nur für die Koordination",
        authority_visibility=C,
    )
    photo = tmp_path / "ich.png"
    photo.write_bytes(image("PNG", size=(900, 700)))

    login(page, officer.email, PASSWORD)
    page.goto("/konto/")
    submit(page, page.get_by_role("link", name="Mein Netzwerk-Profil"))
    assert_accessible(page, "member (network profile)", "profile page")
    page.locator("#id_function").fill("Partizipationsbeauftragte")
    page.locator("#id_municipality_name").fill("Köln")
    page.locator("#id_municipality_key").fill("0531500")  # a digit short
    page.locator("#id_topics").fill("Bürgerhaushalt, Jugendbeteiligung")
    page.locator("#id_photo").set_input_files(str(photo))
    submit(page, page.get_by_role("button", name="Netzwerk-Profil speichern"))
    text = main_text(page)
    assert "genau 8 Ziffern" in text
    assert "Bitte beschreiben Sie das Foto" in text
    assert_accessible(page, "member (network profile)", "profile page with errors")
    shoot(page, "network-profile-errors")
    page.locator("#id_municipality_key").fill("05315000")
    page.locator("#id_photo").set_input_files(str(photo))
    page.locator("#id_photo_alt").fill("Porträt im Ratssaal")
    submit(page, page.get_by_role("button", name="Netzwerk-Profil speichern"))
    assert "Ihr Netzwerk-Profil wurde gespeichert." in main_text(page)
    assert page.locator("img[alt='Porträt im Ratssaal']").evaluate("i => i.naturalWidth") == 600
    assert NetworkProfile.objects.get(user=officer).municipality_key == "05315000"

    page.goto(f"/musterstadt/netzwerke/{network.pk}/mitglieder/")
    assert_accessible(page, "member (network profile)", "member directory")
    page.select_option("#f-state", "05")
    page.select_option("#f-topic", "Jugendbeteiligung")
    submit(page, page.get_by_role("button", name="Mitglieder anzeigen"))
    text = main_text(page)
    assert "2 Mitglieder gefunden" in text
    assert "Referent für Beteiligung" in text and "Nur für die Koordination" not in text
    assert text.index("Bonn") < text.index("Köln")  # 05314000 before 05315000
    portrait = page.locator("img[alt='Porträt im Ratssaal']")
    portrait.scroll_into_view_if_needed()  # loaded lazily
    assert portrait.evaluate("i => i.decode().then(() => i.naturalWidth)") == 600
    shoot(page, "network-directory-filtered")
    assert_accessible(page, "member (network profile)", "member directory, filtered")

    page.goto("/konto/netzwerk-profil/loeschen/")
    assert_accessible(page, "member (network profile)", "deletion page")
    submit(page, page.get_by_role("button", name="Netzwerk-Profil jetzt löschen"))
    assert "Ihr Netzwerk-Profil wurde gelöscht." in main_text(page)
    assert not NetworkProfile.objects.filter(user=officer).exists()
