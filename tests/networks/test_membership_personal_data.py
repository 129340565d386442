"""A person's memberships in "Meine Daten", and gone with the account: the history of their
own memberships, their answers and the invitations to their address; steps they took as a
coordinator stay, without them."""

import json

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from mitwirken.networks.membership import invitations, services
from mitwirken.networks.models import Membership, MembershipStep, NetworkInvitation
from mitwirken.questionnaires.models import Answer

from ..accounts.test_accounts import _all_text_columns_containing
from ..factories import UserFactory
from .factories import make_member, make_network
from .membership_support import acting, ask


@pytest.fixture
def act(django_capture_on_commit_callbacks):
    return acting(django_capture_on_commit_callbacks)


@pytest.fixture
def person(db):
    return UserFactory(
        email="weg@example.org",
        display_name="Bald weg",
        real_name="Ines Echtname",
        show_real_name=True,
    )


@pytest.fixture
def history(act, org_a, org_b, person):
    """The person applied (answers, message), was declined, applied again and was accepted in
    A; invited to a network of B; and as coordinator of a third network declined someone."""
    network = make_network(org_a)
    question = ask(network, kind="short_text", label="Kommune")
    coordinator = make_member(network, role=Membership.Role.COORDINATOR).user
    invited_to = make_network(org_b, name="Netzwerk in B", join_policy="invitation")
    led = make_network(org_a, name="Von ihr koordiniert")
    make_member(led, person, role=Membership.Role.COORDINATOR)
    applicant = UserFactory()
    with scope(organisation=org_a):
        first = act(
            services.apply,
            person,
            network,
            message="Geheime Motivation",
            answers={question: "Kommune Q"},
        )
        act(services.decline, coordinator, first, reason="Noch kein Platz")
        again = act(
            services.apply, person, network, message="Zweite Motivation", answers={question: "Q2"}
        )
        act(services.accept, coordinator, again)
        other = act(services.apply, applicant, led, message="Bitte")
        act(services.decline, person, other, reason="Der Kreis ist voll")
    with scope(organisation=org_b):
        invitations.invite(
            make_member(invited_to, role="coordinator").user, invited_to, person.email
        )
    return {"network": network, "declined_other": other}


def test_the_export_has_the_memberships_with_their_history_and_invitations(client, person, history):
    client.force_login(person)
    data = json.loads(client.post(reverse("accounts:export_data")).content)["networks_memberships"]
    (member_of,) = [m for m in data["memberships"] if m["network"] == history["network"].name]
    assert member_of["status"] == "Mitglied"
    texts = [(step["text"], step["answers"]) for step in member_of["history"]]
    assert ("Geheime Motivation", {"Kommune": "Kommune Q"}) in texts
    assert ("Noch kein Platz", {}) in texts
    assert [i["network"] for i in data["invitations"]] == ["Netzwerk in B"]


def test_deleting_the_account_leaves_nothing_of_the_person_in_any_table(
    client, act, person, history
):
    for needle in (person.email, "Geheime Motivation", "Kommune Q", "Ines Echtname"):
        assert _all_text_columns_containing(needle), needle
    client.force_login(person)
    assert (
        act(client.post, reverse("accounts:delete_account"), {"confirm": "on"}).status_code == 200
    )
    for needle in (
        person.email,
        "Geheime Motivation",
        "Zweite Motivation",
        "Kommune Q",
        "Ines Echtname",
    ):
        assert _all_text_columns_containing(needle) == [], needle
    with scopes_disabled():
        assert not Membership.objects.filter(user_id=person.pk).exists()
        assert not NetworkInvitation.objects.filter(email=person.email).exists()
        assert not Answer.objects.filter(text__in=["Kommune Q", "Q2"]).exists()
        # The decision she took on someone else's application stays, without her.
        step = MembershipStep.objects.get(membership=history["declined_other"], kind="declined")
        assert step.actor_id is None
