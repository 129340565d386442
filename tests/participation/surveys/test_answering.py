"""Answering a survey page by page: the progress, conditions evaluated on the server (a hidden
question is never asked and its answer never stored), bad input with German errors that loses
nothing, one response per account, invitation and access code."""

import pytest
from django_scopes import scopes_disabled

from mitwirken.participation import access
from mitwirken.participation.models import AccessCode, Invitation, Project
from mitwirken.participation.models_surveys import SurveyParticipation
from mitwirken.questionnaires.models import Answer, Response

from .conftest import state_of
from .factories import ask, choice, make_survey, url

pytestmark = pytest.mark.django_db


def _answers(survey):
    with scopes_disabled():
        return {
            a.question_id: a
            for a in Answer.objects.filter(response__questionnaire_id=survey.questionnaire_id)
        }


def _first(client, survey):
    response = client.get(survey.module.get_absolute_url())
    assert response.status_code == 200
    return response


def test_a_car_driver_is_asked_why_not_by_bike_and_a_cyclist_never(client, mobility):
    q = mobility.q
    page = _first(client, mobility)
    html = page.content.decode()
    assert "Seite 1 von 2" in html
    assert "Diese Umfrage ist anonym." in html
    assert q["why"].label not in html  # shown only after the answer "Auto"
    # A cyclist: the question stays hidden; "Weiter" leads to page 2.
    data = {**state_of(page), f"q{q['mode'].pk}": choice(q["mode"], "Rad").pk}
    page = client.post(url(mobility, "survey_next"), data)
    html = page.content.decode()
    assert "Seite 2 von 2" in html and "Ihr Quartier" in html
    # A forged answer to the hidden question on the last page is not stored.
    data = {
        **state_of(page),
        f"q{q['scale'].pk}": "4",
        f"q{q['remark'].pk}": "Mehr Bänke",
        f"q{q['why'].pk}": "untergeschoben",
    }
    done = client.post(url(mobility, "survey_submit"), data)
    assert done.status_code == 302 and done["Location"].endswith("/danke/")
    answers = _answers(mobility)
    assert set(answers) == {q["mode"].pk, q["scale"].pk, q["remark"].pk}
    assert answers[q["scale"].pk].value == 4


def test_a_condition_on_the_same_page_is_asked_before_going_on(client, mobility):
    q = mobility.q
    page = _first(client, mobility)
    data = {**state_of(page), f"q{q['mode'].pk}": choice(q["mode"], "Auto").pk}
    page = client.post(url(mobility, "survey_next"), data)
    html = page.content.decode()
    # Still page 1: the new question is asked first.
    assert "Seite 1 von 2" in html and q["why"].label in html
    data = {
        **state_of(page),
        f"q{q['mode'].pk}": choice(q["mode"], "Auto").pk,
        f"q{q['why'].pk}": "Zu weit",
    }
    page = client.post(url(mobility, "survey_next"), data)
    assert "Seite 2 von 2" in page.content.decode()
    # Back to page 1: the answers so far are still there.
    page = client.post(url(mobility, "survey_back"), state_of(page))
    html = page.content.decode()
    assert "Seite 1 von 2" in html and "Zu weit" in html
    done = client.post(
        url(mobility, "survey_next"),
        {
            **state_of(page),
            f"q{q['mode'].pk}": choice(q["mode"], "Auto").pk,
            f"q{q['why'].pk}": "Zu weit",
        },
    )
    done = client.post(url(mobility, "survey_submit"), state_of(done))
    assert done.status_code == 302
    assert _answers(mobility)[q["why"].pk].text == "Zu weit"


def test_a_hidden_answer_is_dropped_when_the_answer_it_depends_on_changes(client, mobility):
    q = mobility.q
    page = _first(client, mobility)
    auto = {f"q{q['mode'].pk}": choice(q["mode"], "Auto").pk, f"q{q['why'].pk}": "Zu weit"}
    page = client.post(url(mobility, "survey_next"), {**state_of(page), **auto})
    page = client.post(url(mobility, "survey_next"), {**state_of(page), **auto})
    page = client.post(url(mobility, "survey_back"), state_of(page))
    # Now a cyclist after all: "why not by bike" goes, with its answer.
    bike = {f"q{q['mode'].pk}": choice(q["mode"], "Rad").pk}
    page = client.post(url(mobility, "survey_next"), {**state_of(page), **bike})
    client.post(url(mobility, "survey_submit"), state_of(page))
    assert q["why"].pk not in _answers(mobility)


