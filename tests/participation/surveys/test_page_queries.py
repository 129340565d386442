"""The survey page asks the database the same number of times for 10 and for 40 questions:
the option fields use the options read with the questions (no query per choice question)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from .conftest import state_of
from .factories import ask, make_survey, url

pytestmark = pytest.mark.django_db

KINDS = ["single_choice", "multiple_choice", "ranking", "scale", "yes_no", "short_text"]


def _survey(organisation, count):
    survey = make_survey(organisation)
    for n in range(count):
        kind = KINDS[n % len(KINDS)]
        options = (
            ["Auto", "Rad", "Bus", "zu Fuß"] if kind.endswith("choice") or kind == "ranking" else ()
        )
        config = (
            {"min": 1, "max": 5, "min_label": "nie", "max_label": "immer"}
            if kind == "scale"
            else None
        )
        ask(survey, kind, f"Frage {n}", options=options, config=config)
    return survey


def _queries(client, survey) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as get:
        page = client.get(survey.module.get_absolute_url())
    assert page.status_code == 200
    data = {**state_of(page)}
    for question in survey.questionnaire.questions.all():
        if question.kind == "single_choice":
            data[f"q{question.pk}"] = question.choices.first().pk
        elif question.kind == "multiple_choice":
            data[f"q{question.pk}"] = [c.pk for c in question.choices.all()[:2]]
        elif question.kind == "short_text":
            data[f"q{question.pk}"] = "Text"
    with CaptureQueriesContext(connection) as post:
        done = client.post(url(survey, "survey_submit"), data)
    assert done.status_code == 302, done.content.decode()[:2000]
    return len(get), len(post)


def test_the_page_reads_the_same_number_of_times_for_10_and_40_questions(client, org_a):
    with scopes_disabled():
        small = _queries(client, _survey(org_a, 10))
        large = _queries(client, _survey(org_a, 40))
    assert large == small, (small, large)
    assert small[0] <= 12  # GET of the page
    assert small[1] <= 26  # POST of the page (submit): the response, its answers, the mark


def test_the_fresh_page_from_the_cache_shows_a_changed_question_at_once(client, org_a):
    from mitwirken.participation.surveys import services

    survey = make_survey(org_a)
    question = ask(survey, "single_choice", "Wie sind Sie unterwegs?", options=["Auto", "Rad"])
    assert "Wie sind Sie unterwegs?" in client.get(survey.module.get_absolute_url()).text
    with scopes_disabled():
        survey.refresh_from_db()
        services.update_question(
            None,
            survey,
            question,
            kind="single_choice",
            label="Womit sind Sie unterwegs?",
            options=[("Auto", None), ("Rad", None), ("Bus", None)],
        )
    html = client.get(survey.module.get_absolute_url()).text
    assert "Womit sind Sie unterwegs?" in html and "Bus" in html
