"""200 submissions of the same person at once: one response; every other request is told in
German that they have taken part already (PostgreSQL: real concurrency)."""

import pytest
from django.db import connection  # noqa: F401  (the skipif condition)
from django.test import Client
from django_scopes import scopes_disabled

from mitwirken.participation.models_surveys import SurveyParticipation
from mitwirken.questionnaires.models import Response

from ...events.test_concurrency import _in_threads
from .conftest import state_of
from .factories import ask, make_survey, url

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_200_submissions_by_the_same_person_make_one_response(org_a, participant):
    survey = make_survey(org_a)
    question = ask(survey, "short_text", "Ihr Wunsch")
    first = Client()
    first.force_login(participant)
    page = first.get(survey.module.get_absolute_url())
    data = {**state_of(page), f"q{question.pk}": "Mehr Grün"}
    clients = []
    for _n in range(200):
        client = Client()
        client.force_login(participant)
        clients.append(client)

    def send(client):
        response = client.post(url(survey, "survey_submit"), data)
        return response.status_code, response.content.decode()

    results, errors = _in_threads([lambda c=c: send(c) for c in clients])
    assert errors == []
    thanked = [status for status, _html in results if status == 302]
    told = [html for status, html in results if status == 200]
    assert len(thanked) == 1
    assert len(told) == 199
    assert all("bereits an dieser Umfrage teilgenommen" in html for html in told)
    with scopes_disabled():
        assert Response.objects.filter(questionnaire_id=survey.questionnaire_id).count() == 1
        assert SurveyParticipation.objects.filter(survey=survey).count() == 1
