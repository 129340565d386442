"""Applying, joining, leaving and the coordinators' decisions, through the pages: what the
person sees, the mails they get, the history that stays."""

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from mitwirken.networks.membership import services
from mitwirken.networks.models import Membership, MembershipStep, Network
from mitwirken.organisations.models import AuditLogEntry, Role

from ..factories import UserFactory, make_staff
from .factories import make_member, make_network
from .membership_support import acting, ask, mails_to, membership_of, steps_of, url

Status, Kind = Membership.Status, MembershipStep.Kind


@pytest.fixture
def act(django_capture_on_commit_callbacks):
    return acting(django_capture_on_commit_callbacks)


@pytest.fixture
def network(org_a):
    return make_network(org_a)


@pytest.fixture
def coordinator(network):
    return make_member(
        network, UserFactory(email="koordination@example.org"), role=Membership.Role.COORDINATOR
    ).user


def _apply(client, act, network, **data):
    return act(client.post, url("networks:apply", network), {"message": "", **data})


def test_an_application_with_answers_and_message_reaches_the_coordinators(
    client, act, network, coordinator, participant
):
    question = ask(network, kind="short_text", label="Ihre Kommune", required=True)
    client.force_login(participant)
    page = client.get(url("networks:apply", network)).content.decode()
    assert "Ihre Kommune" in page and "Ihre Nachricht" in page

    response = _apply(
        client,
        act,
        network,
        message="Ich leite die Beteiligung in Musterstadt.",
        **{f"q{question.pk}": "Musterstadt"},
    )
    assert response.status_code == 302
    membership = membership_of(network, participant)
    assert membership.status == Status.APPLIED
    assert steps_of(membership) == [
        (Kind.APPLIED, "Ich leite die Beteiligung in Musterstadt.", participant.pk)
    ]
    (received,) = mails_to(participant.email)
    assert "Ihre Bewerbung" in received.subject and network.name in received.body
    (told,) = mails_to(coordinator.email)
    assert participant.public_name in told.body
    assert url("networks:applications", network) in told.body

    client.force_login(coordinator)
    queue = client.get(url("networks:applications", network)).content.decode()
    assert "Ich leite die Beteiligung in Musterstadt." in queue
    assert "Ihre Kommune" in queue and "Musterstadt" in queue


def test_a_required_question_left_empty_is_a_german_form_error(client, act, network, participant):
    ask(network, kind="short_text", label="Ihre Kommune", required=True)
    client.force_login(participant)
    response = _apply(client, act, network, message="Hallo")
    assert response.status_code == 200
    assert "Fehler" in response.content.decode()
    assert membership_of(network, participant) is None


def test_applying_twice_is_refused_with_a_reason(client, act, network, participant):
    client.force_login(participant)
    _apply(client, act, network, message="Erste Bewerbung")
    for response in (client.get(url("networks:apply", network)), _apply(client, act, network)):
        assert response.status_code == 403
        assert "Sie haben sich bereits beworben" in response.content.decode()
    assert len(steps_of(membership_of(network, participant))) == 1
    assert len(mails_to(participant.email)) == 1


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"join_policy": Network.JoinPolicy.INVITATION}, "nur auf Einladung"),
        ({"status": Network.Status.CONCLUDED}, "abgeschlossen"),
    ],
)
def test_invitation_only_and_concluded_networks_take_no_applications(
    client, act, org_a, participant, fields, reason
):
    network = make_network(org_a, **fields)
    client.force_login(participant)
    response = _apply(client, act, network, message="Hallo")
    assert response.status_code == 403
    assert reason in response.content.decode()
    assert membership_of(network, participant) is None


def test_a_member_cannot_apply(client, act, network, participant):
    make_member(network, participant)
    client.force_login(participant)
    response = _apply(client, act, network, message="Nochmal")
    assert response.status_code == 403
    assert "bereits Mitglied" in response.content.decode()


def test_an_unconfirmed_address_cannot_apply(client, act, network, participant):
    EmailAddress.objects.filter(user=participant).update(verified=False)
    client.force_login(participant)
    response = _apply(client, act, network, message="Hallo")
    assert response.status_code == 403
    assert "bestätigen Sie zuerst Ihre E-Mail-Adresse" in response.content.decode()
    assert membership_of(network, participant) is None


