"""The questionnaire itself: kinds, the fields that ask them (German errors, required, help
text), options with seat limits, the builder, responses, export cells, the scope."""

import datetime

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_scopes import ScopeError, scope

from mitwirken.questionnaires import kinds, queries, services
from mitwirken.questionnaires.exports import answer_cells, answer_header
from mitwirken.questionnaires.forms import QuestionForm, answers_of, question_fields
from mitwirken.questionnaires.models import Answer, Choice, Question, Questionnaire, Response

from .factories import make_questionnaire

pytestmark = pytest.mark.django_db

ALL_KINDS = [
    {"kind": "short_text", "label": "Dienststelle", "help_text": "Amt und Abteilung"},
    {"kind": "long_text", "label": "Hinweise"},
    {
        "kind": "single_choice",
        "label": "Workshop",
        "required": True,
        "options": [("Workshop A", 20), ("Workshop B", None)],
    },
    {"kind": "multiple_choice", "label": "Themen", "options": [("Klima", None), ("Verkehr", 3)]},
    {"kind": "checkbox", "label": "Ich brauche Gebärdensprache"},
    {"kind": "number", "label": "Begleitpersonen"},
]


@pytest.fixture
def questionnaire(org_a):
    return make_questionnaire(org_a, *ALL_KINDS)


def _questions(org, questionnaire):
    with scope(organisation=org):
        return queries.questions_of(questionnaire.pk)


def _form(questions, data=None):
    return type("AskingForm", (forms.Form,), question_fields(questions))(data)


def _post(questions, **by_label) -> dict:
    """Form data answering the questions named by label."""
    field = {q.label: f"q{q.pk}" for q in questions}
    return {field[label]: value for label, value in by_label.items()}


def test_the_kinds_of_today_are_registered_with_their_stored_codes():
    codes = [code for code, _label in kinds.kind_choices()]
    assert codes[:6] == [
        "short_text",
        "long_text",
        "single_choice",
        "multiple_choice",
        "checkbox",
        "number",
    ]
    assert [k.code for k in kinds.all_kinds() if k.has_options] == [
        "single_choice",
        "multiple_choice",
        "ranking",
    ]
    with pytest.raises(LookupError):
        kinds.get_kind("no_such_kind")


def test_questions_are_read_with_their_options_in_two_queries(org_a, questionnaire):
    with CaptureQueriesContext(connection) as queries_made:
        questions = _questions(org_a, questionnaire)
        assert [[c.label for c in q.choices.all()] for q in questions if q.has_options] == [
            ["Workshop A", "Workshop B"],
            ["Klima", "Verkehr"],
        ]
    assert len(queries_made) == 2
    text_only = make_questionnaire(org_a, {"kind": "short_text", "label": "Dienststelle"})
    with CaptureQueriesContext(connection) as queries_made:
        _questions(org_a, text_only)
    assert len(queries_made) == 1  # no options: not even their query


def test_options_keep_their_order_and_seat_limits(org_a, questionnaire):
    with scope(organisation=org_a):
        workshop = questionnaire.questions.get(label="Workshop")
        assert list(workshop.choices.values_list("label", "seat_limit")) == [
            ("Workshop A", 20),
            ("Workshop B", None),
        ]
        assert [q.position for q in questionnaire.questions.all()] == list(range(6))
        # A kind without options keeps none, even if some are given.
        text = services.add_question(
            questionnaire, kind="short_text", label="Amt", options=[("x", None)]
        )
        assert not text.choices.exists()


def test_the_fields_ask_each_kind_with_label_help_text_and_required(org_a, questionnaire):
    questions = _questions(org_a, questionnaire)
    form = _form(questions)
    fields = {q.label: form.fields[f"q{q.pk}"] for q in questions}
    assert isinstance(fields["Dienststelle"], forms.CharField)
    assert fields["Dienststelle"].max_length == 300
    assert fields["Dienststelle"].help_text == "Amt und Abteilung"
    assert isinstance(fields["Hinweise"].widget, forms.Textarea)
    assert isinstance(fields["Workshop"].widget, forms.RadioSelect)
    assert fields["Workshop"].required and not fields["Themen"].required
    assert isinstance(fields["Themen"].widget, forms.CheckboxSelectMultiple)
    assert isinstance(fields["Ich brauche Gebärdensprache"], forms.BooleanField)
    assert isinstance(fields["Begleitpersonen"], forms.IntegerField)
    with scope(organisation=org_a):
        html = str(form)
    assert "Amt und Abteilung" in html and "Workshop A" in html


