"""Races on the seats of one event. pretix's two steps: first show that without the lock the
race really overbooks, then that with the lock exactly the capacity is confirmed."""

import re
import threading
import time

import pytest
from django.core import mail
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from mitwirken.events import services
from mitwirken.events.models import Event, Registration
from mitwirken.events.services import registrations as registration_services

from .factories import ask, make_event

Status = Registration.Status
pytestmark = pytest.mark.django_db(transaction=True)


def _unconfirmed(event, count, prefix):
    with scope(organisation=event.organisation):
        return [
            services.register(
                event,
                name=f"{prefix} {n}",
                email=f"{prefix}{n}@example.org",
                answers={},
                privacy_version="v1",
            )
            for n in range(count)
        ]


def _max_parallel() -> int:
    """As many threads as the database accepts connections (CI raises PostgreSQL's limit to
    250, see .ci/run; the default of 100 leaves room for about 85)."""
    if connection.vendor != "postgresql":
        return 1000
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_connections")
        return int(cursor.fetchone()[0]) - 15


def _in_threads(functions):
    """Run all functions at once (released together by a barrier), each in its own thread
    with its own database connection."""
    parallel = min(len(functions), _max_parallel())
    gate = threading.Semaphore(parallel)
    barrier = threading.Barrier(len(functions))
    results, errors = [None] * len(functions), []

    def run(index, function):
        barrier.wait()
        with gate:
            try:
                results[index] = function()
            except Exception as error:  # noqa: BLE001  collected and reported by the test
                errors.append(error)
            finally:
                connections.close_all()

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def _counts(event):
    with scopes_disabled():
        return {
            status: event.registrations.filter(status=status).count() for status in Status.values
        }


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_without_the_lock_the_race_overbooks(org_a, monkeypatch):
    event = make_event(org_a, capacity=5)
    pending = _unconfirmed(event, 20, "ohne")
    original = registration_services.seats_taken

    def slow_seats_taken(event):
        taken = original(event)
        time.sleep(0.05)  # widen the window between counting and writing
        return taken

    monkeypatch.setattr(registration_services, "seats_taken", slow_seats_taken)
    monkeypatch.setattr(
        registration_services,
        "_locked",
        lambda event_id, organisation=None: Event.objects.select_related("organisation").get(
            pk=event_id
        ),
    )
    _results, errors = _in_threads([lambda r=r: _confirm_in_scope(r) for r in pending])
    assert errors == []
    assert _counts(event)[Status.CONFIRMED] > 5, "the race did not happen; the test proves nothing"


def _confirm_in_scope(registration):
    with scope(organisation=registration.event.organisation):
        return services.confirm_address(registration)


def test_100_confirmations_with_cancellations_fill_exactly_30_seats(org_a):
    event = make_event(org_a, capacity=30)
    early = _unconfirmed(event, 10, "frueh")
    for registration in early:
        _confirm_in_scope(registration)
    racers = _unconfirmed(event, 100, "rennen")
    url = lambda r: reverse(  # noqa: E731
        "events:confirm", kwargs={"org": org_a.slug, "token": r.token}
    )

    def confirm_by_http(registration):
        response = Client().post(url(registration))
        return response.status_code, response["Location"]

    def cancel(registration):
        with scope(organisation=org_a):
            return services.cancel(registration).status

    jobs = [lambda r=r: confirm_by_http(r) for r in racers]
    jobs += [lambda r=r: cancel(r) for r in early]
    results, errors = _in_threads(jobs)

    assert errors == []
    # Every request got its answer: the redirect to the person's registration page.
    for (status, location), registration in zip(results[:100], racers, strict=True):
        assert status == 302 and location.endswith(f"/anmeldung/{registration.token}/")
    counts = _counts(event)
    assert counts[Status.CONFIRMED] == 30
    assert counts[Status.CANCELLED] == 10
    assert counts[Status.WAITING] == 70
    assert counts[Status.UNCONFIRMED] == 0  # nothing lost
    with scopes_disabled():
        waiting = list(event.registrations.filter(status=Status.WAITING))
        positions = sorted(services.waiting_position(r) for r in waiting)
    assert positions == list(range(1, 71))


def test_a_seat_limit_on_a_choice_holds_under_a_race(org_a):
    event = make_event(org_a, capacity=100, waiting_list=False, format="conference")
    with scopes_disabled():
        question = ask(event, kind="single_choice", label="Workshop")
        workshop = question.choices.create(label="Workshop A", seat_limit=8)
    with scope(organisation=org_a):
        pending = [
            services.register(
                event,
                name=f"W {n}",
                email=f"w{n}@example.org",
                answers={question: workshop},
                privacy_version="v1",
            )
            for n in range(40)
        ]
    _results, errors = _in_threads([lambda r=r: _confirm_in_scope(r) for r in pending])
    assert all(isinstance(e, services.RegistrationError) for e in errors)
    assert len(errors) == 32
    assert _counts(event)[Status.CONFIRMED] == 8


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_waiting_list_number_each_person_is_mailed_is_their_place(org_a):
    """Many confirm at once for 30 seats: the waiting list is in the order the event's lock
    was taken, so the number in each person's mail is the place they really hold."""
    event = make_event(org_a, capacity=30)
    racers = _unconfirmed(event, 150, "nummer")
    mail.outbox.clear()

    def confirm_by_http(registration):
        url = reverse("events:confirm", kwargs={"org": org_a.slug, "token": registration.token})
        return Client().post(url).status_code

    results, errors = _in_threads([lambda r=r: confirm_by_http(r) for r in racers])
    assert errors == [] and set(results) == {302}

    told = {}
    for message in mail.outbox:
        found = re.search(r"Sie sind Nummer (\d+) auf der Warteliste", message.body)
        if found:
            (address,) = message.to
            assert address not in told, "someone was told twice"
            told[address] = int(found.group(1))
    with scopes_disabled():
        waiting = list(event.registrations.filter(status=Status.WAITING))
        places = {r.email: services.waiting_position(r) for r in waiting}
    assert len(waiting) == 120
    assert sorted(places.values()) == list(range(1, 121))
    assert told == places
