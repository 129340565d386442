"""Bad input to the event forms gets a German error next to its field, never a server error
and never a silent loss."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from mitwirken.events.models import Registration, Tag
from mitwirken.questionnaires.models import Question

from .factories import ask, make_event
from .test_staff_and_documents import _edit_data, _url

OVERSIZED = ["99999999999999999999", "9223372036854775808", "-1", "abc", "1\x00"]


@pytest.fixture
def editor(staff_a, client):
    from mitwirken.organisations.models import Role

    client.force_login(staff_a[Role.EDITOR])
    return staff_a[Role.EDITOR]


@pytest.mark.parametrize("kind", ["single_choice", "multiple_choice"])
@pytest.mark.parametrize("value", OVERSIZED)
def test_an_unknown_choice_id_is_a_form_error(client, org_a, kind, value):
    event = make_event(org_a)
    with scopes_disabled():
        question = ask(event, kind=kind, label="Workshop", required=True)
        question.choices.create(label="Workshop A")
        question.choices.create(label="Workshop B")
    response = client.post(
        reverse("events:detail", kwargs={"org": org_a.slug, "pk": event.pk}),
        {
            "name": "Erika",
            "email": "erika@example.org",
            "accept_privacy": "on",
            f"q{question.pk}": value,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bitte wählen Sie eine der angebotenen Optionen." in page
    with scopes_disabled():
        assert not Registration.objects.filter(event=event).exists()


@pytest.mark.parametrize("kind", ["short_text", "checkbox"])
def test_options_typed_for_a_question_without_choices_are_refused(client, org_a, editor, kind):
    event = make_event(org_a)
    response = client.post(
        _url("events:staff_questions", event),
        {"kind": kind, "label": "Dienststelle", "choices_text": "A\nB"},
    )
    page = response.content.decode()
    assert "Auswahlmöglichkeiten gibt es nur bei den Arten" in page
    with scopes_disabled():
        assert not Question.objects.filter(questionnaire__event=event).exists()


@pytest.mark.parametrize("field", ["topics", "target_groups"])
def test_nul_bytes_in_topics_and_target_groups_are_refused(client, org_a, editor, field):
    event = make_event(org_a)
    data = _edit_data(client, event, **{field: "Bau\x00recht, Umwelt"})
    response = client.post(_url("events:staff_edit", event), data)
    assert response.status_code == 200
    assert "nicht erlaubten Steuerzeichen" in response.content.decode()
    with scopes_disabled():
        assert all("\x00" not in name for name in Tag.objects.values_list("name", flat=True))


def test_odd_row_ids_in_the_attendance_list_are_ignored(client, org_a, editor):
    event = make_event(org_a)
    with scopes_disabled():
        present = event.registrations.create(
            name="Erika", email="erika@example.org", status="confirmed", privacy_version="v1"
        )
    response = client.post(
        _url("events:staff_attendance", event),
        {"attended": ["²", "99999999999999999999", "-1", str(present.pk)]},
    )
    assert response.status_code == 302
    present.refresh_from_db()
    assert present.attended
