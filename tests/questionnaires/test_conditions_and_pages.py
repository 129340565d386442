"""Conditions (checked on every change, evaluated on the server, answers of hidden questions
never stored) and pages (sections)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django_scopes import scope

from mitwirken.questionnaires import queries, services
from mitwirken.questionnaires.conditions import visible_questions
from mitwirken.questionnaires.models import Answer, Choice
from mitwirken.questionnaires.pages import split_pages

from .factories import make_questionnaire

pytestmark = pytest.mark.django_db

SURVEY = [
    {"kind": "section", "label": "Über Sie", "help_text": "Ein paar Fragen vorab."},
    {"kind": "yes_no", "label": "Wohnen Sie hier?"},  # A
    {"kind": "single_choice", "label": "Seit wann?", "options": [("kurz", None), ("lang", None)]},
    {"kind": "scale", "label": "Zufriedenheit", "config": {"min": 1, "max": 5}},  # C
    {"kind": "section", "label": "Verkehr", "help_text": ""},
    {"kind": "short_text", "label": "Warum?"},
    {"kind": "ranking", "label": "Wichtig", "options": [("Bus", None), ("Rad", None)]},
]


@pytest.fixture
def survey(org_a):
    return make_questionnaire(org_a, *SURVEY)


def _questions(org, questionnaire):
    with scope(organisation=org):
        return queries.questions_of(questionnaire.pk)


def _by_label(questions):
    return {q.label: q for q in questions}


def _german(call, *args, **kwargs) -> str:
    with translation.override("de"), pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return " ".join(caught.value.messages)


def test_sections_start_pages_and_questions_before_the_first_are_page_one(org_a, org_b):
    plain = make_questionnaire(
        org_a,
        {"kind": "short_text", "label": "Name"},
        {"kind": "section", "label": "Teil 2", "help_text": "Mehr"},
        {"kind": "number", "label": "Alter"},
        {"kind": "section", "label": "Danke", "help_text": "Ende"},
    )
    pages = split_pages(_questions(org_a, plain))
    assert [(p.title, p.intro, [q.label for q in p.questions]) for p in pages] == [
        ("", "", ["Name"]),
        ("Teil 2", "Mehr", ["Alter"]),
        ("Danke", "Ende", []),
    ]
    assert pages[0].section is None and pages[1].section.label == "Teil 2"
    assert split_pages([]) == []
    starting = split_pages(_questions(org_a, make_questionnaire(org_a, *SURVEY)))
    assert [p.title for p in starting] == ["Über Sie", "Verkehr"]  # no empty page 1
    assert [len(p.questions) for p in starting] == [3, 2]


def test_a_section_is_not_a_question(org_a, survey):
    with scope(organisation=org_a):
        section = survey.questions.get(label="Über Sie")
        assert not section.is_question and not section.required
        assert survey.questions.get(label="Warum?").is_question


def test_a_condition_is_checked_when_it_is_set(org_a, survey):
    questions = _questions(org_a, survey)
    q = _by_label(questions)
    other = _by_label(_questions(org_a, make_questionnaire(org_a, *SURVEY)))
    since, why, satisfied = q["Seit wann?"], q["Warum?"], q["Zufriedenheit"]
    with scope(organisation=org_a):
        assert _german(services.set_condition, since, since, [True]) == (
            "Eine Frage kann nicht von sich selbst abhängen."
        )
        assert _german(services.set_condition, since, satisfied, [3]) == (
            "Eine Bedingung kann sich nur auf eine frühere Frage beziehen: "
            "„Zufriedenheit“ steht danach."
        )
        assert _german(services.set_condition, why, q["Verkehr"], [1]) == (
            "Eine Bedingung kann sich nur auf eine Frage beziehen, nicht auf einen Abschnitt."
        )
        assert _german(services.set_condition, q["Verkehr"], q["Wohnen Sie hier?"], [True]) == (
            "Ein Abschnitt kann keine Bedingung haben."
        )
        assert _german(services.set_condition, why, other["Wohnen Sie hier?"], [True]) == (
            "Eine Bedingung kann sich nur auf eine Frage desselben Fragebogens beziehen."
        )
        assert _german(services.set_condition, why, q["Wohnen Sie hier?"], []) == (
            "Bitte wählen Sie mindestens eine Antwort für die Bedingung."
        )
        for wrong in ["ja", 1, None, {"x": 1}, "99999999999999999999999"]:
            assert "ist keine Antwort der Frage „Wohnen Sie hier?“" in _german(
                services.set_condition, why, q["Wohnen Sie hier?"], [wrong]
            )
        assert "ist keine Antwort" in _german(services.set_condition, why, satisfied, [6])
        assert "ist keine Antwort" in _german(services.set_condition, why, satisfied, [True])
        foreign = Choice.objects.get(question=other["Seit wann?"], label="kurz")
        assert "ist keine Antwort" in _german(services.set_condition, why, since, [foreign.pk])
        assert _german(services.set_condition, q["Wichtig"], why, ["x"]) == (
            "Von einer Frage der Art „Kurzer Text“ kann keine andere abhängen."
        )
        # What holds is kept, normalised (an option id given as text is a number).
        short = Choice.objects.get(question=since, label="kurz")
        services.set_condition(why, since, [str(short.pk)])
        services.set_condition(satisfied, q["Wohnen Sie hier?"], [True])
        why.refresh_from_db()
        assert why.config["condition"] == {"question": since.pk, "values": [short.pk]}
        services.set_condition(why, None)
        why.refresh_from_db()
        assert "condition" not in why.config


def test_moving_a_question_above_the_one_it_depends_on_is_refused(org_a, survey):
    q = _by_label(_questions(org_a, survey))
    with scope(organisation=org_a):
        services.set_condition(q["Seit wann?"], q["Wohnen Sie hier?"], [True])
        refused = "„Seit wann?“ hängt von „Wohnen Sie hier?“ ab und muss deshalb danach stehen."
        assert _german(services.move_question, q["Seit wann?"], "up") == refused
        assert _german(services.move_question, q["Wohnen Sie hier?"], "down") == refused
        order = list(survey.questions.values_list("label", flat=True))
        assert order == [item["label"] for item in SURVEY]  # nothing moved
        assert services.move_question(q["Zufriedenheit"], "up") is True
        assert services.move_question(q["Über Sie"], "up") is False  # first already
        assert list(survey.questions.values_list("label", flat=True))[1:4] == [
            "Wohnen Sie hier?",
            "Zufriedenheit",
            "Seit wann?",
        ]
        # A chain cannot be turned into a cycle by moves either.
        services.set_condition(q["Warum?"], q["Seit wann?"], [q["Seit wann?"].choices.first().pk])
        for _step in range(3):
            try:
                services.move_question(q["Warum?"], "up")
            except ValidationError:
                break
        labels = list(survey.questions.values_list("label", flat=True))
        assert (
            labels.index("Wohnen Sie hier?") < labels.index("Seit wann?") < labels.index("Warum?")
        )


def test_a_question_others_depend_on_cannot_be_deleted_nor_lose_what_they_name(org_a, survey):
    q = _by_label(_questions(org_a, survey))
    with scope(organisation=org_a):
        short = q["Seit wann?"].choices.get(label="kurz")
        services.set_condition(q["Warum?"], q["Seit wann?"], [short.pk])
        services.set_condition(q["Wichtig"], q["Seit wann?"], [short.pk])
        assert _german(services.delete_question, q["Seit wann?"]) == (
            "„Seit wann?“ kann nicht gelöscht werden, weil diese Fragen von ihr abhängen: "
            "„Warum?“, „Wichtig“. Bitte entfernen Sie zuerst deren Bedingungen."
        )
        edit = {
            "kind": "single_choice",
            "label": "Seit wann?",
            "options": [("lang", None), ("x", None)],
        }
        assert "„Warum?“" in _german(services.update_question, q["Seit wann?"], **edit)
        assert q["Seit wann?"].choices.filter(label="kurz").exists()  # nothing changed
        as_text = {"kind": "short_text", "label": "Seit wann?"}
        assert "„Warum?“" in _german(services.update_question, q["Seit wann?"], **as_text)
        services.set_condition(q["Warum?"], None)
        services.set_condition(q["Wichtig"], None)
        assert services.delete_question(q["Seit wann?"]) is True


def test_visible_questions_follow_chains(org_a, survey):
    q = _by_label(_questions(org_a, survey))
    with scope(organisation=org_a):
        short, long_ = q["Seit wann?"].choices.order_by("pk")
        services.set_condition(q["Seit wann?"], q["Wohnen Sie hier?"], [True])  # B on A
        services.set_condition(q["Warum?"], q["Seit wann?"], [long_.pk])  # C on B
        services.set_condition(q["Zufriedenheit"], q["Wohnen Sie hier?"], [False])
        questions = _questions(org_a, survey)

    def shown(values):
        return [x.label for x in visible_questions(questions, values) if x.is_question]

    a, b, c = q["Wohnen Sie hier?"].pk, q["Seit wann?"].pk, q["Warum?"].pk
    assert shown({a: True, b: long_}) == ["Wohnen Sie hier?", "Seit wann?", "Warum?", "Wichtig"]
    assert shown({a: True, b: short}) == ["Wohnen Sie hier?", "Seit wann?", "Wichtig"]
    # B hidden (A says no): C is hidden too, whatever B's stale answer says.
    assert shown({a: False, b: long_, c: "x"}) == ["Wohnen Sie hier?", "Zufriedenheit", "Wichtig"]
    assert shown({}) == ["Wohnen Sie hier?", "Wichtig"]
    # Plain ids and the questions of one page only (the target on an earlier page).
    page_two = [x for x in questions if x.label in ("Warum?", "Wichtig")]
    assert [x.label for x in visible_questions(page_two, {b: long_.pk})] == ["Warum?", "Wichtig"]
    assert [x.label for x in visible_questions(page_two, {b: [long_]})] == ["Warum?", "Wichtig"]
    assert [x.label for x in visible_questions(page_two, {})] == ["Wichtig"]


def test_answers_to_hidden_questions_are_never_stored(org_a, survey):
    q = _by_label(_questions(org_a, survey))
    with scope(organisation=org_a):
        short, long_ = q["Seit wann?"].choices.order_by("pk")
        services.set_condition(q["Seit wann?"], q["Wohnen Sie hier?"], [True])
        services.set_condition(q["Warum?"], q["Seit wann?"], [long_.pk])
        questions = _by_label(_questions(org_a, survey))
        answers = {
            questions["Wohnen Sie hier?"]: False,
            questions["Seit wann?"]: long_,
            questions["Warum?"]: "geheim",
            questions["Zufriedenheit"]: 4,
            questions["Über Sie"]: "a section",
        }
        response = services.record_response(survey, answers)
        stored = dict(
            Answer.objects.filter(response=response).values_list("question__label", "text")
        )
        assert stored == {"Wohnen Sie hier?": "nein", "Zufriedenheit": "4"}
        assert not Answer.choices.through.objects.filter(answer__response=response).exists()
        answers[questions["Wohnen Sie hier?"]] = True
        response = services.record_response(survey, answers)
        assert set(
            Answer.objects.filter(response=response).values_list("question__label", flat=True)
        ) == {"Wohnen Sie hier?", "Seit wann?", "Warum?", "Zufriedenheit"}


def test_a_copy_keeps_its_conditions_pointing_at_the_copies(org_a, survey):
    q = _by_label(_questions(org_a, survey))
    with scope(organisation=org_a):
        long_ = q["Seit wann?"].choices.get(label="lang")
        services.set_condition(q["Warum?"], q["Seit wann?"], [long_.pk])
        services.set_condition(q["Zufriedenheit"], q["Wohnen Sie hier?"], [True])
        copy = services.copy_questionnaire(survey)
        copied = _by_label(queries.questions_of(copy.pk))
        assert copied["Warum?"].config["condition"] == {
            "question": copied["Seit wann?"].pk,
            "values": [copied["Seit wann?"].choices.get(label="lang").pk],
        }
        assert copied["Zufriedenheit"].config["condition"] == {
            "question": copied["Wohnen Sie hier?"].pk,
            "values": [True],
        }


@pytest.mark.parametrize("size", [2, 12])
def test_recording_with_conditions_costs_the_same_queries_for_more_questions(
    org_a, size, django_assert_max_num_queries
):
    questions = [{"kind": "yes_no", "label": "Start"}]
    questions += [{"kind": "short_text", "label": f"Frage {n}"} for n in range(size)]
    questionnaire = make_questionnaire(org_a, *questions)
    with scope(organisation=org_a):
        start, *rest = queries.questions_of(questionnaire.pk)
        for question in rest[::2]:
            services.set_condition(question, start, [True])
        start, *rest = queries.questions_of(questionnaire.pk)
        answers = {start: True, **{question: "x" for question in rest}}
        with django_assert_max_num_queries(4):  # savepoint aside: response, answers
            response = services.record_response(questionnaire, answers)
        assert response.answers.count() == size + 1
        with django_assert_max_num_queries(4):
            response = services.record_response(questionnaire, {**answers, start: False})
        assert response.answers.count() == 1 + size // 2
