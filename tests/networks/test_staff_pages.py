"""The staff pages of networks: create, edit with topics and guiding questions, publish,
conclude (with a confirmation step) and reopen, through HTTP; German errors for bad input;
the list's query count does not grow with the networks."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled

from mitwirken.networks.models import Network
from mitwirken.organisations.models import AuditLogEntry, Role

from ..core import upload_samples as samples
from .factories import make_member, make_network


@pytest.fixture
def editor(client, staff_a):
    client.force_login(staff_a[Role.EDITOR])
    return staff_a[Role.EDITOR]


def _url(name, org, **kwargs):
    return reverse(f"networks:{name}", kwargs={"org": org.slug, **kwargs})


def _formset(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for number, row in enumerate(rows):
        data |= {f"{prefix}-{number}-{name}": value for name, value in row.items()}
    return data


def _form(**fields):
    data = {
        "name": "Arbeitskreis Bürgerhaushalt",
        "kind": "working_group",
        "teaser": "Kommunen planen ihren Haushalt mit den Bürgerinnen und Bürgern.",
        "description": "## Worum es geht\n\nErfahrungen austauschen.",
        "goal": "Einen Leitfaden schreiben.",
        "term_from": "2024",
        "term_until": "2026",
        "meeting_rhythm": "viermal im Jahr",
        "contact_name": "Erika Muster",
        "contact_email": "erika@stadt-a.example",
        "contact_phone": "",
        "image_alt": "",
        "join_policy": "application",
        "members_audience": "members",
        "discussion_audience": "members",
        "documents_audience": "coordinators",
        "notes_audience": "public",
    }
    data |= _formset(
        "themen",
        [
            {"position": "2", "name": "Beteiligungsformate", "text": "Online und vor Ort"},
            {"position": "1", "name": "Haushaltsrecht", "text": ""},
        ],
    )
    data |= _formset("leitfragen", [{"position": "", "text": "Wie erreichen wir alle?"}])
    return data | fields


def _errors(response) -> list[str]:
    return [
        re.sub(r"\s+", " ", error).strip()
        for error in re.findall(
            r'class="kern-error"[^>]*>.*?<span class="kern-body">(.*?)</span>',
            response.content.decode(),
            re.DOTALL,
        )
    ]


def _network(org, name="Arbeitskreis Bürgerhaushalt"):
    with scopes_disabled():
        return Network.objects.get(organisation=org, name=name)


def _actions(org):
    with scopes_disabled():
        return list(
            AuditLogEntry.objects.filter(organisation=org, action__startswith="network_")
            .order_by("pk")
            .values_list("action", flat=True)
        )


def test_staff_create_a_network_as_a_draft_with_its_topics_and_guiding_questions(
    client, org_a, editor
):
    response = client.post(_url("staff_new", org_a), _form())
    network = _network(org_a)
    assert response.status_code == 302
    assert response["Location"] == _url("staff_edit", org_a, pk=network.pk)
    assert network.status == Network.Status.DRAFT
    assert (network.kind, network.term_from, network.term_until) == ("working_group", 2024, 2026)
    assert network.documents_audience == "coordinators"
    with scopes_disabled():
        assert [t.name for t in network.topics.all()] == [
            "Haushaltsrecht",
            "Beteiligungsformate",
        ]
        assert [q.text for q in network.guiding_questions.all()] == ["Wie erreichen wir alle?"]
    assert _actions(org_a) == ["network_created"]
    page = client.get(response["Location"]).content.decode()
    assert "Das Netzwerk wurde als Entwurf angelegt." in page
    assert "Netzwerk veröffentlichen" in page


def test_editing_changes_fields_and_rows_and_logs_what_changed(client, org_a, editor):
    client.post(_url("staff_new", org_a), _form())
    network = _network(org_a)
    with scopes_disabled():
        topic = network.topics.get(name="Haushaltsrecht")
        other = network.topics.get(name="Beteiligungsformate")
        question = network.guiding_questions.get()
    data = _form(meeting_rhythm="monatlich", term_until="")
    data |= _formset(
        "themen",
        [
            {"id": topic.pk, "position": "1", "name": "Haushaltsrecht", "text": "Neu"},
            {
                "id": other.pk,
                "position": "2",
                "name": other.name,
                "text": other.text,
                "DELETE": "on",
            },
            {"position": "", "name": "Evaluation", "text": ""},
        ],
        initial=2,
    )
    data |= _formset(
        "leitfragen",
        [{"id": question.pk, "position": "1", "text": "Wie erreichen wir wirklich alle?"}],
        initial=1,
    )
    response = client.post(_url("staff_edit", org_a, pk=network.pk), data)
    assert response.status_code == 302
    network.refresh_from_db()
    assert (network.meeting_rhythm, network.term_until) == ("monatlich", None)
    with scopes_disabled():
        assert [(t.name, t.text) for t in network.topics.all()] == [
            ("Haushaltsrecht", "Neu"),
            ("Evaluation", ""),
        ]
        assert network.guiding_questions.get().text == "Wie erreichen wir wirklich alle?"
        entry = AuditLogEntry.objects.filter(action="network_changed").get()
    assert entry.changes["Treffen"] == ["viermal im Jahr", "monatlich"]
    assert entry.changes["Laufzeit bis (Jahr)"] == ["2026", ""]
    assert entry.changes["Themen"] == ["2", "2"]  # one deleted, one added
    assert entry.changes["Leitfragen"] == ["1", "1"]


def test_a_term_that_ends_before_it_begins_is_refused_in_german(client, org_a, editor):
    response = client.post(_url("staff_new", org_a), _form(term_from="2015", term_until="2013"))
    assert response.status_code == 200
    assert "Die Laufzeit kann nicht vor ihrem Anfangsjahr enden." in _errors(response)
    with scopes_disabled():
        assert not Network.objects.exists()


def test_years_outside_the_range_and_oversized_fields_are_refused_in_german(client, org_a, editor):
    response = client.post(
        _url("staff_new", org_a),
        _form(name="N" * 201, term_from="99999", teaser="T" * 301),
    )
    assert response.status_code == 200
    errors = _errors(response)
    assert any("höchstens 200 Zeichen" in error for error in errors), errors
    assert any("höchstens 300 Zeichen" in error for error in errors), errors
    assert any("kleiner oder gleich 2200" in error for error in errors), errors
    with scopes_disabled():
        assert not Network.objects.exists()


def test_a_topic_without_a_name_is_refused_and_nothing_is_saved(client, org_a, editor):
    data = _form() | _formset("themen", [{"position": "1", "name": "", "text": "Nur Text"}])
    response = client.post(_url("staff_new", org_a), data)
    assert response.status_code == 200
    assert "Bitte füllen Sie das Feld „Thema“ aus." in _errors(response)
    with scopes_disabled():
        assert not Network.objects.exists()


def test_an_image_needs_its_text_alternative(client, org_a, editor):
    image = SimpleUploadedFile("bild.png", samples.image(), "image/png")
    response = client.post(_url("staff_new", org_a), _form(image=image))
    assert response.status_code == 200
    assert "Bitte beschreiben Sie das Bild für Menschen, die es nicht sehen können." in _errors(
        response
    )
    image = SimpleUploadedFile("bild.png", samples.image(), "image/png")
    response = client.post(
        _url("staff_new", org_a), _form(image=image, image_alt="Gruppenbild der Mitglieder")
    )
    assert response.status_code == 302
    network = _network(org_a)
    assert re.fullmatch(r"networks/[0-9a-f]{32}\.png", network.image.name)
    assert network.image_alt == "Gruppenbild der Mitglieder"


def test_an_image_that_is_not_one_is_refused(client, org_a, editor):
    fake = SimpleUploadedFile("bild.png", b"<html><script>alert(1)</script>", "image/png")
    response = client.post(_url("staff_new", org_a), _form(image=fake, image_alt="Bild"))
    assert response.status_code == 200
    assert "Diese Datei ist kein erlaubter Dateityp. Erlaubt sind: PNG, JPEG." in _errors(response)


def test_publish_conclude_with_confirmation_and_reopen(client, org_a, editor):
    network = make_network(org_a, status=Network.Status.DRAFT)
    assert client.get(network.get_absolute_url()).status_code == 200  # staff see drafts
    client.logout()
    assert client.get(network.get_absolute_url()).status_code == 404
    client.force_login(editor)

    response = client.post(_url("staff_publish", org_a, pk=network.pk))
    assert response.status_code == 302
    network.refresh_from_db()
    assert network.status == Network.Status.ACTIVE

    # Concluding asks first: the GET changes nothing.
    page = client.get(_url("staff_conclude", org_a, pk=network.pk))
    assert "Netzwerk jetzt abschließen" in page.content.decode()
    network.refresh_from_db()
    assert network.status == Network.Status.ACTIVE
    client.post(_url("staff_conclude", org_a, pk=network.pk))
    network.refresh_from_db()
    assert network.status == Network.Status.CONCLUDED
    client.logout()
    assert "abgeschlossen – Archiv" in client.get(network.get_absolute_url()).content.decode()
    client.force_login(editor)

    client.post(_url("staff_reopen", org_a, pk=network.pk))
    network.refresh_from_db()
    assert network.status == Network.Status.ACTIVE
    assert _actions(org_a) == ["network_published", "network_concluded", "network_reopened"]


def test_a_draft_cannot_be_concluded_and_says_so(client, org_a, editor):
    network = make_network(org_a, status=Network.Status.DRAFT)
    response = client.post(_url("staff_conclude", org_a, pk=network.pk), follow=True)
    assert "Das ist im aktuellen Status des Netzwerks nicht möglich." in response.content.decode()
    network.refresh_from_db()
    assert network.status == Network.Status.DRAFT
    assert _actions(org_a) == []


def test_the_staff_navigation_links_the_networks(client, org_a, editor):
    page = client.get(reverse("organisations:staff_home", kwargs={"org": org_a.slug}))
    assert _url("staff_list", org_a) in page.content.decode()


def test_moderators_do_not_run_networks(client, org_a, staff_a):
    client.force_login(staff_a[Role.MODERATOR])
    assert client.get(_url("staff_list", org_a)).status_code == 403
    page = client.get(reverse("organisations:staff_home", kwargs={"org": org_a.slug}))
    assert _url("staff_list", org_a) not in page.content.decode()


def _many(org, count):
    for number in range(count):
        network = make_network(
            org,
            name=f"Netzwerk {number:02d}",
            status=[Network.Status.DRAFT, Network.Status.ACTIVE, Network.Status.CONCLUDED][
                number % 3
            ],
        )
        make_member(network)
        make_member(network, status="applied")


@pytest.mark.parametrize("count", [3, 30])
def test_the_staff_list_shows_status_policy_and_members_in_few_queries(
    client, org_a, editor, count, django_assert_max_num_queries
):
    _many(org_a, count)
    with django_assert_max_num_queries(6):
        response = client.get(_url("staff_list", org_a))
    page = response.content.decode()
    assert page.count("Auf Bewerbung") == count
    assert "Netzwerk 00" in page and "Entwurf" in page
    # one member each (the applicant does not count)
    assert re.findall(r'<td class="kern-table__cell">(\d+)</td>', page) == ["1"] * count


def test_the_image_is_served_as_an_image_and_a_replaced_one_is_gone(
    client, org_a, editor, django_capture_on_commit_callbacks
):
    image = SimpleUploadedFile("bild.png", samples.image(), "image/png")
    client.post(_url("staff_new", org_a), _form(image=image, image_alt="Gruppenbild"))
    network = _network(org_a)
    first_url, storage, first = network.image.url, network.image.storage, network.image.name
    client.logout()
    served = client.get(first_url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert served["Content-Security-Policy"] == "sandbox; default-src 'none'"
    client.force_login(editor)
    edit = _url("staff_edit", org_a, pk=network.pk)
    data = _form(image=SimpleUploadedFile("neu.png", samples.image(), "image/png"))
    data |= {"image_alt": "Neues Gruppenbild"}
    data |= _formset("themen", []) | _formset("leitfragen", [])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit, data)
    assert response.status_code == 302, _errors(response)
    network = _network(org_a)
    assert network.image.name != first
    assert not storage.exists(first)
    assert client.get(first_url).status_code == 404
