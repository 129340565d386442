"""The event page caches the parts that are the same for every visitor (the description part
and a visitor's empty form) per saved version of the event: a change must show at once."""

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from mitwirken.events.models import Material, Question
from mitwirken.organisations.models import Role

from .factories import make_event


@pytest.fixture
def editor_client(staff_a):
    client = Client()
    client.force_login(staff_a[Role.EDITOR])
    return client


def _staff_url(name, event, **kwargs):
    return reverse(name, kwargs={"org": event.organisation.slug, "pk": event.pk, **kwargs})


def test_changes_by_staff_show_on_the_cached_page_at_once(client, org_a, editor_client):
    event = make_event(org_a, description="Erste Fassung")
    page = event.get_absolute_url()
    first = client.get(page).content.decode()  # fills the cache
    assert "Erste Fassung" in first and "Welche Dienststelle" not in first

    editor_client.post(
        _staff_url("events:staff_materials", event),
        {
            "kind": "slides",
            "title": "Folien zum Vortrag",
            "url": "https://example.org/f.pdf",
            "visibility": Material.Visibility.PUBLIC,
        },
    )
    editor_client.post(
        _staff_url("events:staff_questions", event),
        {"kind": Question.Kind.SHORT_TEXT, "label": "Welche Dienststelle?", "help_text": ""},
    )
    with scopes_disabled():
        event.refresh_from_db()
        event.description = "Zweite Fassung"
        event.save()
    second = client.get(page).content.decode()
    assert "Folien zum Vortrag" in second
    assert "Welche Dienststelle?" in second
    assert "Zweite Fassung" in second and "Erste Fassung" not in second

    with scopes_disabled():
        material = Material.objects.get(event=event)
        question = Question.objects.get(event=event)
    editor_client.post(_staff_url("events:staff_materials", event), {"delete": material.pk})
    editor_client.post(_staff_url("events:staff_question_delete", event, question_id=question.pk))
    third = client.get(page).content.decode()
    assert "Folien zum Vortrag" not in third and "Welche Dienststelle?" not in third


def test_signed_in_people_and_form_errors_do_not_get_the_cached_form(client, org_a, participant):
    event = make_event(org_a)
    page = event.get_absolute_url()
    assert 'name="email"' in client.get(page).content.decode()  # the visitor's form, cached
    errors = client.post(page, {"name": "", "email": "kaputt"}).content.decode()
    assert "Bitte gültige E-Mail-Adresse eingeben." in errors and 'value="kaputt"' in errors
    participant.real_name = "Erika Mustermann"
    participant.save()
    client.force_login(participant)
    signed_in = client.get(page).content.decode()
    assert 'name="email"' not in signed_in
    assert 'value="Erika Mustermann"' in signed_in


def test_a_visitor_s_event_page_needs_two_queries_once_cached(
    client, org_a, django_assert_max_num_queries
):
    event = make_event(org_a)
    client.get(event.get_absolute_url())
    with django_assert_max_num_queries(2):  # the organisation and the event with its seats
        assert client.get(event.get_absolute_url()).status_code == 200
