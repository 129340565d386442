"""An event asks its registration questions through a questionnaire of its own."""

import pytest
from django.db.models import RestrictedError
from django_scopes import scope, scopes_disabled

from mitwirken.events import services
from mitwirken.events.models import Event
from mitwirken.questionnaires.models import Choice, Question, Questionnaire

from .factories import ask, make_event

pytestmark = pytest.mark.django_db


def test_the_first_question_makes_the_event_s_questionnaire_and_each_saves_the_event(org_a):
    event = make_event(org_a)
    assert event.questionnaire_id is None
    versions = [event.updated_at]
    with scope(organisation=org_a):
        services.add_question(event, kind="short_text", label="Dienststelle")
        versions.append(event.updated_at)
        workshop = services.add_question(
            event,
            kind="single_choice",
            label="Workshop",
            required=True,
            options=[("A", 10), ("B", None)],
        )
        versions.append(event.updated_at)
        event.refresh_from_db()
        assert Questionnaire.objects.count() == 1
        assert event.questionnaire.organisation == org_a
        assert [q.label for q in event.questionnaire.questions.all()] == [
            "Dienststelle",
            "Workshop",
        ]
        assert list(workshop.choices.values_list("label", "seat_limit")) == [("A", 10), ("B", None)]
        assert services.delete_question(event, workshop) is True
        versions.append(event.updated_at)
        assert not Choice.objects.exists()
    assert versions == sorted(versions) and len(set(versions)) == 4  # cached parts renew


def test_a_questionnaire_an_event_asks_cannot_be_deleted_but_goes_with_the_organisation(org_a):
    event = make_event(org_a)
    ask(event, kind="short_text", label="Dienststelle")
    with scopes_disabled():
        event.refresh_from_db()
        with pytest.raises(RestrictedError):
            event.questionnaire.delete()
        org_a.delete()
        assert not Event.objects.exists()
        assert not Questionnaire.objects.exists() and not Question.objects.exists()
