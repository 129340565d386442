"""The survey module's demo content: every kind of question on pages with conditions, the
voluntary questions about who answered with their census shares, generated responses that
keep to the conditions (the same every time), results published; the staff survey."""

import pytest
from django_scopes import scope, scopes_disabled

from mitwirken.participation.models_surveys import DemographicQuestion
from mitwirken.participation.surveys import demo
from mitwirken.questionnaires.kinds import all_kinds
from mitwirken.questionnaires.models import Answer, Response

from ..factories import make_module, make_project

pytestmark = pytest.mark.django_db

DISTRICTS = ["Nordviertel-Mitte", "Am Bahnhof", "Schulviertel", "Kanalufer"]


def _filled(org, role, monkeypatch, count):
    monkeypatch.setattr(demo, "QUARTER_RESPONSES", count)
    project = make_project(org, districts=DISTRICTS)
    module = make_module(project)
    with scope(organisation=org):
        demo.fill(module, role)
    with scopes_disabled():
        module.survey.refresh_from_db()
        return module.survey


def _answers(survey) -> list:
    """{question label: answer} per response."""
    rows = {}
    with scopes_disabled():
        for answer in Answer.objects.filter(
            response__questionnaire_id=survey.questionnaire_id
        ).select_related("question"):
            rows.setdefault(answer.response_id, {})[answer.question.label] = answer
    return list(rows.values())


def test_the_quarter_survey_asks_every_kind_and_keeps_to_its_conditions(org_a, monkeypatch):
    survey = _filled(org_a, "quarter", monkeypatch, 80)
    with scopes_disabled():
        questions = list(survey.questionnaire.questions.all())
        kinds = {q.kind for q in questions}
        assert kinds >= {"section", "single_choice", "multiple_choice", "scale", "matrix"}
        assert kinds >= {"ranking", "yes_no", "number", "date", "short_text", "long_text"}
        asked = [q for q in questions if q.kind != "section"]
        assert 20 <= len(asked) <= 25
        assert sum(1 for q in questions if q.kind == "section") == 4
        assert sum(1 for q in questions if "condition" in q.config) >= 2
        demographics = DemographicQuestion.objects.filter(survey=survey)
        assert demographics.count() == 3
        district = next(d for d in demographics if d.question.label.startswith("In welchem"))
        assert [c.label for c in district.question.choices.all()] == DISTRICTS
        assert len(district.reference) == 4
        responses = Response.objects.filter(questionnaire_id=survey.questionnaire_id)
        assert responses.count() == 80
        # anonymous: the day only
        assert {(r.submitted_at.hour, r.submitted_at.minute) for r in responses} <= {
            (23, 0),
            (0, 0),
        }
    assert survey.anonymous and survey.results_public
    rows = _answers(survey)
    car = "Hat Ihr Haushalt ein eigenes Auto?"
    car_use = "Wie oft nutzen Sie das Auto?"
    bus = "Wie zufrieden sind Sie mit Bus und Bahn im Nordviertel?"
    mode = "Wie sind Sie im Nordviertel meistens unterwegs?"
    assert any(car_use in row for row in rows)
    for row in rows:
        if car_use in row:
            assert row[car].value is True
        if bus in row:
            assert row[mode].text == "Bus und Bahn"
    assert any(row[car].value is False for row in rows)


def test_the_demo_draws_the_same_answers_every_time(org_a, org_b, monkeypatch):
    first = _filled(org_a, "quarter", monkeypatch, 10)
    second = _filled(org_b, "quarter", monkeypatch, 10)

    def texts(survey):
        return sorted(
            (answer.question.label, answer.text)
            for row in _answers(survey)
            for answer in row.values()
        )

    assert texts(first) == texts(second)


def test_the_staff_survey(org_a, monkeypatch):
    survey = _filled(org_a, "staff", monkeypatch, 0)
    with scopes_disabled():
        assert 8 <= survey.questionnaire.questions.count() <= 10
        assert Response.objects.filter(questionnaire_id=survey.questionnaire_id).count() == 60
    assert survey.anonymous


def test_every_registered_kind_is_demonstrated():
    used = {spec[1] for spec in demo.QUARTER_QUESTIONS}
    assert {kind.code for kind in all_kinds()} - used <= {"checkbox"}
