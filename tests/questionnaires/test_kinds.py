"""The kinds of the contract: each is rendered (accessibly), validated (good, wrong and
hostile input, German errors), stored as the contract says and exported; the builder's
settings per kind with German errors; owners restrict the kinds offered."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django_scopes import scope

from mitwirken.questionnaires import kinds, queries, services
from mitwirken.questionnaires.exports import answer_cells
from mitwirken.questionnaires.forms import (
    ConditionForm,
    QuestionForm,
    answers_of,
    apply_conditions,
    question_fields,
)
from mitwirken.questionnaires.models import Answer, Response

from .factories import make_questionnaire

pytestmark = pytest.mark.django_db

HUGE = "9" * 5000

NEW_KINDS = [
    {"kind": "number", "label": "Alter", "config": {"min": 16, "max": 120}},
    {
        "kind": "multiple_choice",
        "label": "Themen",
        "options": [("Klima", None), ("Verkehr", None), ("Bau", None)],
        "config": {"max_choices": 2},
    },
    {"kind": "yes_no", "label": "Wohnen Sie hier?"},
    {"kind": "date", "label": "Zugezogen am"},
    {
        "kind": "scale",
        "label": "Zufriedenheit",
        "config": {"min": 0, "max": 10, "min_label": "gar nicht", "max_label": "sehr"},
    },
    {
        "kind": "matrix",
        "label": "Wie wichtig ist",
        "required": True,
        "config": {
            "rows": ["Bus", "Rad"],
            "min": 1,
            "max": 5,
            "min_label": "unwichtig",
            "max_label": "sehr wichtig",
        },
    },  # fmt: skip
    {"kind": "ranking", "label": "Rangfolge", "options": [("A", None), ("B", None), ("C", None)]},
    {"kind": "section", "label": "Teil 2", "help_text": "Noch ein paar Fragen"},
]


@pytest.fixture
def questionnaire(org_a):
    return make_questionnaire(org_a, *NEW_KINDS)


@pytest.fixture
def questions(org_a, questionnaire):
    with scope(organisation=org_a):
        return queries.questions_of(questionnaire.pk)


def _form(questions, data=None):
    return type("AskingForm", (forms.Form,), question_fields(questions))(data)


def _q(questions, label):
    return next(q for q in questions if q.label == label)


def _errors(org, questions, data) -> dict:
    with translation.override("de"), scope(organisation=org):
        form = _form(questions, data)
        form.is_valid()
        return {
            q.label: form.errors.get(f"q{q.pk}") for q in questions if f"q{q.pk}" in form.fields
        }


def _option_ids(question, *labels):
    by_label = {c.label: c.pk for c in question.choices.all()}
    return [by_label[label] for label in labels]


def _good(questions) -> dict:
    ranking = _q(questions, "Rangfolge")
    c, a, b = _option_ids(ranking, "C", "A", "B")
    matrix = f"q{_q(questions, 'Wie wichtig ist').pk}"
    rank = f"q{ranking.pk}"
    return {
        f"q{_q(questions, 'Alter').pk}": "42",
        f"q{_q(questions, 'Themen').pk}": [
            str(pk) for pk in _option_ids(_q(questions, "Themen"), "Klima", "Bau")
        ],
        f"q{_q(questions, 'Wohnen Sie hier?').pk}": "no",
        f"q{_q(questions, 'Zugezogen am').pk}": "04.03.2019",
        f"q{_q(questions, 'Zufriedenheit').pk}": "0",
        f"{matrix}_0": "5",
        f"{matrix}_1": "2",
        f"{rank}_{c}": "1",
        f"{rank}_{a}": "2",
        f"{rank}_{b}": "3",
    }  # fmt: skip


def test_the_new_kinds_are_registered_and_only_a_section_is_no_question():
    codes = [code for code, _label in kinds.kind_choices()]
    for code in ["yes_no", "date", "scale", "matrix", "ranking", "section"]:
        assert code in codes
    assert [k.code for k in kinds.all_kinds() if not k.is_question] == ["section"]
    assert "section" not in kinds.question_kind_codes()
    assert kinds.find_kind("gone") is None


def test_every_kind_renders_accessibly_and_a_section_has_no_field(org_a, questions):
    form = _form(questions)
    section = _q(questions, "Teil 2")
    assert f"q{section.pk}" not in form.fields
    with scope(organisation=org_a), translation.override("de"):
        html = {q.label: form[f"q{q.pk}"].as_field_group() for q in questions if q.is_question}
    assert 'min="16"' in html["Alter"] and 'max="120"' in html["Alter"]
    assert "Sie können bis zu 2 Optionen wählen." in html["Themen"]
    assert ">Ja</label>" in html["Wohnen Sie hier?"] and ">Nein</label>" in html["Wohnen Sie hier?"]
    assert 'type="date"' in html["Zugezogen am"]
    scale = html["Zufriedenheit"]
    assert "<legend" in scale and "kern-fieldset__body--horizontal" in scale
    assert scale.count('type="radio"') == 11
    assert "0 – gar nicht</label>" in scale and "10 – sehr</label>" in scale  # end labels shown
    matrix = html["Wie wichtig ist"]
    assert matrix.count("<fieldset") == 3 and '<legend class="kern-label">Bus</legend>' in matrix
    assert matrix.count('type="radio"') == 10
    # Each radio button has a label naming its row (for screen readers) and its value.
    matrix_q = _q(questions, "Wie wichtig ist")
    assert (
        f'<label class="kern-label" for="id_q{matrix_q.pk}_1_5"><span class="kern-sr-only">Rad: '
        "</span>5 – sehr wichtig</label>"
    ) in matrix
    ranking = html["Rangfolge"]
    assert ranking.count("<select") == 3 and "Rang 3</option>" in ranking
    assert '<span class="kern-sr-only">Rang von </span>A</label>' in ranking


def test_good_answers_are_stored_as_the_contract_says_and_exported(org_a, questionnaire, questions):
    with scope(organisation=org_a), translation.override("de"):
        form = _form(questions, _good(questions))
        assert form.is_valid(), form.errors
        response = services.record_response(questionnaire, answers_of(form, questions))
        stored = {
            a.question.label: (a.text, a.value, sorted(c.label for c in a.choices.all()))
            for a in Answer.objects.filter(response=response).select_related("question")
        }
        ranking = _q(questions, "Rangfolge")
        assert stored == {
            "Alter": ("42", 42, []),
            "Themen": ("Klima, Bau", None, ["Bau", "Klima"]),
            "Wohnen Sie hier?": ("nein", False, []),
            "Zugezogen am": ("04.03.2019", "2019-03-04", []),
            "Zufriedenheit": ("0", 0, []),
            "Wie wichtig ist": ("Bus: 5; Rad: 2", {"0": 5, "1": 2}, []),
            "Rangfolge": ("C > A > B", _option_ids(ranking, "C", "A", "B"), []),
        }
        response = Response.objects.prefetch_related("answers").get(pk=response.pk)
        cells = answer_cells([q for q in questions if q.is_question], response)
    assert cells == [
        42,
        "Klima, Bau",
        "nein",
        datetime.date(2019, 3, 4),
        0,
        "Bus: 5; Rad: 2",
        "C > A > B",
    ]


def test_a_number_answer_of_before_without_value_still_exports_as_a_number(org_a, questions):
    number = _q(questions, "Alter")
    assert number.kind_handler.export_value(Answer(question=number, text="-7")) == -7
    assert number.kind_handler.export_value(Answer(question=number, text="7", value=7)) == 7
    assert number.kind_handler.export_value(Answer(question=number, text="x")) == "x"


def test_wrong_and_hostile_answers_get_german_errors(org_a, questions):
    good = _good(questions)
    ranking = _q(questions, "Rangfolge")
    c, a, b = _option_ids(ranking, "C", "A", "B")
    matrix = f"q{_q(questions, 'Wie wichtig ist').pk}"
    rank = f"q{ranking.pk}"
    themes = _option_ids(_q(questions, "Themen"), "Klima", "Verkehr", "Bau")
    cases = [
        ("Alter", {f"q{_q(questions, 'Alter').pk}": "15"}, "größer oder gleich 16"),
        ("Alter", {f"q{_q(questions, 'Alter').pk}": "121"}, "kleiner oder gleich 120"),
        ("Alter", {f"q{_q(questions, 'Alter').pk}": HUGE}, "ganze Zahl"),
        ("Themen", {f"q{_q(questions, 'Themen').pk}": [str(x) for x in themes]},
         "Bitte wählen Sie höchstens 2 Optionen."),
        ("Themen", {f"q{_q(questions, 'Themen').pk}": ["1e3"]},
         "Bitte wählen Sie eine der angebotenen Optionen."),
        ("Wohnen Sie hier?", {f"q{_q(questions, 'Wohnen Sie hier?').pk}": "vielleicht"},
         "Bitte wählen Sie eine der angebotenen Optionen."),
        ("Zugezogen am", {f"q{_q(questions, 'Zugezogen am').pk}": "2019-02-30"},
         "Bitte geben Sie ein gültiges Datum ein, z. B. 31.12.2027."),
        ("Zugezogen am", {f"q{_q(questions, 'Zugezogen am').pk}": HUGE},
         "Bitte geben Sie ein gültiges Datum ein, z. B. 31.12.2027."),
        ("Zufriedenheit", {f"q{_q(questions, 'Zufriedenheit').pk}": "11"},
         "Bitte wählen Sie einen Wert von 0 bis 10."),
        ("Zufriedenheit", {f"q{_q(questions, 'Zufriedenheit').pk}": "-1"},
         "Bitte wählen Sie einen Wert von 0 bis 10."),
        ("Wie wichtig ist", {f"{matrix}_0": "6"}, "Bitte wählen Sie einen Wert von 1 bis 5."),
        ("Wie wichtig ist", {f"{matrix}_0": HUGE}, "Bitte wählen Sie einen Wert von 1 bis 5."),
        ("Wie wichtig ist", {f"{matrix}_1": ""}, "Bitte beantworten Sie jede Zeile: „Rad“ fehlt."),
        ("Rangfolge", {f"{rank}_{a}": "1"}, "Jeder Rang darf nur einmal vergeben werden."),
        ("Rangfolge", {f"{rank}_{a}": "4"}, "Bitte vergeben Sie Ränge von 1 bis 3."),
        ("Rangfolge", {f"{rank}_{a}": "x"}, "Bitte vergeben Sie Ränge von 1 bis 3."),
        ("Rangfolge", {f"{rank}_{a}": HUGE}, "Bitte vergeben Sie Ränge von 1 bis 3."),
        ("Rangfolge", {f"{rank}_{a}": ""}, "Bitte vergeben Sie jeder Option einen Rang."),
    ]  # fmt: skip
    for label, change, message in cases:
        errors = _errors(org_a, questions, {**good, **change})
        assert errors[label] and message in errors[label][0], (label, change, errors[label])
        assert [other for other, error in errors.items() if error] == [label]
    # The matrix is required: nothing answered names it.
    empty = {k: v for k, v in good.items() if not k.startswith(matrix)}
    assert _errors(org_a, questions, empty)["Wie wichtig ist"] == [
        "Dieses Feld ist zwingend erforderlich."  # shown naming the field (core.forms)
    ]
    assert c  # the ranks of the others stayed as given


def test_unanswered_optional_kinds_store_nothing(org_a, questionnaire, questions):
    matrix = f"q{_q(questions, 'Wie wichtig ist').pk}"
    with scope(organisation=org_a):
        form = _form(questions, {f"{matrix}_0": "1", f"{matrix}_1": "1"})
        assert form.is_valid(), form.errors
        response = services.record_response(questionnaire, answers_of(form, questions))
        assert list(response.answers.values_list("question__label", flat=True)) == [
            "Wie wichtig ist"
        ]


def test_a_broken_config_or_a_removed_kind_does_not_break_asking(org_a, questionnaire, questions):
    scale = _q(questions, "Zufriedenheit")
    scale.config = {"min": "x", "max": 99}
    field = question_fields([scale])[f"q{scale.pk}"]
    assert [value for value, _label in field.choices] == [1, 2, 3, 4, 5]
    gone = _q(questions, "Alter")
    gone.kind = "removed_kind"
    assert question_fields([gone]) == {}
    assert not gone.has_options and gone.get_kind_display() == "removed_kind"
    with scope(organisation=org_a):
        assert services.record_response(questionnaire, {gone: 3}).answers.count() == 0


# The builder -----------------------------------------------------------------------------


def _build(data, **kwargs):
    with translation.override("de"):
        form = QuestionForm({"label": "Frage", **data}, **kwargs)
        valid = form.is_valid()
        return form, valid, {field: list(errors) for field, errors in form.errors.items()}


@pytest.mark.parametrize(
    ("data", "config"),
    [
        ({"kind": "number", "number_min": "-5", "number_max": "10"}, {"min": -5, "max": 10}),
        ({"kind": "number"}, {"min": None, "max": None}),
        ({"kind": "multiple_choice", "choices_text": "A\nB\nC", "max_choices": "2"},
         {"max_choices": 2}),
        ({"kind": "scale", "scale": "0-10", "min_label": " nie ", "max_label": "immer"},
         {"min": 0, "max": 10, "min_label": "nie", "max_label": "immer"}),
        ({"kind": "scale"}, {"min": 1, "max": 5, "min_label": "", "max_label": ""}),
        ({"kind": "matrix", "rows_text": "Bus\n\n Rad \n"},
         {"rows": ["Bus", "Rad"], "min": 1, "max": 5, "min_label": "", "max_label": ""}),
        ({"kind": "ranking", "choices_text": "A\nB"}, {}),
        ({"kind": "yes_no"}, {}),
        ({"kind": "date"}, {}),
    ],
)  # fmt: skip
def test_the_builder_sets_each_kind_s_settings(data, config):
    form, valid, errors = _build(data)
    assert valid, errors
    assert form.question_data()["config"] == config


def test_a_section_is_never_required():
    form, valid, _errors = _build({"kind": "section", "required": "on", "help_text": "Intro"})
    assert valid and form.question_data()["required"] is False


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "number", "number_min": "10", "number_max": "5"}, "number_max",
         "Der Höchstwert darf nicht kleiner als der Mindestwert sein."),
        ({"kind": "number", "number_max": "-5"}, "number_min",
         "Bitte geben Sie auch einen Mindestwert an: Ohne ihn beginnen die Zahlen bei 0."),
        ({"kind": "number", "number_max": HUGE}, "number_max", "ganze Zahl"),
        ({"kind": "multiple_choice", "choices_text": "A\nB", "max_choices": "3"}, "max_choices",
         "Es gibt nur 2 Optionen: Höchstens 2 können gewählt werden."),
        ({"kind": "multiple_choice", "choices_text": "A\nB", "max_choices": "0"}, "max_choices",
         "größer oder gleich 1"),
        ({"kind": "matrix", "rows_text": " \n"}, "rows_text",
         "Bitte geben Sie mindestens eine Zeile an, eine pro Zeile des Textfelds."),
        ({"kind": "matrix", "rows_text": "Bus\nbus"}, "rows_text",
         "„bus“ steht zweimal in der Liste."),
        ({"kind": "matrix", "rows_text": "\n".join(str(n) for n in range(31))}, "rows_text",
         "Eine Matrix darf höchstens 30 Zeilen haben."),
        ({"kind": "matrix", "rows_text": "x" * 201}, "rows_text",
         "Eine Zeile darf höchstens 200 Zeichen lang sein."),
        ({"kind": "scale", "scale": "0-100"}, "scale", "0-100 ist keine gültige Auswahl."),
        ({"kind": "ranking", "choices_text": "A | 3\nB"}, "choices_text",
         "Eine Platzbegrenzung gibt es nur bei Optionen einer Einfach- oder Mehrfachauswahl."),
        ({"kind": "ranking", "choices_text": "A"}, "choices_text",
         "Bitte geben Sie mindestens zwei Auswahlmöglichkeiten an."),
        ({"kind": "scale", "choices_text": "A\nB"}, "choices_text",
         "Auswahlmöglichkeiten gibt es nur bei den Arten „Einfachauswahl“, „Mehrfachauswahl“, "
         "„Rangfolge“. Bitte entfernen Sie sie oder wählen Sie eine dieser Arten."),
    ],
)  # fmt: skip
def test_the_builder_refuses_settings_that_do_not_fit_in_german(data, field, message):
    _form, valid, errors = _build(data)
    assert not valid
    assert any(message in error for error in errors[field]), errors


def test_an_owner_offers_only_the_kinds_it_can_handle():
    form, valid, errors = _build({"kind": "section"}, kinds=["short_text", "number"])
    assert not valid and "kind" in errors
    assert [code for code, _label in form.fields["kind"].choices] == ["", "short_text", "number"]
    assert "number_min" in form.fields and "rows_text" not in form.fields
    assert "choices_text" not in form.fields  # no kind with options offered
    with pytest.raises(LookupError):
        QuestionForm(kinds=["no_such_kind"])
    surveys, valid, _errors = _build(
        {"kind": "single_choice", "choices_text": "Ja | Nein\nVielleicht"}, seat_limits=False
    )
    assert valid and surveys.question_data()["options"] == [
        ("Ja | Nein", None),
        ("Vielleicht", None),
    ]


def test_the_builder_edits_a_question_with_its_settings(org_a):
    questionnaire = make_questionnaire(org_a, *NEW_KINDS)
    with scope(organisation=org_a):
        matrix = questionnaire.questions.get(label="Wie wichtig ist")
        form = QuestionForm(instance=matrix)
        assert form.initial["rows_text"] == "Bus\nRad" and form.initial["min_label"] == "unwichtig"
        data = {"kind": "matrix", "label": "Wie wichtig ist Ihnen", "rows_text": "Bus\nRad\nZug",
                "scale": "0-10"}  # fmt: skip
        form = QuestionForm(data, instance=matrix)
        assert form.is_valid(), form.errors
        changed = services.update_question(matrix, **form.question_data())
        assert changed.label == "Wie wichtig ist Ihnen"
        assert changed.config == {"rows": ["Bus", "Rad", "Zug"], "min": 0, "max": 10,
                                  "min_label": "", "max_label": ""}  # fmt: skip
        themes = questionnaire.questions.get(label="Themen")
        klima = themes.choices.get(label="Klima")
        services.record_response(questionnaire, {themes: [klima]})
        # Options are kept by name (their answers stay); unchosen ones may go, chosen ones not.
        edit = {
            "kind": "multiple_choice",
            "label": "Themen",
            "options": [("klima", None), ("Neu", 5)],
        }
        services.update_question(themes, **edit)
        assert list(themes.choices.order_by("pk").values_list("label", "seat_limit")) == [
            ("klima", None),
            ("Neu", 5),
        ]
        assert themes.choices.get(label="klima").pk == klima.pk
        with translation.override("de"), pytest.raises(ValidationError) as refused:
            services.update_question(themes, **{**edit, "options": [("Neu", 5), ("Alt", None)]})
        assert refused.value.messages == [
            "„klima“ wurde bereits gewählt und kann nicht entfernt werden."
        ]
        assert themes.choices.filter(pk=klima.pk).exists()
        with translation.override("de"), pytest.raises(ValidationError) as refused:
            services.update_question(themes, kind="short_text", label="Themen")
        assert "Ihre Art kann nicht mehr geändert werden" in str(refused.value)


# Conditions in a form ----------------------------------------------------------------------


def test_a_conditional_question_is_required_only_when_shown(org_a):
    questionnaire = make_questionnaire(
        org_a,
        {"kind": "yes_no", "label": "Haben Sie ein Auto?", "required": True},
        {"kind": "number", "label": "Wie viele?", "required": True},
    )
    with scope(organisation=org_a):
        car, count = queries.questions_of(questionnaire.pk)
        services.set_condition(count, car, [True])
        questions = queries.questions_of(questionnaire.pk)

    class Asking(forms.Form):
        def clean(self):
            apply_conditions(self, questions)
            return self.cleaned_data

    asking = type("Asking", (Asking,), question_fields(questions))
    with translation.override("de"):
        assert "mw-optional" not in str(asking()[f"q{count.pk}"].as_field_group())
        hidden = asking({f"q{car.pk}": "no", f"q{count.pk}": "-3"})
        assert hidden.is_valid(), hidden.errors  # hidden: its wrong value does not count
        assert f"q{count.pk}" not in hidden.cleaned_data
        shown = asking({f"q{car.pk}": "yes"})
        assert not shown.is_valid()
        assert shown.errors[f"q{count.pk}"] == ["Dieses Feld ist zwingend erforderlich."]
        assert "Bitte füllen Sie das Feld „Wie viele?“ aus." in str(shown[f"q{count.pk}"].errors)


def test_the_condition_form_offers_earlier_answers_and_one_question_only(org_a, questionnaire):
    with scope(organisation=org_a):
        questions = queries.questions_of(questionnaire.pk)
        ranking = _q(questions, "Rangfolge")
        form = ConditionForm(ranking, questions)
        groups = [group for group, _choices in form.fields["answers"].choices]
        assert groups == ["Themen", "Wohnen Sie hier?", "Zufriedenheit"]
        yes_no, scale = _q(questions, "Wohnen Sie hier?"), _q(questions, "Zufriedenheit")
        with translation.override("de"):
            mixed = ConditionForm(
                ranking, questions, {"answers": [f"{yes_no.pk}:true", f"{scale.pk}:3"]}
            )
            assert mixed.errors["__all__"] == [
                "Bitte wählen Sie nur Antworten einer einzigen Frage."
            ]
            hostile = ConditionForm(ranking, questions, {"answers": [f"{yes_no.pk}:{{}}"]})
            assert not hostile.is_valid() and "answers" in hostile.errors
        form = ConditionForm(ranking, questions, {"answers": [f"{scale.pk}:9", f"{scale.pk}:10"]})
        assert form.is_valid(), form.errors
        services.set_condition(ranking, **form.condition_data())
        ranking.refresh_from_db()
        assert ranking.config["condition"] == {"question": scale.pk, "values": [9, 10]}
        assert ConditionForm(ranking, questions).initial["answers"] == [
            f"{scale.pk}:9",
            f"{scale.pk}:10",
        ]
        cleared = ConditionForm(ranking, questions, {"answers": []})
        assert cleared.is_valid() and cleared.condition_data() == {
            "on_question": None,
            "values": [],
        }
