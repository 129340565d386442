"""The box "Mitmachen" that the network's page includes
(``networks/membership/includes/take_part.html``): what each person is offered."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django_scopes import scope

from mitwirken.networks.membership.queries import own_membership
from mitwirken.networks.models import Membership, Network

from .factories import make_member, make_network
from .membership_support import url


def _box(network, user):
    request = RequestFactory().get("/")
    request.user = user
    with scope(organisation=network.organisation):
        own = own_membership(user, network)
        return render_to_string(
            "networks/membership/includes/take_part.html",
            {"network": network, "own": own, "user": user},
            request=request,
        )


@pytest.mark.parametrize(
    ("policy", "offered"),
    [
        (Network.JoinPolicy.OPEN, "Netzwerk beitreten"),
        (Network.JoinPolicy.APPLICATION, "Bewerben"),
        (Network.JoinPolicy.INVITATION, "nur auf Einladung"),
    ],
)
def test_a_participant_is_offered_what_the_network_allows(org_a, participant, policy, offered):
    network = make_network(org_a, join_policy=policy)
    box = _box(network, participant)
    assert offered in box
    if policy == Network.JoinPolicy.OPEN:
        assert url("networks:join", network) in box
    if policy == Network.JoinPolicy.APPLICATION:
        assert url("networks:apply", network) in box


def test_members_applicants_visitors_and_coordinators(org_a, participant):
    network = make_network(org_a)
    assert "Anmelden" in _box(network, AnonymousUser())
    make_member(network, participant, status=Membership.Status.APPLIED)
    assert "Sie haben sich beworben" in _box(network, participant)
    member = make_member(network).user
    box = _box(network, member)
    assert url("networks:leave", network) in box
    assert url("networks:applications", network) not in box
    coordinator = make_member(network, role=Membership.Role.COORDINATOR).user
    assert url("networks:applications", network) in _box(network, coordinator)
