"""Results of a questionnaire, per kind, counted by the database."""

import datetime

import pytest
from django_scopes import scope

from mitwirken.questionnaires.results import questionnaire_results

from .answers import SCALE, Legacy, ask, questionnaire_of, respond

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(org_a):
    with scope(organisation=org_a):
        q = questionnaire_of(org_a)
        s = type("Survey", (), {})()
        s.questionnaire = q
        s.single = ask(q, "single_choice", "Workshop", options=["A", "B", "C"])
        s.multiple = ask(q, "multiple_choice", "Themen", options=["Klima", "Verkehr", "Wohnen"])
        s.yes_no = ask(q, "yes_no", "Wieder dabei?")
        s.checkbox = ask(q, "checkbox", "Gebärdensprache")
        s.scale = ask(q, "scale", "Zufrieden?", config=SCALE)
        s.number = ask(q, "number", "Alter", config={"min": 0, "max": 120})
        s.date = ask(q, "date", "Geburtstag")
        s.matrix = ask(q, "matrix", "Bewertung", config={**SCALE, "rows": ["Ort", "Essen", "Zeit"]})
        s.ranking = ask(q, "ranking", "Wichtig", options=["Geld", "Zeit", "Ruhe"])
        s.text = ask(q, "short_text", "Dienststelle")
        s.section = ask(q, "section", "Teil 2")
        s.unknown = ask(q, "removed_kind", "Alt")
        A, B, C = s.single.options
        K, V, W = s.multiple.options
        G, Z, R = s.ranking.options
        respond(
            q,
            {
                s.single: A,
                s.multiple: [K, V],
                s.yes_no: True,
                s.checkbox: True,
                s.scale: 5,
                s.number: 30,
                s.date: datetime.date(2024, 1, 5),
                s.matrix: {0: 5, 1: 4, 2: 1},
                s.ranking: [G, Z, R],
                s.text: "Amt 1",
            },
        )
        respond(
            q,
            {
                s.single: A,
                s.multiple: [K],
                s.yes_no: False,
                s.checkbox: False,
                s.scale: 4,
                s.number: Legacy(40),
                s.date: datetime.date(2024, 3, 9),
                s.matrix: {0: 4, 2: 2},
                s.ranking: [Z, G, R],
                s.text: "Amt 2",
            },
        )
        respond(
            q,
            {
                s.single: B,
                s.multiple: [W],
                s.yes_no: True,
                s.scale: 4,
                s.number: 50,
                s.matrix: {0: 3, 1: 2, 2: 3},
                s.ranking: [G, R, Z],
            },
        )
        respond(q, {s.single: B})
    return s


def test_smoke(org_a, survey):
    with scope(organisation=org_a):
        results = questionnaire_results(survey.questionnaire)
    for r in results.questions:
        print(
            r.label,
            r.read_as,
            r.answered,
            [(b.label, b.count, b.percent, b.value) for b in r.bars],
            r.mean,
            r.median,
            r.minimum,
            r.maximum,
            r.rows,
            r.ranks,
            r.page and list(r.page),
        )


def test_render(org_a, survey):
    from django.template.loader import render_to_string
    from django.utils import translation

    with scope(organisation=org_a), translation.override("de"):
        results = questionnaire_results(survey.questionnaire)
        html = render_to_string("questionnaires/results/questionnaire.html", {"results": results})
    print(html)


def test_export_smoke(org_a, survey):
    from mitwirken.questionnaires import exports, reading
    from mitwirken.questionnaires.models import Response
    with scope(organisation=org_a):
        qs = reading.readable_questions(survey.questionnaire.pk)
        for row in exports.response_rows(qs, Response.objects.filter(questionnaire=survey.questionnaire)):
            print(row)
        for row in exports.codebook_rows(qs):
            print(row)
