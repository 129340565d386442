"""An invitation is accepted only by the person it was sent to: an account with the invited
address, confirmed."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from mitwirken.organisations import services
from mitwirken.organisations.models import AuditLogEntry, Invitation, Role, StaffRole

from ..factories import UserFactory


@pytest.fixture
def invitation(org_a, staff_a):
    with scope(organisation=org_a):
        return services.invite(staff_a[Role.ADMIN], org_a, "Eingeladen@Example.org", Role.EDITOR)


def _url(invitation):
    return reverse("organisations:accept_invitation", kwargs={"token": invitation.token})


def _nothing_changed(invitation, user):
    with scopes_disabled():
        invitation = Invitation.objects.get(pk=invitation.pk)
        assert invitation.accepted_at is None and invitation.accepted_by is None
        assert not StaffRole.objects.filter(user=user).exists()
        assert not AuditLogEntry.objects.filter(
            action=AuditLogEntry.Action.INVITATION_ACCEPTED
        ).exists()


def test_an_account_with_another_address_cannot_accept(client, invitation):
    other = UserFactory(email="jemand.anders@example.org")
    client.force_login(other)
    page = client.get(_url(invitation)).content.decode()
    assert "Diese Einladung wurde an eingeladen@example.org geschickt" in page
    assert "Sie sind als jemand.anders@example.org angemeldet" in page
    assert "Einladung annehmen" not in page  # no button that cannot work
    assert reverse("account_email") in page  # where to add and confirm the address
    assert reverse("account_logout") in page  # or sign in with the invited one

    response = client.post(_url(invitation))
    assert response.status_code == 403
    assert "Diese Einladung wurde an eingeladen@example.org geschickt" in response.content.decode()
    _nothing_changed(invitation, other)


def test_an_unconfirmed_invited_address_of_the_account_is_not_enough(client, invitation):
    person = UserFactory(email="person@example.org")
    EmailAddress.objects.create(user=person, email="eingeladen@example.org", verified=False)
    client.force_login(person)
    page = client.get(_url(invitation)).content.decode()
    assert "noch nicht bestätigt" in page
    response = client.post(_url(invitation))
    assert response.status_code == 403
    _nothing_changed(invitation, person)


def test_the_invited_person_accepts_and_the_audit_log_names_the_address(client, invitation):
    person = UserFactory(email="eingeladen@example.org")
    client.force_login(person)
    page = client.get(_url(invitation)).content.decode()
    assert "Einladung annehmen" in page
    response = client.post(_url(invitation))
    assert response.status_code == 302
    with scopes_disabled():
        assert StaffRole.objects.get(user=person).role == Role.EDITOR
        entry = AuditLogEntry.objects.get(action=AuditLogEntry.Action.INVITATION_ACCEPTED)
    assert entry.changes["Angenommen mit der Adresse"] == ["", "eingeladen@example.org"]


def test_a_confirmed_second_address_of_the_account_is_enough(client, invitation):
    person = UserFactory(email="dienstlich@example.org")
    EmailAddress.objects.create(user=person, email="Eingeladen@example.org", verified=True)
    client.force_login(person)
    assert client.post(_url(invitation)).status_code == 302
    with scopes_disabled():
        assert StaffRole.objects.get(user=person).role == Role.EDITOR
        entry = AuditLogEntry.objects.get(action=AuditLogEntry.Action.INVITATION_ACCEPTED)
    assert entry.changes["Angenommen mit der Adresse"] == ["", "eingeladen@example.org"]


def test_the_service_refuses_another_account_too(invitation):
    other = UserFactory(email="jemand.anders@example.org")
    with pytest.raises(services.OrganisationError, match="eingeladen@example.org"):
        services.accept_invitation(other, invitation.token)
    _nothing_changed(invitation, other)


def test_deleting_the_account_removes_the_address_it_accepted_with(client, invitation):
    from mitwirken.accounts.services import delete_account

    person = UserFactory(email="dienstlich@example.org")
    EmailAddress.objects.create(user=person, email="eingeladen@example.org", verified=True)
    client.force_login(person)
    client.post(_url(invitation))
    delete_account(person)
    with scopes_disabled():
        entry = AuditLogEntry.objects.get(action=AuditLogEntry.Action.INVITATION_ACCEPTED)
        assert "eingeladen@example.org" not in str(entry.changes)
        assert not Invitation.objects.filter(email="eingeladen@example.org").exists()