def test_wrong_answers_get_german_errors(org_a, questionnaire):
    questions = _questions(org_a, questionnaire)
    data = _post(
        questions,
        Dienststelle="x" * 301,
        Themen=["99999999999999999999"],
        Begleitpersonen="-1",
    )
    with translation.override("de"), scope(organisation=org_a):
        form = _form(questions, data)
        assert not form.is_valid()
        errors = {q.label: form.errors.get(f"q{q.pk}") for q in questions}
    assert "höchstens 300 Zeichen" in errors["Dienststelle"][0]
    assert errors["Workshop"] == ["Dieses Feld ist zwingend erforderlich."]
    assert errors["Themen"] == ["Bitte wählen Sie eine der angebotenen Optionen."]
    assert "größer oder gleich 0" in errors["Begleitpersonen"][0]
    assert errors["Hinweise"] is None and errors["Ich brauche Gebärdensprache"] is None


def test_a_response_keeps_each_answer_as_its_kind_stores_it(org_a, questionnaire):
    questions = _questions(org_a, questionnaire)
    with scope(organisation=org_a):
        workshop = Choice.objects.get(label="Workshop B")
        data = _post(
            questions,
            Dienststelle="Bauamt",
            Workshop=str(workshop.pk),
            Themen=[str(c.pk) for c in Choice.objects.filter(label__in=["Klima", "Verkehr"])],
            Begleitpersonen="0",
        )
        form = _form(questions, data)
        assert form.is_valid(), form.errors
        with translation.override("de"):
            response = services.record_response(questionnaire, answers_of(form, questions))
        stored = {
            a.question.label: (a.text, sorted(c.label for c in a.choices.all()))
            for a in response.answers.select_related("question")
        }
    assert stored == {
        "Dienststelle": ("Bauamt", []),
        "Workshop": ("Workshop B", ["Workshop B"]),
        "Themen": ("Klima, Verkehr", ["Klima", "Verkehr"]),
        "Ich brauche Gebärdensprache": ("nein", []),  # not ticked is an answer
        "Begleitpersonen": ("0", []),  # 0 is an answer; "Hinweise", left empty, is none
    }


def test_nothing_asked_is_no_response_and_a_foreign_question_is_refused(org_a, questionnaire):
    other = make_questionnaire(org_a, {"kind": "short_text", "label": "Anderes"})
    with scope(organisation=org_a):
        assert services.record_response(questionnaire, {}) is None
        assert not Response.objects.exists()
        foreign = other.questions.get()
        with pytest.raises(ValueError):
            services.record_response(questionnaire, {foreign: "x"})


def test_an_answered_question_stays(org_a, questionnaire):
    with scope(organisation=org_a):
        office = questionnaire.questions.get(label="Dienststelle")
        notes = questionnaire.questions.get(label="Hinweise")
        services.record_response(questionnaire, {office: "Bauamt"})
        assert services.delete_question(office) is False
        assert services.delete_question(notes) is True
        assert list(questionnaire.questions.values_list("label", flat=True)) == [
            "Dienststelle",
            "Workshop",
            "Themen",
            "Ich brauche Gebärdensprache",
            "Begleitpersonen",
        ]


def test_a_copy_has_the_same_questions_and_options_and_no_responses(org_a, questionnaire):
    with scope(organisation=org_a):
        office = questionnaire.questions.get(label="Dienststelle")
        services.record_response(questionnaire, {office: "Bauamt"})
        Question.objects.filter(pk=office.pk).update(config={"rows": ["a"]})
        copy = services.copy_questionnaire(questionnaire)
        assert copy.pk != questionnaire.pk and copy.organisation_id == org_a.pk

        def content(q):
            return [
                (x.kind, x.label, x.help_text, x.required, x.position, x.config,
                 [(c.label, c.seat_limit) for c in x.choices.all()])
                for x in q.questions.all()
            ]  # fmt: skip

        assert content(copy) == content(questionnaire)
        assert not copy.responses.exists()
        assert not Choice.objects.filter(question__questionnaire=copy).filter(
            pk__in=Choice.objects.filter(question__questionnaire=questionnaire)
        )


def test_export_cells_give_numbers_as_numbers_and_text_as_text(org_a, questionnaire):
    questions = _questions(org_a, questionnaire)
    by_label = {q.label: q for q in questions}
    with scope(organisation=org_a):
        response = services.record_response(
            questionnaire,
            {
                by_label["Dienststelle"]: "=HYPERLINK(1)",
                by_label["Hinweise"]: "42",
                by_label["Begleitpersonen"]: 3,
            },
        )
        response = Response.objects.prefetch_related("answers").get(pk=response.pk)
        with translation.override("de"):
            cells = answer_cells(questions, response)
    assert answer_header(questions) == [q["label"] for q in ALL_KINDS]
    # A formula stays text (the owner's export makes it safe), a number in a text stays text.
    assert cells == ["=HYPERLINK(1)", "42", "", "", "", 3]
    assert answer_cells(questions, None) == [""] * 6