def test_accepted_the_application_and_its_answers_stay_in_the_history(
    client, act, org_a, network, coordinator, participant
):
    question = ask(network, kind="short_text", label="Ihre Kommune")
    client.force_login(participant)
    _apply(client, act, network, message="Bitte aufnehmen", **{f"q{question.pk}": "Köln"})
    membership = membership_of(network, participant)

    client.force_login(coordinator)
    response = act(
        client.post, url("networks:application_accept", network, membership_id=membership.pk)
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Status.MEMBER and membership.joined_at is not None
    assert [kind for kind, _text, _actor in steps_of(membership)] == [Kind.APPLIED, Kind.ACCEPTED]
    assert steps_of(membership)[1][2] == coordinator.pk
    welcome = mails_to(participant.email)[-1]
    assert "Willkommen" in welcome.subject and "angenommen" in welcome.body

    history = client.get(url("networks:membership", network, membership_id=membership.pk))
    page = history.content.decode()
    assert "Bitte aufnehmen" in page and "Köln" in page  # after approval, too
    assert coordinator.public_name in page
    with scope(organisation=org_a):
        entry = AuditLogEntry.objects.get(action="network_application_accepted")
    assert entry.actor == coordinator and entry.subject == participant.public_name
    # Nothing left in the queue.
    assert (
        "Bitte aufnehmen" not in client.get(url("networks:applications", network)).content.decode()
    )


def test_declined_with_a_reason_told_and_the_person_applies_again(
    client, act, network, coordinator, participant
):
    client.force_login(participant)
    _apply(client, act, network, message="Erster Versuch")
    membership = membership_of(network, participant)
    decline = url("networks:application_decline", network, membership_id=membership.pk)

    client.force_login(coordinator)
    assert participant.public_name in client.get(decline).content.decode()
    without = act(client.post, decline, {"reason": "  "})
    assert without.status_code == 200
    assert "Bitte geben Sie einen Grund an" in without.content.decode()
    membership.refresh_from_db()
    assert membership.status == Status.APPLIED

    act(client.post, decline, {"reason": "Der Arbeitskreis ist bis 2027 vollständig besetzt."})
    membership.refresh_from_db()
    assert membership.status == Status.DECLINED
    told = mails_to(participant.email)[-1]
    assert "abgelehnt" in told.body
    assert "Der Arbeitskreis ist bis 2027 vollständig besetzt." in told.body

    client.force_login(participant)
    assert client.get(url("networks:apply", network)).status_code == 200
    _apply(client, act, network, message="Zweiter Versuch")
    again = membership_of(network, participant)
    assert again.pk == membership.pk and again.status == Status.APPLIED
    assert [(kind, text) for kind, text, _actor in steps_of(again)] == [
        (Kind.APPLIED, "Erster Versuch"),
        (Kind.DECLINED, "Der Arbeitskreis ist bis 2027 vollständig besetzt."),
        (Kind.APPLIED, "Zweiter Versuch"),
    ]


def test_join_an_open_network_and_leave_it_after_a_confirmation(client, act, org_a, participant):
    network = make_network(org_a, join_policy=Network.JoinPolicy.OPEN)
    client.force_login(participant)
    assert client.get(url("networks:leave", network)).status_code == 403  # not a member yet
    response = act(client.post, url("networks:join", network))
    assert response.status_code == 302
    assert membership_of(network, participant).status == Status.MEMBER
    assert "Willkommen" in mails_to(participant.email)[-1].subject
    assert act(client.post, url("networks:join", network)).status_code == 403  # twice

    confirmation = client.get(url("networks:leave", network)).content.decode()
    assert "verlassen" in confirmation
    assert membership_of(network, participant).status == Status.MEMBER  # only asked
    act(client.post, url("networks:leave", network))
    membership = membership_of(network, participant)
    assert membership.status == Status.LEFT
    assert [kind for kind, _t, _a in steps_of(membership)] == [Kind.JOINED, Kind.LEFT]
    assert "verlassen" in mails_to(participant.email)[-1].subject
    # Joining an application network is refused.
    closed = make_network(org_a, name="Geschlossen")
    assert act(client.post, url("networks:join", closed)).status_code == 403


def test_a_member_removed_with_a_reason_is_told_it(client, act, network, coordinator):
    membership = make_member(network)
    remove = url("networks:member_remove", network, membership_id=membership.pk)
    client.force_login(coordinator)
    page = client.get(remove).content.decode()
    assert membership.user.public_name in page and "entfernen" in page
    assert act(client.post, remove, {"reason": ""}).status_code == 200
    act(client.post, remove, {"reason": "Seit zwei Jahren nicht erreichbar."})
    membership.refresh_from_db()
    assert membership.status == Status.REMOVED
    told = mails_to(membership.user.email)[-1]
    assert "Seit zwei Jahren nicht erreichbar." in told.body


def test_coordinators_made_among_members_and_from_the_staff(
    client, act, org_a, network, coordinator
):
    member = make_member(network)
    client.force_login(coordinator)
    page = client.get(url("networks:memberships", network)).content.decode()
    assert member.user.public_name in page
    act(client.post, url("networks:coordinator_make", network, membership_id=member.pk))
    member.refresh_from_db()
    assert member.is_coordinator
    told = mails_to(member.user.email)[-1]
    assert "Sie koordinieren jetzt" in told.subject and "Bewerbungen" in told.body
    act(client.post, url("networks:coordinator_end", network, membership_id=member.pk))
    member.refresh_from_db()
    assert member.status == Status.MEMBER and not member.is_coordinator

    editor = make_staff(org_a, Role.EDITOR)
    with scopes_disabled():
        staff_role = editor.staff_roles.get()
    act(client.post, url("networks:coordinator_add_staff", network), {"staff_role": staff_role.pk})
    made = membership_of(network, editor)
    assert made.is_coordinator
    assert [kind for kind, _t, actor in steps_of(made)] == [Kind.JOINED, Kind.MADE_COORDINATOR]
    # A person who is not staff of the organisation is not offered and refused.
    stranger = UserFactory()
    with scope(organisation=org_a), pytest.raises(services.MembershipError):
        services.make_staff_coordinator(coordinator, network, stranger)


def test_a_person_of_another_organisations_staff_cannot_be_made_coordinator(
    client, act, org_b, network, coordinator
):
    other = make_staff(org_b, Role.EDITOR)
    with scopes_disabled():
        foreign_role = other.staff_roles.get()
    client.force_login(coordinator)
    act(
        client.post, url("networks:coordinator_add_staff", network), {"staff_role": foreign_role.pk}
    )
    assert membership_of(network, other) is None


def _applications(network, count):
    question = ask(network, kind="short_text", label="Kommune")
    for _n in range(count):
        person = UserFactory()
        with scope(organisation=network.organisation):
            services.apply(
                person, network, message="Bitte aufnehmen", answers={question: "Musterstadt"}
            )


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries.captured_queries)


