"""Races on one person's membership (PostgreSQL). First without the row lock: parallel
applications of a declined person all pass the status check and pile up steps; then with
it: one application, one mail, however many arrive at once; and a first application sent
many times at once makes one row (the unique constraint)."""

import threading
import time

import pytest
from django.core import mail
from django.db import connection, connections
from django_scopes import scope, scopes_disabled

from mitwirken.networks.membership import services
from mitwirken.networks.models import Membership, MembershipStep

from ..factories import UserFactory
from .factories import make_member, make_network

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'"),
]
PARALLEL = 20


def _in_threads(functions):
    barrier = threading.Barrier(len(functions))
    errors = []

    def run(function):
        barrier.wait()
        try:
            function()
        except services.MembershipError:
            pass  # refused: what all but one should be told
        except Exception as error:  # noqa: BLE001  reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(f,)) for f in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def _apply(person, network):
    def run():
        with scope(organisation=network.organisation):
            services.apply(person, network, message="Bitte aufnehmen")

    return run


def _applications(network, person):
    with scopes_disabled():
        return list(
            MembershipStep.objects.filter(
                membership__network=network, membership__user=person, kind="applied"
            ).values_list("pk", flat=True)
        )


def _declined(org_a):
    network = make_network(org_a)
    person = UserFactory()
    make_member(network, person, status=Membership.Status.DECLINED)
    return network, person


def test_without_the_lock_parallel_applications_pile_up(org_a, monkeypatch):
    network, person = _declined(org_a)
    original = services._own_row

    def unlocked(network, user, status):
        membership = Membership.objects.filter(network=network, user=user).first()
        time.sleep(0.05)  # widen the window between reading the status and writing
        return (membership, False) if membership else original(network, user, status)

    monkeypatch.setattr(services, "_own_row", unlocked)
    assert _in_threads([_apply(person, network)] * PARALLEL) == []
    assert len(_applications(network, person)) > 1, (
        "the race did not happen; the test proves nothing"
    )


def test_with_the_lock_a_declined_person_applies_once(org_a):
    network, person = _declined(org_a)
    assert _in_threads([_apply(person, network)] * PARALLEL) == []
    assert len(_applications(network, person)) == 1
    assert [m.to for m in mail.outbox if "Ihre Bewerbung" in m.subject] == [[person.email]]


def test_a_first_application_sent_many_times_at_once_makes_one_row(org_a):
    network = make_network(org_a)
    person = UserFactory()
    assert connection.vendor == "postgresql"
    assert _in_threads([_apply(person, network)] * PARALLEL) == []
    with scopes_disabled():
        assert Membership.objects.filter(network=network, user=person).count() == 1
    assert len(_applications(network, person)) == 1
    assert [m.to for m in mail.outbox if "Ihre Bewerbung" in m.subject] == [[person.email]]