def test_bad_input_gets_german_errors_and_loses_nothing_on_the_page(client, mobility):
    q = mobility.q
    page = _first(client, mobility)
    page = client.post(
        url(mobility, "survey_next"),
        {**state_of(page), f"q{q['mode'].pk}": choice(q["mode"], "Bus").pk},
    )
    options = list(q["ranking"].choices.all()) if False else None  # noqa: F841
    with scopes_disabled():
        ranked = list(q["ranking"].choices.all())
    data = {
        **state_of(page),
        f"q{q['scale'].pk}": "9",  # the scale goes from 1 to 5
        **{f"q{q['ranking'].pk}_{option.pk}": "1" for option in ranked},  # rank 1 three times
        f"q{q['remark'].pk}": "Mehr Bänke am Markt",
    }
    page = client.post(url(mobility, "survey_submit"), data)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Bitte korrigieren Sie" in html
    assert "Jeder Rang darf nur einmal vergeben werden." in html
    assert "Mehr Bänke am Markt" in html  # kept
    assert "von 1 bis 5" in html
    # An overlong text: its own error, the rest kept.
    data[f"q{q['scale'].pk}"] = "3"
    data[f"q{q['remark'].pk}"] = "x" * 5001
    data.update({f"q{q['ranking'].pk}_{o.pk}": str(i + 1) for i, o in enumerate(ranked)})
    page = client.post(url(mobility, "survey_submit"), {**data, **state_of(page)})
    html = page.content.decode()
    assert "höchstens" in html and "Zeichen" in html
    assert 'value="3"' in html and "checked" in html
    with scopes_disabled():
        assert not Response.objects.filter(questionnaire_id=mobility.questionnaire_id).exists()


def test_a_required_question_must_be_answered_before_going_on(client, mobility):
    page = _first(client, mobility)
    page = client.post(url(mobility, "survey_next"), state_of(page))
    html = page.content.decode()
    assert "Seite 1 von 2" in html and "Bitte treffen Sie eine Auswahl" in html


def _submit_simple(client, survey, question):
    page = client.get(survey.module.get_absolute_url())
    if "Seite 1 von 1" not in page.content.decode():
        return page
    return client.post(url(survey, "survey_submit"), {**state_of(page), f"q{question.pk}": "ja"})


def test_one_response_per_account(client, org_a, participant):
    survey = make_survey(org_a, answerers="account")
    question = ask(survey, "short_text", "Ihr Wunsch")
    response = client.get(survey.module.get_absolute_url())
    assert "Bitte melden Sie sich an" in response.content.decode()
    client.force_login(participant)
    assert _submit_simple(client, survey, question).status_code == 302
    again = client.get(survey.module.get_absolute_url())
    assert "bereits an dieser Umfrage teilgenommen" in again.content.decode()
    with scopes_disabled():
        assert SurveyParticipation.objects.filter(survey=survey, user=participant).count() == 1


def test_one_response_per_invitation_and_per_access_code(client, org_a):
    for kind in (Project.Access.INVITED, Project.Access.CODE):
        survey = make_survey(org_a, access=kind)
        question = ask(survey, "short_text", "Ihr Wunsch")
        project = survey.module.project
        with scopes_disabled():
            if kind == Project.Access.INVITED:
                grant = {
                    "invitation": Invitation.objects.create(project=project, email="a@example.org")
                }
            else:
                grant = {"access_code": AccessCode.objects.create(project=project)}
        closed = client.get(survey.module.get_absolute_url())
        assert "Sie können an diesem Projekt noch nicht teilnehmen" in closed.content.decode()
        session = client.session
        session[access.SESSION_KEY] = {
            str(project.pk): {"invitation": grant["invitation"].pk}
            if "invitation" in grant
            else {"code": grant["access_code"].pk}
        }
        session.save()
        assert _submit_simple(client, survey, question).status_code == 302
        # A second browser with the same invitation or code is refused too.
        other = client_class_copy(client)
        again = _submit_simple(other, survey, question)
        assert "bereits an dieser Umfrage teilgenommen" in again.content.decode()
        with scopes_disabled():
            assert Response.objects.filter(questionnaire_id=survey.questionnaire_id).count() == 1


def client_class_copy(client):
    from django.test import Client

    other = Client()
    session = other.session
    session[access.SESSION_KEY] = client.session[access.SESSION_KEY]
    session.save()
    return other


def test_the_header_of_a_survey_that_is_not_anonymous_says_so(client, org_a):
    survey = make_survey(org_a, anonymous=False)
    ask(survey, "short_text", "Ihr Wunsch")
    html = client.get(survey.module.get_absolute_url()).content.decode()
    assert "Diese Umfrage ist nicht anonym." in html


def test_a_closed_survey_says_so(client, org_a):
    survey = make_survey(org_a)
    with scopes_disabled():
        project = survey.module.project
        project.status = Project.Status.CONCLUDED
        project.save()
    html = client.get(survey.module.get_absolute_url()).content.decode()
    assert "derzeit nicht geöffnet" in html