def test_the_queue_makes_the_same_queries_for_3_and_30_applications(client, network, coordinator):
    client.force_login(coordinator)
    path = url("networks:applications", network)
    client.get(path)  # the first visit of a session may write more (the time of the visit)
    _applications(network, 3)
    few = _queries(client, path)
    _applications(network, 27)
    assert _queries(client, path) == few <= 15
    assert client.get(path).content.decode().count("Bitte aufnehmen") == 30


def test_my_networks_lists_memberships_applications_and_invitations_everywhere(
    client, act, org_a, org_b, participant
):
    member_of = make_network(org_a, name="Arbeitskreis Vordenker")
    applied_to = make_network(org_b, name="Netzwerk in Stadt B")
    invited_to = make_network(org_b, name="Nur mit Einladung", join_policy="invitation")
    make_member(member_of, participant)
    make_member(applied_to, participant, status=Status.APPLIED)
    coordinator = make_member(invited_to, role=Membership.Role.COORDINATOR).user
    from mitwirken.networks.membership import invitations

    with scope(organisation=org_b):
        invitations.invite(coordinator, invited_to, participant.email.upper())
    client.force_login(participant)
    account = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("networks:my_networks") in account
    page = client.get(reverse("networks:my_networks")).content.decode()
    for name in ("Arbeitskreis Vordenker", "Netzwerk in Stadt B", "Nur mit Einladung"):
        assert name in page
    assert "Offene Bewerbungen" in page and "Einladungen" in page


def test_the_members_page_makes_the_same_queries_for_3_and_60_members(client, network, coordinator):
    client.force_login(coordinator)
    path = url("networks:memberships", network)
    client.get(path)
    for _n in range(3):
        make_member(network)
    few = _queries(client, path)
    for _n in range(57):
        make_member(network)
    assert _queries(client, path) == few <= 15
    page = client.get(path).content.decode()
    assert page.count("Koordination beenden") == 1  # the coordinator, first
    assert page.count("In die Koordination aufnehmen") == 49  # 50 a page
