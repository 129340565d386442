"""Supports racing on PostgreSQL, through the real view: 200 requests at once by the same
person make one support (one is thanked, the others told they support it already); 200
people at once make 200 supports, each thanked. Then the same without the row lock: the
unique constraint still holds."""

import threading

import pytest
from django.db import connection, connections  # noqa: F401  (connection: skipif)
from django.test import Client
from django_scopes import scopes_disabled

from mitwirken.participation import ideas_services
from mitwirken.participation.models_ideas import Support

from ...factories import UserFactory
from .helpers import make_idea, url

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'"),
]
PARALLEL = 200
THANKS = "Danke für Ihre Unterstützung."
ALREADY = "Sie unterstützen diese Idee bereits."


def _race(people, path):
    """POST ``path`` once per person in ``people``, all at once; what each was told."""
    clients = []
    for person in people:
        client = Client()
        client.force_login(person)
        clients.append(client)
    barrier = threading.Barrier(len(clients))
    told, errors = [None] * len(clients), []

    def run(index):
        try:
            barrier.wait()
            response = clients[index].post(path)
            assert response.status_code == 302, response.status_code
            told[index] = [str(m) for m in response.wsgi_request._messages._queued_messages]
        except Exception as error:  # noqa: BLE001  reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return told, errors


def _supports(idea):
    with scopes_disabled():
        return list(Support.objects.filter(idea=idea).values_list("user_id", flat=True))


def test_one_person_supporting_200_times_at_once_supports_once(collection, author):
    idea = make_idea(collection, author)
    person = UserFactory()
    told, errors = _race([person] * PARALLEL, url("idea_support", collection, idea=idea.pk))
    assert errors == []
    assert _supports(idea) == [person.pk]
    assert sorted(told) == sorted([[THANKS]] + [[ALREADY]] * (PARALLEL - 1))


def test_200_people_supporting_at_once_make_200_supports(collection, author):
    idea = make_idea(collection, author)
    people = [UserFactory() for _ in range(PARALLEL)]
    told, errors = _race(people, url("idea_support", collection, idea=idea.pk))
    assert errors == []
    assert sorted(_supports(idea)) == sorted(person.pk for person in people)
    assert told == [[THANKS]] * PARALLEL


def test_without_the_row_lock_the_constraint_still_makes_one(collection, author, monkeypatch):
    from mitwirken.participation.models_ideas import Idea

    idea = make_idea(collection, author)
    person = UserFactory()

    def unlocked(idea):
        return Idea.objects.select_related(
            "collection__module__project__organisation", "collection__module__phase"
        ).get(pk=idea.pk)

    monkeypatch.setattr(ideas_services, "_locked", unlocked)
    told, errors = _race([person] * 50, url("idea_support", collection, idea=idea.pk))
    assert errors == []
    assert _supports(idea) == [person.pk]
    assert sorted(told) == sorted([[THANKS]] + [[ALREADY]] * 49)
