"""Export and deletion find a person's registrations by the person, not by today's address."""

import json

from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from mitwirken.events.models import Certificate, Registration
from mitwirken.questionnaires.models import Response

from ..accounts.test_accounts import _all_text_columns_containing
from ..factories import UserFactory
from .factories import answer, ask, make_event

Status = Registration.Status


def _person_who_changed_address(org_a):
    """Registered once before the account existed (old address), once with the account,
    then changed the account's address: the old one stays verified but no longer primary."""
    before = make_event(org_a, title="Vorher ohne Konto")
    with_account = make_event(org_a, title="Mit Konto")
    person = UserFactory(email="alt@example.org", real_name="Hedwig Umzug")
    question = ask(before, kind="short_text", label="Dienststelle")
    with scopes_disabled():
        earlier = Registration.objects.create(
            event=before,
            name="Hedwig Umzug",
            email="alt@example.org",
            status=Status.CONFIRMED,
            privacy_version="stadt-a/v1",
            email_confirmed_at=timezone.now(),
        )
        registration = Registration.objects.create(
            event=with_account,
            user=person,
            name="Hedwig Umzug",
            email="alt@example.org",
            status=Status.CONFIRMED,
            privacy_version="stadt-a/v1",
            email_confirmed_at=timezone.now(),
        )
        Certificate.objects.create(
            event=with_account, registration=registration, code="UMZ-1", holder_name="Hedwig Umzug"
        )
    answer(earlier, question, "Bauamt, Hedwig Umzug")
    # The change of address as allauth does it: a new verified primary address.
    EmailAddress.objects.filter(user=person).update(primary=False)
    EmailAddress.objects.create(user=person, email="neu@example.org", verified=True, primary=True)
    person.email = "neu@example.org"
    person.save(update_fields=["email"])
    return person


def test_the_export_lists_registrations_made_under_an_earlier_address(client, org_a):
    person = _person_who_changed_address(org_a)
    stranger_event = make_event(org_a, title="Fremd")
    with scopes_disabled():  # someone else's address, never confirmed as the person's
        Registration.objects.create(
            event=stranger_event,
            name="Fremde",
            email="fremd@example.org",
            status=Status.CONFIRMED,
            privacy_version="stadt-a/v1",
        )
    client.force_login(person)
    data = json.loads(client.post(reverse("accounts:export_data")).content)
    assert sorted(entry["event"] for entry in data["events"]) == ["Mit Konto", "Vorher ohne Konto"]
    assert {entry["event"]: entry["answers"] for entry in data["events"]} == {
        "Mit Konto": {},
        "Vorher ohne Konto": {"Dienststelle": "Bauamt, Hedwig Umzug"},
    }


def test_an_unverified_address_does_not_claim_registrations(client, org_a):
    person = UserFactory(email="ich@example.org")
    EmailAddress.objects.create(user=person, email="nicht-meins@example.org", verified=False)
    event = make_event(org_a)
    with scopes_disabled():
        Registration.objects.create(
            event=event,
            name="Jemand",
            email="nicht-meins@example.org",
            status=Status.CONFIRMED,
            privacy_version="stadt-a/v1",
        )
    client.force_login(person)
    data = json.loads(client.post(reverse("accounts:export_data")).content)
    assert data["events"] == []
    client.post(reverse("accounts:delete_account"), {"confirm": "on"})
    with scopes_disabled():
        assert Registration.objects.filter(email="nicht-meins@example.org").exists()


def test_deleting_the_account_after_a_change_of_address_leaves_no_trace(
    client, org_a, django_capture_on_commit_callbacks
):
    person = _person_who_changed_address(org_a)
    assert _all_text_columns_containing("alt@example.org")
    assert _all_text_columns_containing("Hedwig Umzug")
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:delete_account"), {"confirm": "on"})
    assert response.status_code == 200
    assert _all_text_columns_containing("alt@example.org") == []
    assert _all_text_columns_containing("neu@example.org") == []
    assert _all_text_columns_containing("Hedwig Umzug") == []
    with scopes_disabled():
        assert not Registration.objects.exists()
        assert not Response.objects.exists()
