"""Hostile input into the membership forms: a German form error or a refusal, never a server
error, and nothing stored."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from mitwirken.networks.models import Membership, NetworkInvitation

from .factories import make_member, make_network
from .membership_support import membership_of, url

HOSTILE = ["a\x00b", "ä" * 10_001, "99999999999999999999", "-1", "\u202e<script>"]


@pytest.fixture
def network(org_a):
    return make_network(org_a)


@pytest.fixture
def coordinator(network):
    return make_member(network, role=Membership.Role.COORDINATOR).user


@pytest.mark.parametrize("value", HOSTILE[:2])
def test_an_application_with_a_hostile_message(client, network, participant, value):
    client.force_login(participant)
    response = client.post(url("networks:apply", network), {"message": value})
    assert response.status_code == 200
    assert "Fehler" in response.content.decode()
    assert membership_of(network, participant) is None


@pytest.mark.parametrize("value", HOSTILE[:2])
def test_a_hostile_reason(client, network, coordinator, value):
    applicant = make_member(network, status=Membership.Status.APPLIED)
    client.force_login(coordinator)
    response = client.post(
        url("networks:application_decline", network, membership_id=applicant.pk), {"reason": value}
    )
    assert response.status_code == 200
    applicant.refresh_from_db()
    assert applicant.status == Membership.Status.APPLIED


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_invitation_address(client, network, coordinator, value):
    client.force_login(coordinator)
    response = client.post(url("networks:invitations", network), {"email": value})
    assert response.status_code == 200
    assert "Fehler" in response.content.decode()
    with scopes_disabled():
        assert not NetworkInvitation.objects.exists()


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_staff_person(client, network, coordinator, value):
    client.force_login(coordinator)
    response = client.post(url("networks:coordinator_add_staff", network), {"staff_role": value})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Bitte wählen Sie eine Person aus der Liste." in page
    with scopes_disabled():
        assert Membership.objects.filter(network=network).count() == 1


@pytest.mark.parametrize("token", ["a" * 200, "%C0%AF", "-1"])
def test_a_mangled_invitation_link(client, participant, token):
    client.force_login(participant)
    response = client.get(reverse("networks:accept_invitation", kwargs={"token": token}))
    assert response.status_code == 410
    assert "nicht mehr gültig" in response.content.decode()