def test_the_builder_reads_options_with_seat_limits(org_a):
    form = QuestionForm(
        {
            "kind": "single_choice",
            "label": "Workshop",
            "help_text": "Bitte wählen",
            "required": "on",
            "choices_text": "Workshop A | 20\n\n  Workshop B  \nWorkshop C|3\n",
        }
    )
    assert form.is_valid(), form.errors
    assert form.question_data() == {
        "kind": "single_choice",
        "label": "Workshop",
        "help_text": "Bitte wählen",
        "required": True,
        "options": [("Workshop A", 20), ("Workshop B", None), ("Workshop C", 3)],
        "config": {},
    }


LIMIT = "Eine Platzbegrenzung muss eine ganze Zahl von 1 bis 100.000 sein."


@pytest.mark.parametrize(
    ("kind", "options", "error"),
    [
        ("single_choice", "A | 0", LIMIT),
        ("single_choice", "A | ²", LIMIT),
        ("single_choice", "A | 100001", LIMIT),
        ("multiple_choice", "A\n | 5", "Jede Option braucht einen Namen vor dem Strich."),
        ("single_choice", "A\na", "„a“ steht zweimal in der Liste."),
        ("single_choice", "A", "Bitte geben Sie mindestens zwei Auswahlmöglichkeiten an."),
        ("multiple_choice", "x" * 201 + "\nB", "Eine Option darf höchstens 200 Zeichen lang sein."),
        ("short_text", "A\nB", None),  # options of a kind without options
    ],
)  # fmt: skip
def test_the_builder_refuses_broken_options_in_german(kind, options, error):
    with translation.override("de"):
        form = QuestionForm({"kind": kind, "label": "Frage", "choices_text": options})
        assert not form.is_valid()
        message = form.errors["choices_text"][0]
    assert message == error if error else message.startswith("Auswahlmöglichkeiten gibt es nur")


def test_the_builder_offers_the_registered_kinds_only():
    with translation.override("de"):
        form = QuestionForm({"kind": "no_such_kind", "label": "Frage"})
        assert not form.is_valid()
        assert "kind" in form.errors
    assert [value for value, _label in form.fields["kind"].choices][1:7] == [
        "short_text",
        "long_text",
        "single_choice",
        "multiple_choice",
        "checkbox",
        "number",
    ]


@pytest.mark.parametrize("model", [Questionnaire, Question, Choice, Response, Answer])
def test_every_read_needs_the_organisation_s_scope(org_a, org_b, questionnaire, model):
    with pytest.raises(ScopeError):
        list(model.objects.all())
    with scope(organisation=org_b):
        assert not model.objects.exists()  # org_a's rows are not found from org_b


# A new kind is one class and register_kind -----------------------------------------------------


@pytest.fixture
def date_kind(monkeypatch):
    """A throwaway kind "date", registered for one test only."""
    monkeypatch.setattr(kinds, "_KINDS", dict(kinds._KINDS))

    @kinds.register_kind
    class Date(kinds.Kind):
        code = "date"
        label = "Datum"

        def form_field(self, question):
            return forms.DateField(
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                input_formats=["%Y-%m-%d"],
                **self.common(question),
            )

        def store(self, answer, value):
            answer.value = value.isoformat()
            answer.text = value.strftime("%d.%m.%Y")
            return []

        def export_value(self, answer):
            return datetime.date.fromisoformat(answer.value)

    return Date


def test_a_new_kind_is_asked_validated_saved_and_exported(org_a, date_kind):
    questionnaire = make_questionnaire(
        org_a, {"kind": "date", "label": "Anreisetag", "required": True}
    )
    questions = _questions(org_a, questionnaire)
    assert 'type="date"' in str(_form(questions))
    with translation.override("de"):
        wrong = _form(questions, _post(questions, Anreisetag="gestern"))
        assert wrong.errors[f"q{questions[0].pk}"] == ["Bitte ein gültiges Datum eingeben."]
    form = _form(questions, _post(questions, Anreisetag="2027-03-04"))
    assert form.is_valid()
    with scope(organisation=org_a):
        response = services.record_response(questionnaire, answers_of(form, questions))
        answer = Answer.objects.get(response=response)
        assert (answer.text, answer.value) == ("04.03.2027", "2027-03-04")
        assert answer_cells(questions, response) == [datetime.date(2027, 3, 4)]
    assert ("date", "Datum") in kinds.kind_choices()
    builder = QuestionForm({"kind": "date", "label": "Abreisetag"})
    assert builder.is_valid(), builder.errors
