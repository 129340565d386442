"""Questions and responses stored as the answer contract says (kind codes, config, the shapes
of Answer.text/.choices/.value), made directly as rows: the reading side needs no registered
kind to read them."""

import datetime

from django.utils import timezone
from django_scopes import scope

from mitwirken.questionnaires.models import Answer, Choice, Question, Questionnaire, Response

SCALE = {"min": 1, "max": 5, "min_label": "gar nicht", "max_label": "sehr"}


def questionnaire_of(organisation) -> Questionnaire:
    with scope(organisation=organisation):
        return Questionnaire.objects.create(organisation=organisation)


def ask(questionnaire, kind, label, *, options=(), config=None, position=None) -> Question:
    if position is None:
        position = Question.objects.filter(questionnaire=questionnaire).count()
    question = Question.objects.create(
        questionnaire=questionnaire, kind=kind, label=label, config=config or {}, position=position
    )
    question.options = [Choice.objects.create(question=question, label=text) for text in options]
    return question


class Legacy:
    """A number as stored before number answers had a value (text only)."""

    def __init__(self, number):
        self.number = number


def stored(question, given) -> tuple[str, object, list]:
    """(text, value, choices) of an answer ``given`` as the contract stores it."""
    kind = question.kind
    if isinstance(given, Legacy):
        return str(given.number), None, []
    if kind == "single_choice":
        return given.label, None, [given]
    if kind in ("multiple_choice",):
        return ", ".join(c.label for c in given), None, list(given)
    if kind == "ranking":
        return " > ".join(c.label for c in given), [c.pk for c in given], []
    if kind == "yes_no":
        return ("ja" if given else "nein"), bool(given), []
    if kind == "checkbox":
        return ("ja" if given else "nein"), None, []
    if kind == "number":
        return str(given), given, []
    if kind == "scale":
        return str(given), given, []
    if kind == "date":
        return given.strftime("%d.%m.%Y"), given.isoformat(), []
    if kind == "matrix":
        rows = question.config["rows"]
        text = "; ".join(f"{rows[int(i)]}: {v}" for i, v in given.items())
        return text, {str(i): v for i, v in given.items()}, []
    return str(given), None, []


def respond(questionnaire, answers: dict, submitted_at=None) -> Response:
    """One response: ``answers`` maps a Question to what was given (see ``stored``)."""
    return respond_many(questionnaire, [answers], submitted_at=submitted_at)[0]


def respond_many(questionnaire, many: list, submitted_at=None) -> list:
    """Responses in a few queries (bulk), e.g. thousands for a query count or memory test."""
    now = submitted_at or timezone.now()
    responses = Response.objects.bulk_create(
        Response(questionnaire=questionnaire, submitted_at=now + datetime.timedelta(seconds=i))
        for i in range(len(many))
    )
    if responses and responses[0].pk is None:
        responses = list(Response.objects.order_by("-pk")[: len(many)])[::-1]
    rows, chosen = [], []
    for response, answers in zip(responses, many, strict=True):
        for question, given in answers.items():
            text, value, choices = stored(question, given)
            rows.append(Answer(response=response, question=question, text=text, value=value))
            chosen.append(choices)
    Answer.objects.bulk_create(rows)
    if rows and rows[0].pk is None:
        rows = list(Answer.objects.order_by("-pk")[: len(rows)])[::-1]
    Answer.choices.through.objects.bulk_create(
        Answer.choices.through(answer_id=answer.pk, choice_id=choice.pk)
        for answer, choices in zip(rows, chosen, strict=True)
        for choice in choices
    )
    return responses
