"""The owners of today keep working with the new kinds: the event builder offers every kind
of question but no section and keeps a kind's settings; a registration answers a scale, a
matrix and a ranking and the export shows them."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from mitwirken.events.models import Registration
from mitwirken.organisations.models import Role
from mitwirken.questionnaires.models import Answer, Question

from ..events.factories import make_event
from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def _builder(event):
    return reverse(
        "events:staff_questions", kwargs={"org": event.organisation.slug, "pk": event.pk}
    )


def test_the_event_builder_offers_no_section_and_keeps_settings(client, org_a, staff_a):
    client.force_login(staff_a[Role.EDITOR])
    event = make_event(org_a)
    page = client.get(_builder(event)).content.decode()
    assert 'value="scale"' in page and 'value="section"' not in page
    assert 'name="rows_text"' in page and 'name="number_min"' in page
    refused = client.post(_builder(event), {"kind": "section", "label": "Teil 2"})
    assert refused.status_code == 200
    client.post(
        _builder(event),
        {"kind": "number", "label": "Begleitpersonen", "number_min": "0", "number_max": "3"},
    )
    client.post(
        _builder(event),
        {"kind": "matrix", "label": "Erwartungen", "rows_text": "Vorträge\nAustausch"},
    )
    client.post(
        _builder(event),
        {"kind": "ranking", "label": "Workshops nach Vorliebe", "choices_text": "A\nB"},
    )
    with scopes_disabled():
        questions = list(Question.objects.filter(questionnaire__event=event))
    assert [(q.kind, q.config) for q in questions] == [
        ("number", {"min": 0, "max": 3}),
        ("matrix", {"rows": ["Vorträge", "Austausch"], "min": 1, "max": 5, "min_label": "",
                    "max_label": ""}),
        ("ranking", {}),
    ]  # fmt: skip


def test_a_registration_answers_the_new_kinds(client, org_a, staff_a):
    event = make_event(org_a)
    client.force_login(staff_a[Role.EDITOR])
    client.post(
        _builder(event),
        {"kind": "scale", "label": "Vorwissen", "scale": "0-10", "min_label": "keins"},
    )
    client.post(_builder(event), {"kind": "ranking", "label": "Themen", "choices_text": "A\nB"})
    with scopes_disabled():
        scale, ranking = Question.objects.filter(questionnaire__event=event)
        first, second = ranking.choices.order_by("pk")
    person = UserFactory(email="konto@example.org")
    client.force_login(person)
    url = reverse("events:detail", kwargs={"org": org_a.slug, "pk": event.pk})
    form = client.get(url).content.decode()
    assert "0 – keins" in form and "Rang 2</option>" in form
    data = {"name": "Konto Person", "accept_privacy": "on", f"q{scale.pk}": "11"}
    wrong = client.post(url, {**data, f"q{ranking.pk}_{first.pk}": "1",
                              f"q{ranking.pk}_{second.pk}": "1"})  # fmt: skip
    assert wrong.status_code == 200
    page = wrong.content.decode()
    assert "Bitte wählen Sie einen Wert von 0 bis 10." in page
    assert "Jeder Rang darf nur einmal vergeben werden." in page
    data[f"q{scale.pk}"] = "7"
    done = client.post(url, {**data, f"q{ranking.pk}_{first.pk}": "2",
                             f"q{ranking.pk}_{second.pk}": "1"})  # fmt: skip
    assert done.status_code == 302
    with scopes_disabled():
        registration = Registration.objects.get(user=person)
        answers = Answer.objects.filter(response=registration.response_id).order_by("question")
        assert [(a.text, a.value) for a in answers] == [("7", 7), ("B > A", [second.pk, first.pk])]
