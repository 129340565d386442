"""The move of the registration questions into the questionnaires app (events 0005/0006):
old-style questions, options, limits and answers are found again afterwards, and going
back restores them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from mitwirken.questionnaires.models import Questionnaire

BEFORE = [("events", "0004_private_material_files")]
AFTER = [("events", "0006_remove_old_questions")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def _old_data(apps):
    Organisation = apps.get_model("organisations", "Organisation")
    Event = apps.get_model("events", "Event")
    Registration = apps.get_model("events", "Registration")
    organisation = Organisation.objects.create(name="Stadt Alt", slug="stadt-alt")
    start = timezone.now() + timedelta(days=7)
    event, plain = (
        Event.objects.create(
            organisation=organisation,
            format="conference",
            status="published",
            title=title,
            starts_at=start,
            ends_at=start + timedelta(hours=8),
            mode="in_person",
        )
        for title in ("Fachtag", "Ohne Fragen")
    )
    office = event.questions.create(kind="short_text", label="Dienststelle", required=True)
    workshop = event.questions.create(
        kind="single_choice", label="Workshop", help_text="Eine Runde", position=1
    )
    small = workshop.choices.create(label="Workshop A", seat_limit=1)
    workshop.choices.create(label="Workshop B")
    people = {}
    for name in ("Anna", "Ben", "Cem"):
        people[name] = Registration.objects.create(
            event=event,
            name=name,
            email=f"{name.lower()}@example.org",
            status="confirmed",
            privacy_version="v1",
        )
    Registration.objects.create(
        event=plain, name="Dora", email="dora@example.org", status="confirmed", privacy_version="v1"
    )
    people["Anna"].answers.create(question=office, text="Bauamt")
    chosen = people["Anna"].answers.create(question=workshop, text="Workshop A")
    chosen.choices.set([small])
    people["Ben"].answers.create(question=office, text="Kämmerei")
    return {"office": office.pk, "workshop": workshop.pk, "small": small.pk}


def _answers(apps) -> dict:
    """name → {question label: (text, option labels)} after the move."""
    Registration = apps.get_model("events", "Registration")
    Answer = apps.get_model("questionnaires", "Answer")
    found = {}
    for registration in Registration.objects.order_by("name"):
        answers = Answer.objects.filter(response=registration.response_id).order_by("pk")
        found[registration.name] = {
            a.question.label: (a.text, [c.label for c in a.choices.all()]) for a in answers
        }
    return found


@pytest.mark.django_db(transaction=True)
def test_questions_options_limits_and_answers_move_into_questionnaires():
    try:
        ids = _old_data(_migrate(BEFORE))
        apps = _migrate(AFTER)
        Event = apps.get_model("events", "Event")
        Registration = apps.get_model("events", "Registration")
        Question = apps.get_model("questionnaires", "Question")
        event = Event.objects.get(title="Fachtag")
        assert Event.objects.get(title="Ohne Fragen").questionnaire_id is None
        assert event.questionnaire.organisation_id == event.organisation_id
        questions = list(Question.objects.filter(questionnaire=event.questionnaire_id))
        assert [
            (q.pk, q.kind, q.label, q.help_text, q.required, q.position, q.config)
            for q in questions
        ] == [
            (ids["office"], "short_text", "Dienststelle", "", True, 0, {}),
            (ids["workshop"], "single_choice", "Workshop", "Eine Runde", False, 1, {}),
        ]
        assert [
            (c.pk == ids["small"], c.label, c.seat_limit) for c in questions[1].choices.all()
        ] == [
            (True, "Workshop A", 1),
            (False, "Workshop B", None),
        ]
        assert _answers(apps) == {
            "Anna": {"Dienststelle": ("Bauamt", []), "Workshop": ("Workshop A", ["Workshop A"])},
            "Ben": {"Dienststelle": ("Kämmerei", [])},
            "Cem": {},
            "Dora": {},
        }
        # Only who answered has a response, and it belongs to the event's questionnaire.
        responses = Registration.objects.filter(response__isnull=False)
        assert sorted(responses.values_list("name", flat=True)) == ["Anna", "Ben"]
        assert {r.response.questionnaire_id for r in responses} == {event.questionnaire_id}
        # New rows get new IDs (the sequences were moved past the kept ones).
        added = Question.objects.create(
            questionnaire=event.questionnaire, kind="number", label="Personen", position=2
        )
        assert added.pk > ids["workshop"]
        added.delete()

        apps = _migrate(BEFORE)  # and back
        Registration = apps.get_model("events", "Registration")
        OldQuestion = apps.get_model("events", "Question")
        assert list(
            OldQuestion.objects.order_by("position").values_list("pk", "label", "event__title")
        ) == [(ids["office"], "Dienststelle", "Fachtag"), (ids["workshop"], "Workshop", "Fachtag")]
        anna = Registration.objects.get(name="Anna")
        assert sorted(
            (a.question.label, a.text, [c.seat_limit for c in a.choices.all()])
            for a in anna.answers.all()
        ) == [("Dienststelle", "Bauamt", []), ("Workshop", "Workshop A", [1])]
        assert Registration.objects.get(name="Ben").answers.get().text == "Kämmerei"
        # Nothing left behind in the questionnaires app (its table stays) to copy twice.
        assert not Questionnaire._base_manager.exists()
        apps = _migrate(AFTER)  # forward again
        assert _answers(apps)["Anna"]["Workshop"] == ("Workshop A", ["Workshop A"])
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
