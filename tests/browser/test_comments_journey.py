"""Comments in a real browser: a participant writes (first with an error, announced), replies,
edits, reports and deletes; a moderator hides a reported comment and switches to
pre-moderation; a named moderator uses their own queue. axe-core finds nothing on any of
these pages."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django_scopes import scopes_disabled

from mitwirken.comments.registry import register_commentable, unregister_commentable
from mitwirken.events.models import Event
from mitwirken.organisations.models import Role

from ..events.factories import make_event
from ..factories import PASSWORD, OrganisationFactory, UserFactory, make_staff
from .support import assert_accessible, login, main_text, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def coordinator(db):
    return UserFactory(email="koordinatorin@example.org", display_name="Koordinatorin")


@pytest.fixture
def commentable_events(coordinator):
    register_commentable(
        Event,
        can_read=lambda user, event: event.status == Event.Status.PUBLISHED,
        can_write=lambda user, event: True,
        moderators=lambda event: get_user_model().objects.filter(pk=coordinator.pk),
        url=lambda event: reverse(
            "comments:thread",
            kwargs={
                "org": event.organisation.slug,
                "content_type_id": ContentType.objects.get_for_model(Event).pk,
                "object_id": event.pk,
            },
        ),
        title=lambda event: event.title,
        organisation=lambda event: event.organisation,
    )
    yield
    unregister_commentable(Event)


def test_writing_replying_reporting_and_moderating_comments(
    new_context, commentable_events, coordinator
):
    with scopes_disabled():
        OrganisationFactory(name="Landesbetrieb IT", slug="betrieb", is_platform_operator=True)
        organisation = OrganisationFactory(name="Stadt Musterstadt", slug="musterstadt")
        admin = make_staff(organisation, Role.ADMIN)
    event = make_event(organisation, title="Bürgerhaushalt 2027")
    thread = reverse(
        "comments:thread",
        kwargs={
            "org": "musterstadt",
            "content_type_id": ContentType.objects.get_for_model(Event).pk,
            "object_id": event.pk,
        },
    )
    author = UserFactory(email="autorin@example.org", display_name="Autorin")
    reader = UserFactory(email="leser@example.org", display_name="Leser")

    visitor = new_context().new_page()
    visitor.goto(thread)
    assert "Bitte melden Sie sich an, um zu kommentieren." in main_text(visitor)
    assert_accessible(visitor, "visitor (comments)")

    page = new_context().new_page()
    login(page, author.email, PASSWORD)
    page.goto(thread)
    assert_accessible(page, "participant (comments)")
    submit(page, page.get_by_role("button", name="Kommentar veröffentlichen"))
    assert "Bitte schreiben Sie einen Kommentar." in main_text(page)
    assert_accessible(page, "participant (comments)", "comment form with an error")
    page.get_by_label("Ihr Kommentar").fill("Wie wird **abgestimmt**?")
    submit(page, page.get_by_role("button", name="Kommentar veröffentlichen"))
    assert "Ihr Kommentar wurde veröffentlicht." in main_text(page)
    assert "#kommentar-" in page.url
    page.get_by_role("link", name="Bearbeiten").click()
    assert_accessible(page, "participant (comments)", "edit")
    page.get_by_label("Ihr Kommentar").fill("Wie wird **online** abgestimmt?")
    submit(page, page.get_by_role("button", name="Änderungen speichern"))
    assert "bearbeitet am" in main_text(page)

    other = new_context().new_page()
    login(other, reader.email, PASSWORD)
    other.goto(thread)
    other.get_by_role("link", name="Antworten").click()
    assert_accessible(other, "participant (comments)", "reply")
    other.get_by_label("Ihr Kommentar").fill("Über das Portal.")
    submit(other, other.get_by_role("button", name="Antwort veröffentlichen"))
    other.locator("article", has_text="online").get_by_role("link", name="Melden").click()
    assert_accessible(other, "participant (comments)", "report")
    other.get_by_label("Spam").check()
    submit(other, other.get_by_role("button", name="Meldung senden"))
    assert "Die Moderation sieht sich den Kommentar an." in main_text(other)
    other.get_by_role("link", name="Löschen").click()
    assert_accessible(other, "participant (comments)", "delete")
    submit(other, other.get_by_role("button", name="Kommentar löschen"))
    assert "Kommentar gelöscht" in main_text(other)

    named = new_context().new_page()
    login(named, coordinator.email, PASSWORD)
    named.goto("/musterstadt/kommentare/moderation/")
    assert "Wie wird online abgestimmt?" in main_text(named)
    assert_accessible(named, "coordinator (comments)", "moderation queue")

    staff = new_context().new_page()
    login(staff, admin.email, PASSWORD)
    staff.goto("/musterstadt/verwaltung/kommentare/")
    assert_accessible(staff, "admin (comments)", "staff queue")
    staff.get_by_label("Grund für das Ausblenden").fill("Werbung")
    submit(staff, staff.get_by_role("button", name="Ausblenden"))
    assert "Nichts wartet auf eine Entscheidung." in main_text(staff)
    staff.get_by_role("link", name="Kommentar-Einstellungen (Vor- oder Nachmoderation)").click()
    assert_accessible(staff, "admin (comments)", "settings")
    staff.get_by_label("Vormoderation", exact=False).check()
    submit(staff, staff.get_by_role("button", name="Speichern"))
    assert "Die Kommentar-Einstellungen wurden gespeichert." in main_text(staff)

    visitor.goto(thread)
    assert "von der Moderation ausgeblendet: Werbung" in main_text(visitor)
