"""The registration exports run in constant memory and a constant number of queries per chunk
of registrations: 5,000 registrations take hardly more memory than 500."""

import gc
import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from mitwirken.events import documents
from mitwirken.events.models import Registration
from mitwirken.organisations.models import Role
from mitwirken.questionnaires.models import Answer, Response

from .factories import ask, make_event

SMALL, LARGE = 500, 5_000


@pytest.fixture
def event(org_a, staff_a, client):
    client.force_login(staff_a[Role.EDITOR])
    event = make_event(org_a, capacity=LARGE)
    ask(event, kind="short_text", label="Dienststelle", position=0)
    ask(event, kind="long_text", label="Anmerkungen", position=1)
    ask(event, kind="number", label="Begleitpersonen", position=2)
    event.register = lambda count: _register(event, count)
    return event


def _register(event, count):
    with scopes_disabled():
        first = event.registrations.count()
        questions = list(event.questionnaire.questions.all())
        responses = Response.objects.bulk_create(
            Response(questionnaire_id=event.questionnaire_id) for _number in range(count)
        )
        if responses[0].pk is None:  # a database that does not return the new ids
            responses = list(Response.objects.order_by("pk"))[-count:]
        Registration.objects.bulk_create(
            Registration(
                event=event,
                name=f"Person {number} Mustermann",
                email=f"person{number}@example.org",
                status=Registration.Status.CONFIRMED,
                privacy_version="v1",
                response=response,
            )
            for number, response in zip(range(first, first + count), responses, strict=True)
        )
        Answer.objects.bulk_create(
            Answer(
                response=response,
                question=question,
                text="2" if question.kind == "number" else f"Referat {response.pk} " * 6,
            )
            for response in responses
            for question in questions
        )


def _url(event, file_format):
    return reverse(
        "events:staff_export",
        kwargs={"org": event.organisation.slug, "pk": event.pk, "file_format": file_format},
    )


def _download(client, url):
    """(peak of the memory Python allocated while the file was made and sent, its size)."""
    gc.collect()
    tracemalloc.start()
    try:
        response = client.get(url)
        assert response.status_code == 200
        # piece by piece, as a server sends it (a response built at once has one piece)
        pieces = response.streaming_content if response.streaming else [response.content]
        size = sum(len(piece) for piece in pieces)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, size


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_of_ten_times_the_registrations_takes_hardly_more_memory(
    client, event, file_format
):
    url = _url(event, file_format)
    event.register(SMALL)
    _download(client, url)  # once unmeasured: what a first request loads (catalogues, …)
    small_peak, small_size = _download(client, url)
    event.register(LARGE - SMALL)
    large_peak, large_size = _download(client, url)
    print(
        f"{file_format}: {SMALL}: {small_peak / 2**20:.2f} MiB peak, {small_size} bytes; "
        f"{LARGE}: {large_peak / 2**20:.2f} MiB peak, {large_size} bytes"
    )
    assert large_size > 6 * small_size  # ten times the rows really were exported (zipped)
    # An export that holds all rows (the former one) needs about ten times the memory.
    assert large_peak < 2 * small_peak, (small_peak, large_peak)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        _download(client, url)
    return len(context.captured_queries)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_makes_no_query_per_registration(
    client, event, file_format, django_assert_max_num_queries
):
    url = _url(event, file_format)
    event.register(SMALL)
    small = _queries(client, url)
    event.register(LARGE - SMALL)
    # One more query (the answers) per further chunk of registrations, none per registration.
    chunks = -(-LARGE // documents.EXPORT_CHUNK_SIZE) - -(-SMALL // documents.EXPORT_CHUNK_SIZE)
    with django_assert_max_num_queries(small + chunks):
        _download(client, url)
