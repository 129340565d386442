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


class Survey:
    """A questionnaire with a question of every kind of the contract (and a section and a
    kind nobody registered), and four responses: the third skipped some questions, the
    fourth answered only the first."""

    def __init__(self, organisation):
        with scope(organisation=organisation):
            self.questionnaire = q = questionnaire_of(organisation)
            self.single = ask(q, "single_choice", "Workshop", options=["A", "B", "C"])
            self.multiple = ask(
                q, "multiple_choice", "Themen", options=["Klima", "Verkehr", "Wohnen"]
            )
            self.yes_no = ask(q, "yes_no", "Wieder dabei?")
            self.checkbox = ask(q, "checkbox", "Gebärdensprache")
            self.scale = ask(q, "scale", "Zufrieden?", config=SCALE)
            self.number = ask(q, "number", "Alter", config={"min": 0, "max": 120})
            self.date = ask(q, "date", "Anreise")
            self.section = ask(q, "section", "Teil 2")
            self.matrix = ask(
                q, "matrix", "Bewertung", config={**SCALE, "rows": ["Ort", "Essen", "Zeit"]}
            )
            self.ranking = ask(q, "ranking", "Wichtig", options=["Geld", "Zeit", "Ruhe"])
            self.text = ask(q, "short_text", "Dienststelle")
            self.unknown = ask(q, "removed_kind", "Alt")
            a, b, _c = self.single.options
            k, v, w = self.multiple.options
            g, z, r = self.ranking.options
            self.responses = [
                respond(q, self.first(a, [k, v], [g, z, r])),
                respond(
                    q,
                    {
                        self.single: a,
                        self.multiple: [k],
                        self.yes_no: False,
                        self.checkbox: False,
                        self.scale: 4,
                        self.number: Legacy(40),
                        self.date: datetime.date(2024, 3, 9),
                        self.matrix: {0: 4, 2: 2},
                        self.ranking: [z, g, r],
                        self.text: "Amt 2",
                    },
                ),
                respond(
                    q,
                    {
                        self.single: b,
                        self.multiple: [w],
                        self.yes_no: True,
                        self.scale: 4,
                        self.number: 50,
                        self.matrix: {0: 3, 1: 2, 2: 3},
                        self.ranking: [g, r, z],
                    },
                ),
                respond(q, {self.single: b}),
            ]

    def first(self, single, multiple, ranking) -> dict:
        return {
            self.single: single,
            self.multiple: multiple,
            self.yes_no: True,
            self.checkbox: True,
            self.scale: 5,
            self.number: 30,
            self.date: datetime.date(2024, 1, 5),
            self.matrix: {0: 5, 1: 4, 2: 1},
            self.ranking: ranking,
            self.text: '=HYPERLINK("http://böse.example")',
        }
