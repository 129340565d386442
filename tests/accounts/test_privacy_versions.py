"""A new version of the portal's privacy notice is put to everyone who accepted an older one:
at their next login or page view, once, and their acceptance is stored."""

from urllib.parse import quote

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from mitwirken.accounts.services import current_privacy_version
from mitwirken.events.models import Registration

from ..events.factories import make_event
from ..factories import PASSWORD, UserFactory

ACCEPT = reverse("accounts:privacy_update")


@pytest.fixture
def person(operator):
    """Signed up under the current (first) version."""
    return UserFactory(
        email="person@example.org", privacy_accepted_version=current_privacy_version()
    )


def _publish_new_version(operator):
    operator.privacy_text = "## Datenschutz\n\nNeu: Wir speichern weniger."
    operator.privacy_version += 1
    operator.save()


def test_a_new_version_sends_a_logged_in_person_to_the_acceptance_page(client, operator, person):
    client.force_login(person)
    assert client.get(reverse("accounts:profile")).status_code == 200  # current: not asked
    _publish_new_version(operator)

    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"] == f"{ACCEPT}?next={quote('/konto/')}"
    page = client.get(response["Location"])
    assert page.status_code == 200  # the page itself is not redirected: no loop
    html = page.content.decode()
    assert "Die Datenschutzerklärung wurde geändert" in html
    assert f'href="{reverse("organisations:portal_datenschutz")}"' in html
    assert reverse("account_logout") in html and reverse("accounts:delete_account") in html


def test_accepting_stores_the_version_and_lets_the_person_on(client, operator, person):
    client.force_login(person)
    _publish_new_version(operator)
    refused = client.post(ACCEPT, {"next": "/konto/"})
    assert "Bitte stimmen Sie der Datenschutzerklärung zu" in refused.content.decode()
    person.refresh_from_db()
    assert person.privacy_accepted_version != current_privacy_version()

    response = client.post(ACCEPT, {"accept_privacy": "on", "next": "/konto/"})
    assert response.status_code == 302 and response["Location"] == "/konto/"
    person.refresh_from_db()
    assert person.privacy_accepted_version == current_privacy_version()
    assert "/v2 " in person.privacy_accepted_version
    assert person.privacy_accepted_at is not None
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert client.get(reverse("events:my_registrations")).status_code == 200


def test_the_next_page_after_accepting_stays_on_the_portal(client, operator, person):
    client.force_login(person)
    _publish_new_version(operator)
    response = client.post(ACCEPT, {"accept_privacy": "on", "next": "https://evil.example/"})
    assert response["Location"] == reverse("accounts:profile")


def test_the_next_login_asks_for_the_new_version(client, operator, person):
    _publish_new_version(operator)
    response = client.post(
        reverse("account_login"), {"login": person.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith(ACCEPT)
    assert "Die Datenschutzerklärung wurde geändert" in response.content.decode()


def test_declining_leaves_the_legal_pages_logout_and_deletion_open(client, operator, person):
    client.force_login(person)
    _publish_new_version(operator)
    for name in (
        "organisations:portal_datenschutz",
        "organisations:portal_impressum",
        "accounts:delete_account",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get("/static/core/mitwirken.css").status_code == 200
    response = client.post(reverse("accounts:delete_account"), {"confirm": "on"})
    assert response.status_code == 200
    assert not type(person).objects.filter(pk=person.pk).exists()


def test_declining_and_logging_out(client, operator, person):
    client.force_login(person)
    _publish_new_version(operator)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200  # a visitor again, not asked


def test_visitors_are_not_asked(client, operator):
    _publish_new_version(operator)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("events:list")).status_code == 200
    assert client.get(ACCEPT).status_code == 302  # the page itself needs a login


def test_an_event_registration_stores_the_organisation_s_current_version(client, org_a):
    event = make_event(org_a)
    org_a.privacy_text += "\n\nNeu."
    org_a.privacy_version = 3
    org_a.save()
    url = reverse("events:detail", kwargs={"org": org_a.slug, "pk": event.pk})
    client.post(url, {"name": "Erika", "email": "erika@example.org", "accept_privacy": "on"})
    with scopes_disabled():
        assert Registration.objects.get(event=event).privacy_version == "stadt-a/v3"
