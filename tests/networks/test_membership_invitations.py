"""Invitations by e-mail: the personal link, accepted by the account with the invited
address (signing up through the link if need be); stale, used or withdrawn links say so and
change nothing."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from mitwirken.accounts.models import User
from mitwirken.networks.membership import invitations
from mitwirken.networks.models import Membership, MembershipStep, Network, NetworkInvitation
from mitwirken.organisations.models import AuditLogEntry

from ..factories import UserFactory
from .factories import make_member, make_network
from .membership_support import acting, mails_to, membership_of, steps_of, url


@pytest.fixture
def act(django_capture_on_commit_callbacks):
    return acting(django_capture_on_commit_callbacks)


@pytest.fixture
def network(org_a):
    return make_network(org_a, join_policy=Network.JoinPolicy.INVITATION)


@pytest.fixture
def coordinator(network):
    return make_member(network, role=Membership.Role.COORDINATOR).user


def _invite(client, act, network, coordinator, email):
    client.force_login(coordinator)
    response = act(client.post, url("networks:invitations", network), {"email": email})
    client.logout()
    return response


def _link(address):
    (message,) = mails_to(address)
    return re.search(r"https?://\S+(/netzwerke/einladung/\S+/)", message.body).group(1)


def test_an_invited_person_with_an_account_accepts_through_the_link(
    client, act, org_a, network, coordinator, participant
):
    assert _invite(client, act, network, coordinator, "Teilnehmerin@Example.org").status_code == 302
    message = mails_to(participant.email)[0]
    assert network.name in message.subject and coordinator.public_name in message.body
    link = _link(participant.email)

    visitor_page = client.get(link).content.decode()
    assert reverse("account_login") in visitor_page and reverse("account_signup") in visitor_page

    client.force_login(participant)
    assert "Einladung annehmen" in client.get(link).content.decode()
    response = act(client.post, link)
    assert response.status_code == 302
    welcome = client.get(response["Location"]).content.decode()
    assert "Willkommen" in welcome
    membership = membership_of(network, participant)
    assert membership.status == Membership.Status.MEMBER
    assert [kind for kind, _t, _a in steps_of(membership)] == [
        MembershipStep.Kind.INVITATION_ACCEPTED
    ]
    with scopes_disabled():
        invitation = NetworkInvitation.objects.get()
        assert invitation.accepted_by == participant and invitation.accepted_at is not None
        assert AuditLogEntry.objects.filter(action="network_invitation_accepted").count() == 1
    # Used: the link says so, and nothing changes.
    used = client.get(link)
    assert used.status_code == 410
    assert "nicht mehr gültig" in used.content.decode()


def test_without_an_account_the_person_signs_up_through_the_link_and_comes_back(
    client, act, network, coordinator
):
    _invite(client, act, network, coordinator, "neu@example.org")
    link = _link("neu@example.org")
    signup = reverse("account_signup") + "?next=" + link
    response = act(
        client.post,
        signup,
        {
            "email": "neu@example.org",
            "password1": "Sommer-im-Rathaus-2026",
            "password2": "Sommer-im-Rathaus-2026",
            "display_name": "Neue Kollegin",
            "language": "de",
            "accept_privacy": "on",
        },
    )
    assert response.status_code == 302
    confirmation = mails_to("neu@example.org")[-1]
    confirm = re.search(r"https?://\S+(/konto/confirm-email/\S+/)", confirmation.body).group(1)
    response = act(client.post, confirm)
    assert response.status_code == 302
    assert response["Location"] == link  # back to the invitation
    assert "Einladung annehmen" in client.get(link).content.decode()
    act(client.post, link)
    person = User.objects.get(email="neu@example.org")
    assert membership_of(network, person).status == Membership.Status.MEMBER


def test_a_stale_invitation_says_so_and_changes_nothing(
    client, act, network, coordinator, participant
):
    _invite(client, act, network, coordinator, participant.email)
    link = _link(participant.email)
    with scopes_disabled():
        NetworkInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(participant)
    for response in (client.get(link), act(client.post, link)):
        assert response.status_code == 410
        page = response.content.decode()
        assert "abgelaufen" in page and "nichts verändert" in page
    assert membership_of(network, participant) is None
    with scopes_disabled():
        assert NetworkInvitation.objects.get().accepted_at is None


def test_a_withdrawn_invitation_is_no_longer_valid(client, act, network, coordinator, participant):
    _invite(client, act, network, coordinator, participant.email)
    link = _link(participant.email)
    with scopes_disabled():
        invitation = NetworkInvitation.objects.get()
    client.force_login(coordinator)
    page = client.get(url("networks:invitations", network)).content.decode()
    assert participant.email in page
    act(client.post, url("networks:invitation_revoke", network, invitation_id=invitation.pk))
    client.force_login(participant)
    assert client.get(link).status_code == 410
    assert act(client.post, link).status_code == 410
    assert membership_of(network, participant) is None


def test_another_account_cannot_accept_a_forwarded_link(client, act, network, coordinator):
    _invite(client, act, network, coordinator, "eingeladen@example.org")
    link = _link("eingeladen@example.org")
    other = UserFactory(email="weitergeleitet@example.org")
    client.force_login(other)
    page = client.get(link).content.decode()
    assert "eingeladen@example.org" in page and "andere Adresse" in page
    assert act(client.post, link).status_code == 403
    assert membership_of(network, other) is None
    # Nor an address of the account that is not confirmed.
    EmailAddress.objects.create(user=other, email="eingeladen@example.org", verified=False)
    assert act(client.post, link).status_code == 403
    assert membership_of(network, other) is None


def test_inviting_a_member_is_a_form_error(client, act, network, coordinator):
    member = make_member(network).user
    client.force_login(coordinator)
    response = act(client.post, url("networks:invitations", network), {"email": member.email})
    assert response.status_code == 200
    assert "bereits Mitglied" in response.content.decode()
    with scopes_disabled():
        assert not NetworkInvitation.objects.exists()


def test_a_new_invitation_replaces_the_open_one_to_the_same_address(org_a, network, coordinator):
    with scope(organisation=org_a):
        first = invitations.invite(coordinator, network, "zweimal@example.org")
        second = invitations.invite(coordinator, network, "Zweimal@example.org")
        assert list(NetworkInvitation.objects.values_list("pk", flat=True)) == [second.pk]
    assert first.token != second.token
