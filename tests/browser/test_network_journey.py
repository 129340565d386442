"""Seed 003 in Chromium: a municipal officer signs up, creates a network profile and applies
with a message; the coordinator accepts from the queue; the officer reads the notes of the
Netzwerktreffen, downloads the pinboard photos as a ZIP and comments under the notes; a
visitor sees the comment and the login prompt with "Netzwerk-Profil anlegen"; the officer
starts a thread mentioning a member, who gets a mail with title and link but not the text.
axe-core on every page on the way, as visitor, member and coordinator."""

import zipfile

import pytest
from django.core import mail
from django_scopes import scopes_disabled

from mitwirken.networks.models import MeetingNotes, Membership

from ..factories import PASSWORD, OrganisationFactory, UserFactory
from ..networks.factories import make_member, make_network
from ..networks.meeting_helpers import make_meeting, make_photos
from .support import assert_accessible, link_path, login, main_text, submit, wait_for_mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OFFICER_PASSWORD = "Partizipation-2026-sicher"
SECRET = "Haushaltsentwurf-vertraulich"


def test_seed_003_from_sign_up_to_a_mention(new_context):
    with scopes_disabled():
        OrganisationFactory(name="Landesbetrieb IT", slug="betrieb", is_platform_operator=True)
        organisation = OrganisationFactory(name="Netzwerk Bürgerbeteiligung", slug="netzwerk")
    network = make_network(organisation)  # on application, notes public
    coordinator = make_member(network, role=Membership.Role.COORDINATOR).user
    colleague = make_member(network, UserFactory(display_name="Jan Kowalski")).user
    meeting = make_meeting(network, title="Netzwerktreffen 2014")
    with scopes_disabled():
        MeetingNotes.objects.create(
            meeting=meeting, text="Vertreterinnen und Vertreter aus sieben Kommunen."
        )
    make_photos(meeting, 3)
    base = f"/netzwerk/netzwerke/{network.pk}/"
    meeting_page = f"{base}treffen/{meeting.pk}/"

    # A municipal officer signs up …
    officer_email = "partizipation@stadt-koeln.example"
    page = new_context().new_page()
    page.goto(base)
    assert_accessible(page, "visitor (networks)", "network page")
    page.goto("/konto/signup/")
    page.fill("#id_email", officer_email)
    page.fill("#id_password1", OFFICER_PASSWORD)
    page.fill("#id_password2", OFFICER_PASSWORD)
    page.fill("#id_display_name", "Anna Kölner")
    page.check("#id_accept_privacy")
    submit(page, page.locator("main form button[type=submit]"))
    message = wait_for_mail(lambda m: officer_email in m.to)
    page.goto(link_path(message.body, r"/konto/confirm-email/\S+/"))
    submit(page, page.locator("main form button[type=submit]"))
    if "/konto/login/" in page.url:
        login(page, officer_email, OFFICER_PASSWORD)

    # … creates a network profile …
    page.goto("/konto/netzwerk-profil/")
    assert_accessible(page, "participant (networks)", "network profile")
    page.locator("#id_function").fill("Partizipationsbeauftragte")
    page.locator("#id_municipality_name").fill("Köln")
    page.locator("#id_municipality_key").fill("05315000")
    submit(page, page.locator("main form button[type=submit]"))
    assert "gespeichert" in main_text(page)

    # … and applies with a message.
    page.goto(base + "bewerben/")
    assert_accessible(page, "participant (networks)", "apply")
    page.fill("#id_message", "Ich bin seit 2013 Partizipationsbeauftragte der Stadt Köln.")
    submit(page, page.locator("main form button[type=submit]"))
    assert "beworben" in main_text(page)

    # The coordinator accepts from the queue.
    coordination = new_context().new_page()
    login(coordination, coordinator.email, PASSWORD)
    coordination.goto(base + "bewerbungen/")
    assert_accessible(coordination, "coordinator (networks)", "applications")
    assert "seit 2013 Partizipationsbeauftragte" in main_text(coordination)
    submit(coordination, coordination.locator("main form button[type=submit]").first)
    accepted = wait_for_mail(lambda m: officer_email in m.to and "Willkommen" in m.subject)
    assert network.name in accepted.subject or network.name in accepted.body

    # The officer reads the notes, downloads the photos as ZIP and comments.
    page.goto(meeting_page)
    assert_accessible(page, "member (networks)", "meeting with notes")
    assert "sieben Kommunen" in main_text(page)
    with page.expect_download() as download_info:
        page.locator("main a[href$='fotos.zip']").click()
    with zipfile.ZipFile(download_info.value.path()) as archive:
        assert len(archive.namelist()) == 3
    page.fill("main textarea[name=text]", "Danke für das Protokoll aus Köln!")
    submit(page, page.locator("main form button[type=submit]", has_text="Kommentar"))
    assert "Danke für das Protokoll aus Köln!" in main_text(page)

    # A visitor sees the comment and the login prompt with the profile link.
    visitor = new_context().new_page()
    visitor.goto(meeting_page)
    assert_accessible(visitor, "visitor (networks)", "meeting with comments")
    text = main_text(visitor)
    assert "Danke für das Protokoll aus Köln!" in text
    assert "Bitte melden Sie sich an, um zu kommentieren." in text
    assert "Netzwerk-Profil anlegen" in text

    # The officer starts a thread and mentions a member.
    mail.outbox.clear()
    page.goto(base + "diskussion/neu/")
    assert_accessible(page, "member (networks)", "new thread")
    page.fill("#id_title", "Leitlinien evaluieren")
    page.fill("#id_text", f"@Jan Kowalski, wie habt ihr das gemacht? {SECRET}")
    submit(page, page.locator("main form button[type=submit]"))
    assert_accessible(page, "member (networks)", "thread")
    mention = wait_for_mail(lambda m: colleague.email in m.to)
    assert "Leitlinien evaluieren" in mention.subject
    assert "/diskussion/" in mention.body
    assert SECRET not in mention.body + mention.subject
    assert all(SECRET not in body for body, _mime in mention.alternatives)
    coordination.goto(base + "diskussion/")
    assert_accessible(coordination, "coordinator (networks)", "threads")
