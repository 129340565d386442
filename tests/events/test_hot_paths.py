"""The hot paths in plain ORM and one cache: the seat lock lets sign-ups through, reads stay
in the organisation's scope, and the layout's cache does not grow with personal links."""

import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from mitwirken.events import queries, services
from mitwirken.events.models import Event, Registration
from mitwirken.events.services import registrations as registration_services

from .factories import ask, make_event


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db(transaction=True)
def test_a_sign_up_does_not_queue_behind_the_seat_lock(org_a):
    """A confirmation holds the event's lock while it decides a seat; a sign-up meanwhile only
    inserts a registration that points to the event, so it goes through at once."""
    event = make_event(org_a)
    locked, release = threading.Event(), threading.Event()

    def hold_the_lock():
        try:
            with scope(organisation=org_a), transaction.atomic():
                registration_services._locked(event.pk, org_a)
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    try:
        assert locked.wait(10)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")
        try:
            with scope(organisation=org_a):
                services.register(
                    event, name="Eva", email="eva@example.org", answers={}, privacy_version="v1"
                )
        except OperationalError as error:  # lock_timeout: it waited for the lock
            pytest.fail(f"the sign-up queued behind the seat lock: {error}")
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = 0")
    finally:
        release.set()
        holder.join(10)
    with scope(organisation=org_a):
        assert Registration.objects.get(email="eva@example.org").status == "unconfirmed"


@pytest.mark.django_db
def test_the_seat_lock_and_the_event_page_read_only_the_organisation_s_event(org_a, org_b):
    event = make_event(org_b)
    with scope(organisation=org_a):
        assert queries.event_for_page(org_a, event.pk) is None
        with pytest.raises(Event.DoesNotExist), transaction.atomic():
            registration_services._locked(event.pk, org_a)
    with scope(organisation=org_b):
        found = queries.event_for_page(org_b, event.pk)
        assert found.seats_taken == 0 and found.organisation == org_b


@pytest.mark.django_db
def test_personal_links_add_nothing_to_the_cache_of_the_layout(org_a):
    """Every personal link is a new path: the footer (its barrier report link names the page)
    is not cached per path, and the header's key does not name it."""
    event = make_event(org_a)
    with scope(organisation=org_a):
        registrations = [
            services.register(
                event, name=f"P {n}", email=f"p{n}@example.org", answers={}, privacy_version="v1"
            )
            for n in range(2)
        ]
    client = Client()

    def keys_written_by(url):
        written = []
        real_set = cache.set

        def spy(key, *args, **kwargs):
            written.append(key)
            return real_set(key, *args, **kwargs)

        with mock.patch.object(cache, "set", spy):
            page = client.get(url)
        assert page.status_code == 200
        return page.content.decode(), written

    urls = [
        reverse("events:registration", kwargs={"org": org_a.slug, "token": r.token})
        for r in registrations
    ]
    first_page, _first = keys_written_by(urls[0])
    second_page, second = keys_written_by(urls[1])
    assert [key for key in second if key.startswith("template.cache")] == []
    # The footer still names the page it was reported from.
    assert f"?seite={urls[1]}" in second_page
    assert f"?seite={urls[0]}" in first_page


def _table(sql) -> str:
    return sql.split()[2].strip('"')


def _sign_up_queries(event, email, answers):
    with scope(organisation=event.organisation), CaptureQueriesContext(connection) as done:
        services.register(event, name="Eva", email=email, answers=answers, privacy_version="v1")
    return [q["sql"] for q in done.captured_queries]


def test_a_sign_up_without_questions_writes_nothing_of_a_questionnaire(org_a):
    event = make_event(org_a)
    made = _sign_up_queries(event, "eva@example.org", {})
    assert not [sql for sql in made if "questionnaires_" in sql]
    assert [_table(sql) for sql in made if sql.startswith("INSERT")] == ["events_registration"]
    with scope(organisation=org_a):
        assert Registration.objects.get().response is None


def test_a_sign_up_with_answers_writes_its_response_in_two_inserts(org_a):
    event = make_event(org_a)
    office = ask(event, kind="short_text", label="Dienststelle")
    people = ask(event, kind="number", label="Personen", position=1)
    event.refresh_from_db()
    made = _sign_up_queries(event, "eva@example.org", {office: "Bauamt", people: 2})
    inserts = [sql for sql in made if sql.startswith("INSERT")]
    assert [_table(sql) for sql in inserts] == [
        "questionnaires_response",
        "questionnaires_answer",  # both answers in one
        "events_registration",  # pointing to its response: no UPDATE afterwards
    ]
    assert not [sql for sql in made if sql.startswith("UPDATE")]
    with scope(organisation=org_a):
        response = Registration.objects.get().response
        assert sorted(response.answers.values_list("text", flat=True)) == ["2", "Bauamt"]


def _plan_nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from _plan_nodes(child)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db
def test_the_counts_under_the_lock_read_the_event_once_however_many_registrations(org_a, org_b):
    """The seat count and the end of the waiting list (under the event's lock), the event
    page's seat count and a waiting-list position (in the mail) name the organisation on the
    event row. Counted from ``event.registrations`` (scoped: ``event__organisation``), the join
    to the event ran once per registration: the table grows faster than PostgreSQL's
    statistics follow (here: none at all), and the planner took it for a handful of rows."""
    event = make_event(org_a, capacity=1000)
    other = make_event(org_b)
    start = timezone.now()
    with scopes_disabled():
        Registration.objects.bulk_create(
            Registration(
                event=target,
                name="P",
                email=f"p{n}@example.org",
                status="waiting" if n % 3 == 0 else "confirmed",
                queued_at=start + timedelta(microseconds=n) if n % 3 == 0 else None,
                privacy_version="v1",
            )
            for target in (event, other)
            for n in range(300)
        )
        tenth_waiting = Registration.objects.get(event=event, email="p27@example.org")
    with scope(organisation=org_a), CaptureQueriesContext(connection) as captured:
        assert queries.seats_held(event.pk) == 200
        assert queries.event_for_page(org_a, event.pk).seats_taken == 200
        last = start + timedelta(microseconds=297)
        assert registration_services.next_place_in_queue(event, start) == last + timedelta(
            microseconds=1
        )
        assert services.waiting_position(tenth_waiting) == 10
    for query in captured.captured_queries:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + query["sql"])
            (plan,) = cursor.fetchone()[0]
        loops = [
            node["Actual Loops"]
            for node in _plan_nodes(plan["Plan"])
            if node.get("Relation Name") == "events_event"
        ]
        assert loops and max(loops) == 1, (query["sql"], loops)
    assert len(captured) == 4  # the position reads the event by its id alone
