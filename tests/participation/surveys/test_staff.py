"""The survey's staff pages for every role; editing questions through the builder; results,
exports and "who took part"; query counts that do not grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from mitwirken.organisations.models import Role
from mitwirken.participation.models_surveys import DemographicQuestion
from mitwirken.participation.surveys import services

from ...factories import UserFactory, make_staff
from .conftest import state_of
from .factories import ask, choice, make_survey, url

pytestmark = pytest.mark.django_db

CHANGE_PAGES = [
    "survey_staff",
    "survey_staff_questions",
    "survey_staff_preview",
    "survey_staff_offline",
    "survey_staff_demographics",
]
EVALUATE_PAGES = [
    "survey_staff_results",
    "survey_staff_csv",
    "survey_staff_xlsx",
    "survey_staff_codebook",
]


@pytest.fixture
def survey(org_a):
    survey = make_survey(org_a)
    district = ask(survey, "single_choice", "Wo wohnen Sie?", options=["Nord", "Süd"])
    ask(survey, "scale", "Wie zufrieden?", config={"min": 1, "max": 5})
    survey.district = district
    return survey


def test_every_role_gets_what_it_may(client, org_a, org_b, survey, platform_admin):
    staff = {role: make_staff(org_a, role) for role in Role.values}
    foreign = make_staff(org_b, Role.ADMIN)
    outsider = UserFactory()
    editors = {Role.ADMIN, Role.EDITOR}
    everyone = set(Role.values) - {"member"} if "member" in Role.values else set(Role.values)
    for name in CHANGE_PAGES + EVALUATE_PAGES:
        allowed = editors if name in CHANGE_PAGES else everyone
        target = url(survey, name)
        client.logout()
        assert client.get(target).status_code == 302, name  # to the login
        for role, user in staff.items():
            client.force_login(user)
            status = client.get(target).status_code
            assert status == (200 if role in allowed else 403), (name, role, status)
        for user in (foreign, outsider):
            client.force_login(user)
            assert client.get(target).status_code in (403, 404), name
        client.force_login(platform_admin)
        assert client.get(target).status_code == 200, name


def test_an_editor_builds_the_survey_and_is_told_what_answers_forbid(client, org_a, survey):
    editor = make_staff(org_a, Role.EDITOR)
    client.force_login(editor)
    response = client.post(
        url(survey, "survey_staff_questions"),
        {"kind": "yes_no", "label": "Fahren Sie Rad?", "help_text": ""},
    )
    assert response.status_code == 302
    with scopes_disabled():
        bike = survey.questionnaire.questions.get(label="Fahren Sie Rad?")
    # Moved up: before the question it does not depend on.
    client.post(url(survey, "survey_staff_question_up", question=bike.pk))
    with scopes_disabled():
        bike.refresh_from_db()
    assert bike.position == 1
    # Answers exist: the anonymity cannot change, and the page says what is no longer possible.
    page = client.get(survey.module.get_absolute_url())
    client.logout()
    visitor_page = client.get(survey.module.get_absolute_url())
    client.post(
        url(survey, "survey_submit"),
        {**state_of(visitor_page), f"q{survey.district.pk}": choice(survey.district, "Nord").pk},
    )
    assert page.status_code == 200
    client.force_login(editor)
    html = client.get(url(survey, "survey_staff_questions")).content.decode()
    assert "Nicht mehr möglich" in html
    response = client.post(
        url(survey, "survey_staff"),
        {"anonymous": "", "answerers": "anyone", "draft_days": "30", "margin": "5"},
        follow=True,
    )
    with scopes_disabled():
        survey.refresh_from_db()
    assert survey.anonymous  # the field is disabled once answered
    # An answered question stays.
    client.post(url(survey, "survey_staff_question_delete", question=survey.district.pk))
    with scopes_disabled():
        assert survey.questionnaire.questions.filter(pk=survey.district.pk).exists()


def test_offline_answers_count_and_carry_their_channel(client, org_a, survey):
    editor = make_staff(org_a, Role.EDITOR)
    client.force_login(editor)
    response = client.post(
        url(survey, "survey_staff_offline"),
        {"channel": "letter", f"q{survey.district.pk}": choice(survey.district, "Süd").pk},
    )
    assert response.status_code == 302
    html = client.get(url(survey, "survey_staff_results")).content.decode()
    assert "1 Antwort wurde aus einem Brief" in html
    bad = client.post(url(survey, "survey_staff_offline"), {"channel": "brieftaube"})
    assert bad.status_code == 200 and "Bitte korrigieren Sie" in bad.content.decode()


def test_who_took_part_names_the_groups_under_represented(client, org_a, survey):
    nord, sued = choice(survey.district, "Nord"), choice(survey.district, "Süd")
    with scope(organisation=org_a):
        for chosen in [nord] * 9 + [sued]:
            services.enter_offline(None, survey, {survey.district: chosen}, "workshop")
    editor = make_staff(org_a, Role.EDITOR)
    client.force_login(editor)
    response = client.post(
        url(survey, "survey_staff_demographics"),
        {
            f"d{survey.district.pk}": "on",
            f"d{survey.district.pk}_{nord.pk}": "50",
            f"d{survey.district.pk}_{sued.pk}": "50",
            f"d{survey.district.pk}_source": "Zensus 2022",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert DemographicQuestion.objects.get().reference == {
            str(nord.pk): "50.0",
            str(sued.pk): "50.0",
        }
    html = client.get(url(survey, "survey_staff_results")).content.decode()
    assert "Wen wir erreicht haben – wer hier lebt" in html
    assert "Um mehr als 5 Prozentpunkte unterrepräsentiert:" in html and "Süd" in html
    assert "<svg" in html and "<table" in html
    # Shares over 100 percent are refused in German.
    response = client.post(
        url(survey, "survey_staff_demographics"),
        {
            f"d{survey.district.pk}": "on",
            f"d{survey.district.pk}_{nord.pk}": "80",
            f"d{survey.district.pk}_{sued.pk}": "50",
        },
    )
    assert "mehr als 100 Prozent" in response.content.decode()


def test_the_public_results_only_once_published(client, org_a, survey):
    assert client.get(url(survey, "survey_results")).status_code == 404
    with scopes_disabled():
        survey.results_public = True
        survey.save()
    assert client.get(url(survey, "survey_results")).status_code == 200


def _queries(client, target) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(target).status_code == 200
    return len(captured)


def test_the_survey_page_and_the_results_do_not_grow_with_the_data(client, org_a, survey):
    editor = make_staff(org_a, Role.EDITOR)
    _queries(client, survey.module.get_absolute_url())  # warm: the session, the layout
    few = _queries(client, survey.module.get_absolute_url())
    # Questions on later pages cost the first page nothing (a choice question on the page
    # itself costs one query for its options: the options field reads them again).
    ask(survey, "section", "Weiteres")
    for n in range(30):
        ask(survey, "single_choice", f"Frage {n}", options=["a", "b", "c"])
    many = _queries(client, survey.module.get_absolute_url())
    assert many == few
    client.force_login(editor)
    with scope(organisation=org_a):
        services.enter_offline(
            None, survey, {survey.district: choice(survey.district, "Nord")}, "phone"
        )
    before = _queries(client, url(survey, "survey_staff_results"))
    with scope(organisation=org_a):
        for _n in range(30):
            services.enter_offline(
                None, survey, {survey.district: choice(survey.district, "Süd")}, "phone"
            )
    assert _queries(client, url(survey, "survey_staff_results")) == before
