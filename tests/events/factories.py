from datetime import timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from mitwirken.events.models import Event, Format, Mode


def make_event(organisation, **fields) -> Event:
    """A published online coffee lecture next week, unless told otherwise."""
    starts_at = fields.pop(
        "starts_at", (timezone.now() + timedelta(days=7)).replace(second=0, microsecond=0)
    )
    defaults = {
        "format": Format.COFFEE_LECTURE,
        "status": Event.Status.PUBLISHED,
        "title": "Stadtentwicklung durch Bürgerbeteiligung Bottom-up",
        "teaser": "Living Labs und Beteiligung von unten",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(minutes=40),
        "mode": Mode.ONLINE,
        "online_provider": "WebEx",
        "join_url": "https://meet.example.org/j/123456",
        "access_code": "4711",
        "capacity": 30,
        "contact_email": "beteiligung@example.org",
    }
    with scopes_disabled():
        return Event.objects.create(organisation=organisation, **{**defaults, **fields})


def ask(event, **fields):
    """A registration question of the event (``kind``, ``label``, …), as the staff builder
    adds it: its questionnaire is made with the first question. Options with
    ``question.choices.create(...)``."""
    from mitwirken.questionnaires.models import Questionnaire

    with scopes_disabled():
        if event.questionnaire_id is None:
            event.questionnaire = Questionnaire.objects.create(
                organisation_id=event.organisation_id
            )
            event.save(update_fields=["questionnaire", "updated_at"])
        return event.questionnaire.questions.create(**fields)


def answer(registration, question, text="", choices=()):
    """An answer of the registration (its response made with the first)."""
    from mitwirken.questionnaires.models import Response

    with scopes_disabled():
        if registration.response_id is None:
            registration.response = Response.objects.create(
                questionnaire_id=question.questionnaire_id
            )
            registration.save(update_fields=["response"])
        given = registration.response.answers.create(question=question, text=text)
        given.choices.set(choices)
        return given


def answers_of(registration) -> dict:
    """Question id → text of the registration's answers."""
    from mitwirken.questionnaires.models import Answer

    with scopes_disabled():
        registration.refresh_from_db()
        return dict(
            Answer.objects.filter(response=registration.response_id).values_list(
                "question_id", "text"
            )
        )
