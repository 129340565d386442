"""Write use-cases of questionnaires. They take plain data (no forms) and know no owner: the
owner's own use-case (``events.services.add_question``) finds or creates its questionnaire,
calls these, and marks its own change (``event.touch()``)."""

from django.db import transaction

from .kinds import get_kind
from .models import Answer, Choice, Question, Questionnaire, Response

__all__ = [
    "new_questionnaire",
    "add_question",
    "delete_question",
    "record_response",
    "copy_questionnaire",
    "erase_responses",
]


def new_questionnaire(organisation) -> Questionnaire:
    return Questionnaire.objects.create(organisation=organisation)


@transaction.atomic
def add_question(
    questionnaire, *, kind, label, help_text="", required=False, options=(), config=None
) -> Question:
    """Add a question at the end. ``options``: (label, seat limit or None) pairs, kept only
    for a kind with options."""
    handler = get_kind(kind)  # LookupError for an unknown kind
    question = Question.objects.create(
        questionnaire=questionnaire,
        kind=kind,
        label=label,
        help_text=help_text,
        required=required,
        position=questionnaire.questions.count(),
        config=config or {},
    )
    if handler.has_options:
        Choice.objects.bulk_create(
            [Choice(question=question, label=text, seat_limit=limit) for text, limit in options]
        )
    return question


@transaction.atomic
def delete_question(question) -> bool:
    """Delete a question nobody has answered yet; answered ones stay (False)."""
    if question.answers.exists():
        return False
    question.delete()
    return True


@transaction.atomic
def record_response(questionnaire, answers: dict, *, submitted_at=None) -> Response | None:
    """One person's answers: ``answers`` maps each Question asked to its cleaned value (as
    the form fields of ``forms.question_fields`` give them). None when nothing was asked (no
    questions): an owner without questions pays no INSERT. Unanswered questions store no
    answer. ``questionnaire`` may be given as its id (an owner that holds only the id).
    ``submitted_at``: what the response says about its time (an anonymous survey gives the
    midnight of the day, so that no row carries a finer time); now if not given."""
    if not answers:
        return None
    questionnaire_id = getattr(questionnaire, "pk", questionnaire)
    stamp = {"submitted_at": submitted_at} if submitted_at is not None else {}
    response = Response.objects.create(questionnaire_id=questionnaire_id, **stamp)
    rows, chosen = [], []
    for question, value in answers.items():
        if question.questionnaire_id != questionnaire_id:
            raise ValueError(
                f"question {question.pk} is not one of questionnaire {questionnaire_id}"
            )
        handler = get_kind(question.kind)
        if handler.is_empty(value):
            continue
        answer = Answer(response=response, question=question)
        chosen.append(handler.store(answer, value))
        rows.append(answer)
    Answer.objects.bulk_create(rows)
    links = [
        Answer.choices.through(answer_id=answer.pk, choice_id=option.pk)
        for answer, options in zip(rows, chosen, strict=True)
        for option in options
    ]
    if links:
        Answer.choices.through.objects.bulk_create(links)
    return response


@transaction.atomic
def copy_questionnaire(questionnaire) -> Questionnaire:
    """A new questionnaire with the same questions and options (no responses)."""
    copy = Questionnaire.objects.create(organisation_id=questionnaire.organisation_id)
    for question in questionnaire.questions.prefetch_related("choices"):
        options = list(question.choices.all())
        question.pk, question.questionnaire = None, copy
        question._state.adding = True
        question.save()
        Choice.objects.bulk_create(
            [Choice(question=question, label=c.label, seat_limit=c.seat_limit) for c in options]
        )
    return copy


def erase_responses(responses) -> None:
    """Delete these responses (a queryset or IDs) with their answers: an owner whose record
    of a person goes (erasure, retention purge) calls it first, as a response does not go
    with it."""
    ids = responses if isinstance(responses, list | tuple | set) else list(responses)
    Response.objects.filter(pk__in=ids).delete()
