"""Results and publications of a network: always public, a PDF (checked by content) or a
link, a date, and the event where they were presented (seed 001: the publication of the
innovation dialogue, presented at the Fachtagung on 28 November 2013 in Berlin)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from mitwirken.events.models import Format, Mode
from mitwirken.networks.models import Audience, Result

from ..core import upload_samples as samples
from ..events.factories import make_event
from .meeting_helpers import setup, url

TITLE = (
    "Behörden beteiligen Bürger. Strategien, Praxistipps und Erfolgsfaktoren für eine neue "
    "Beteiligungskultur"
)


@pytest.fixture
def net(org_a):
    # Everything else of the network closed: the results stay public.
    return setup(
        org_a,
        name="Innovationsdialog",
        documents_audience=Audience.COORDINATORS,
        notes_audience=Audience.COORDINATORS,
        members_audience=Audience.COORDINATORS,
    )


@pytest.fixture
def conference(org_a):
    starts_at = datetime(2013, 11, 28, 10, tzinfo=ZoneInfo("Europe/Berlin"))
    return make_event(
        org_a,
        format=Format.CONFERENCE,
        mode=Mode.IN_PERSON,
        title="Fachtagung Behörden beteiligen Bürger",
        starts_at=starts_at,
        venue_city="Berlin",
        join_url="",
    )


def test_the_seed_publication_with_its_pdf_is_public(net, conference):
    network, people = net
    response = people.client("coordinator").post(
        url("result_new", network),
        {
            "title": TITLE,
            "summary": "Die wichtigsten Erkenntnisse und Handlungsempfehlungen des Arbeitskreises.",
            "file": SimpleUploadedFile("Behoerden_beteiligen_Buerger.pdf", samples.PDF),
            "url": "",
            "date": "2013-11-28",
            "event": conference.pk,
            "occasion": "",
        },
    )
    assert response.status_code == 302
    visitor = people.client("visitor")
    page = visitor.get(url("results", network)).content.decode()
    assert "Behörden beteiligen Bürger. Strategien" in page
    assert "28. November 2013" in page
    assert "Fachtagung Behörden beteiligen Bürger" in page
    with scopes_disabled():
        result = Result.objects.get()
    download = visitor.get(url("result_file", network, result=result.pk))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == samples.PDF
    assert 'filename="Behoerden_beteiligen_Buerger.pdf"' in download["Content-Disposition"]


def test_a_result_with_a_link_and_an_occasion(net):
    network, people = net
    response = people.client("org_editor").post(
        url("result_new", network),
        {
            "title": "Thesenpapier",
            "url": "beteiligung.example.org/thesen",
            "date": "2014-02-01",
            "occasion": "Fachtagung am 28. November 2013 in Berlin",
        },
    )
    assert response.status_code == 302
    page = people.client("participant").get(url("results", network)).content.decode()
    assert 'href="https://beteiligung.example.org/thesen"' in page
    assert "Vorgestellt bei: Fachtagung am 28. November 2013 in Berlin" in page


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"file": SimpleUploadedFile("a.pdf", samples.docx())}, "Erlaubt sind: PDF."),
        ({}, "Bitte laden Sie ein PDF hoch oder geben Sie einen Link an."),
        ({"url": "javascript:alert(1)"}, "Bitte eine gültige Adresse eingeben."),
        ({"url": "https://a.example", "date": "31.02.2014"}, "Bitte ein gültiges Datum eingeben."),
    ],
)
def test_bad_input_gets_a_german_error(net, data, error):
    network, people = net
    response = people.client("coordinator").post(
        url("result_new", network), {"title": "Papier", "date": "2014-01-01", **data}
    )
    assert response.status_code == 400
    assert error in response.content.decode()
    with scopes_disabled():
        assert not Result.objects.exists()


def test_an_event_of_another_organisation_is_no_choice(net, org_b):
    network, people = net
    foreign = make_event(org_b)
    response = people.client("coordinator").post(
        url("result_new", network),
        {
            "title": "Papier",
            "date": "2014-01-01",
            "url": "https://example.org",
            "event": foreign.pk,
        },
    )
    assert response.status_code == 400


def test_only_those_who_run_the_network_add_or_delete_results(net):
    network, people = net
    with scopes_disabled():
        result = Result.objects.create(
            network=network, title="Papier", date="2014-01-01", url="https://example.org"
        )
    for role in ("participant", "member"):
        assert (
            people.client(role).post(url("result_delete", network, result=result.pk)).status_code
            == 403
        )
        assert people.client(role).get(url("result_new", network)).status_code == 403
    assert (
        people.client("coordinator")
        .post(url("result_delete", network, result=result.pk))
        .status_code
        == 302
    )
    with scopes_disabled():
        assert not Result.objects.exists()


def test_the_results_page_makes_as_many_queries_for_many_results(
    net, conference, django_assert_max_num_queries
):
    network, people = net
    client = people.client("visitor")
    with scopes_disabled():
        Result.objects.create(network=network, title="Eins", date="2014-01-01", event=conference)
    with CaptureQueriesContext(connection) as few:
        client.get(url("results", network))
    with scopes_disabled():
        for number in range(20):
            Result.objects.create(
                network=network, title=f"R{number}", date="2015-01-01", event=conference
            )
    with django_assert_max_num_queries(len(few)):
        assert client.get(url("results", network)).status_code == 200
