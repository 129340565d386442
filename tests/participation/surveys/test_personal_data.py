"""A person's survey data: drafts, the marks that they answered, and their responses to
surveys that are not anonymous are in "Meine Daten" and go with the account; answers to
anonymous surveys cannot be found and stay. "Meine Beteiligung" lists the surveys answered
(anonymous ones only as "teilgenommen (anonym)") and the drafts in progress."""

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from mitwirken.core import personal_data as registry
from mitwirken.participation import access
from mitwirken.participation.models_surveys import SurveyDraft, SurveyParticipation
from mitwirken.participation.surveys import services
from mitwirken.questionnaires.models import Answer, Response

from ...factories import UserFactory
from .factories import ask, make_survey

pytestmark = pytest.mark.django_db


def _handler():
    return next(h for h in registry.handlers() if h.section == "surveys")


def _answer(survey, question, user, text):
    with scope(organisation=survey.module.project.organisation):
        services.submit(survey, access.Participant(user=user), {question: text})


def _named_and_anonymous(org_a):
    named = make_survey(org_a, anonymous=False)
    named.module.title = "Umfrage mit Namen"
    named.module.save()
    anonymous = make_survey(org_a, anonymous=True)
    anonymous.module.title = "Anonyme Umfrage"
    anonymous.module.save()
    return (
        named,
        ask(named, "short_text", "Ihr Vorschlag"),
        anonymous,
        ask(anonymous, "short_text", "Ihr Wunsch"),
    )


def test_responses_drafts_and_marks_are_exported_and_erased(org_a):
    person, other = UserFactory(), UserFactory()
    named, named_q, anonymous, anonymous_q = _named_and_anonymous(org_a)
    _answer(named, named_q, person, "Mehr Bänke")
    _answer(named, named_q, other, "Mehr Bäume")
    _answer(anonymous, anonymous_q, person, "Geheim")
    third = make_survey(org_a)
    with scope(organisation=org_a):
        services.save_draft(third, answers={"1": {"q1": ["x"]}}, page=1, user=person)

    data = _handler().export(person)
    by_survey = {entry["survey"]: entry for entry in data["surveys_answered"]}
    assert by_survey["Umfrage mit Namen"]["answers"] == [
        {"question": "Ihr Vorschlag", "answer": "Mehr Bänke"}
    ]
    assert by_survey["Anonyme Umfrage"]["answers"] == "nicht mit Ihnen verknüpft (anonyme Umfrage)"
    assert "Geheim" not in str(data) and "Mehr Bäume" not in str(data)
    assert "anonym" in data["note"]
    assert data["saved_drafts"][0]["page"] == 2

    _handler().erase(person)
    with scopes_disabled():
        texts = set(Answer.objects.values_list("text", flat=True))
        assert texts == {"Mehr Bäume", "Geheim"}  # the anonymous answer stays, linked to no one
        assert not SurveyDraft.objects.filter(user=person).exists()
        assert not SurveyParticipation.objects.filter(user=person).exists()
        assert SurveyParticipation.objects.filter(survey=anonymous, user=None).count() == 1
        assert Response.objects.filter(questionnaire_id=named.questionnaire_id).count() == 1
    assert _handler().export(other)["surveys_answered"][0]["answers"][0]["answer"] == "Mehr Bäume"


def test_my_participation_names_the_surveys_but_never_the_anonymous_answers(client, org_a):
    person = UserFactory()
    named, named_q, anonymous, anonymous_q = _named_and_anonymous(org_a)
    _answer(named, named_q, person, "Mehr Bänke")
    _answer(anonymous, anonymous_q, person, "Geheim")
    third = make_survey(org_a)
    third.module.title = "Angefangene Umfrage"
    third.module.save()
    with scope(organisation=org_a):
        services.save_draft(third, answers={}, page=0, user=person)
    client.force_login(person)
    html = client.get(reverse("participation:mine")).content.decode()
    assert "Umfrage mit Namen" in html and "Anonyme Umfrage" in html
    assert "teilgenommen (anonym)" in html
    assert "begonnen und gespeichert: fortsetzen bis" in html
    assert third.module.get_absolute_url() in html
    assert "Geheim" not in html and "Mehr Bänke" not in html
    client.force_login(UserFactory())
    html = client.get(reverse("participation:mine")).content.decode()
    assert "Anonyme Umfrage" not in html and "Angefangene Umfrage" not in html
