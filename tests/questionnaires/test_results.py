"""The results of a questionnaire per kind of question, counted by the database: numbers
and percentages, the filter by an answer (hostile ones too), the restriction to some
responses, free texts page by page, and a number of queries that does not grow with the
responses."""

import datetime

import pytest
from django.http import QueryDict
from django_scopes import scope

from mitwirken.questionnaires import reading
from mitwirken.questionnaires.models import Response
from mitwirken.questionnaires.results import questionnaire_results

from .answers import Survey, ask, questionnaire_of, respond_many

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(org_a):
    return Survey(org_a)


def _results(org, survey, **kwargs):
    with scope(organisation=org):
        results = questionnaire_results(survey.questionnaire, **kwargs)
        by_label = {result.label: result for result in results.questions}
        # free texts are read when the page is shown: read them here, in the scope
        for result in results.questions:
            if result.page is not None:
                result.texts = [answer.text for answer in result.page.object_list]
    return results, by_label


def _bars(result):
    return [
        (bar.label, bar.count, None if bar.percent is None else round(bar.percent, 1))
        for bar in result.bars
    ]


def test_every_kind_is_counted_and_sections_and_unknown_kinds_are_left_out(org_a, survey):
    results, by = _results(org_a, survey)
    assert results.total == results.respondents == 4
    assert [r.label for r in results.questions] == [
        "Workshop",
        "Themen",
        "Wieder dabei?",
        "Gebärdensprache",
        "Zufrieden?",
        "Alter",
        "Anreise",
        "Bewertung",
        "Wichtig",
        "Dienststelle",
    ]  # not the section "Teil 2", not the kind nobody registered ("Alt")

    single = by["Workshop"]
    assert single.answered == 4 and _bars(single) == [("A", 2, 50.0), ("B", 2, 50.0), ("C", 0, 0.0)]
    # several options: shares of the 3 people who answered, adding up to more than 100 %
    assert by["Themen"].answered == 3
    assert _bars(by["Themen"]) == [("Klima", 2, 66.7), ("Verkehr", 1, 33.3), ("Wohnen", 1, 33.3)]
    assert _bars(by["Wieder dabei?"]) == [("ja", 2, 66.7), ("nein", 1, 33.3)]
    # a checkbox of event registration (text only) counts as yes/no
    assert _bars(by["Gebärdensprache"]) == [("ja", 1, 50.0), ("nein", 1, 50.0)]

    scale = by["Zufrieden?"]
    assert _bars(scale) == [
        ("1", 0, 0.0),
        ("2", 0, 0.0),
        ("3", 0, 0.0),
        ("4", 2, 66.7),
        ("5", 1, 33.3),
    ]
    assert round(scale.mean, 2) == 4.33 and scale.median == 4
    assert (scale.min_label, scale.max_label) == ("gar nicht", "sehr")

    number = by["Alter"]  # 30, 40 (stored as text only, as before numbers had a value), 50
    assert (number.answered, number.minimum, number.maximum) == (3, 30, 50)
    assert (number.mean, number.median) == (40, 40)
    assert sum(bar.count for bar in number.bars) == 3
    assert number.bars[0].label == "30–32" and number.bars[-1].count == 1

    date = by["Anreise"]
    assert date.answered == 2
    assert (date.first_date, date.last_date) == (
        datetime.date(2024, 1, 5),
        datetime.date(2024, 3, 9),
    )
    assert _bars(date) == [
        ("Januar 2024", 1, 50.0),
        ("Februar 2024", 0, 0.0),
        ("März 2024", 1, 50.0),
    ]

    matrix = by["Bewertung"]
    assert matrix.answered == 3 and matrix.values == [1, 2, 3, 4, 5]
    assert [(row.label, row.counts, row.answered, row.mean) for row in matrix.rows] == [
        ("Ort", [0, 0, 1, 1, 1], 3, 4.0),
        ("Essen", [0, 1, 0, 1, 0], 2, 3.0),  # one person left this row out
        ("Zeit", [1, 1, 1, 0, 0], 3, 2.0),
    ]

    ranking = by["Wichtig"]  # Geld > Zeit > Ruhe, Zeit > Geld > Ruhe, Geld > Ruhe > Zeit
    assert [(o.label, round(o.mean_rank, 2), o.first, o.ranked) for o in ranking.ranks] == [
        ("Geld", 1.33, 2, 3),
        ("Zeit", 2.0, 1, 3),
        ("Ruhe", 2.67, 0, 3),
    ]
    assert _bars(ranking) == [("Geld", 2, 66.7), ("Zeit", 1, 33.3), ("Ruhe", 0, 0.0)]

    text = by["Dienststelle"]
    assert text.answered == 2 and text.texts == ["Amt 2", '=HYPERLINK("http://böse.example")']


def test_an_empty_questionnaire_has_results_without_figures(org_a, survey):
    with scope(organisation=org_a):
        Response.objects.filter(questionnaire=survey.questionnaire).delete()
    results, by = _results(org_a, survey)
    assert results.respondents == 0
    assert by["Workshop"].answered == 0 and by["Workshop"].bars[0].percent is None
    assert by["Alter"].mean is None and by["Alter"].bars == []
    assert by["Anreise"].bars == [] and by["Bewertung"].rows[0].mean is None
    assert by["Wichtig"].ranks[0].mean_rank is None and by["Dienststelle"].texts == []


@pytest.mark.parametrize(
    ("question", "value", "respondents", "workshop"),
    [
        ("single", "A", 2, [("A", 2, 100.0), ("B", 0, 0.0), ("C", 0, 0.0)]),
        ("multiple", "Wohnen", 1, [("A", 0, 0.0), ("B", 1, 100.0), ("C", 0, 0.0)]),
        ("yes_no", "1", 2, [("A", 1, 50.0), ("B", 1, 50.0), ("C", 0, 0.0)]),
        ("yes_no", "0", 1, [("A", 1, 100.0), ("B", 0, 0.0), ("C", 0, 0.0)]),
        ("checkbox", "1", 1, [("A", 1, 100.0), ("B", 0, 0.0), ("C", 0, 0.0)]),
        ("scale", "4", 2, [("A", 1, 50.0), ("B", 1, 50.0), ("C", 0, 0.0)]),
    ],
)
def test_a_filter_counts_only_the_people_who_gave_that_answer(
    org_a, survey, question, value, respondents, workshop
):
    target = getattr(survey, question)
    if target.kind in ("single_choice", "multiple_choice"):
        value = next(str(c.pk) for c in target.options if c.label == value)
    params = QueryDict(f"filter={target.pk}:{value}")
    results, by = _results(org_a, survey, params=params)
    assert (results.total, results.respondents) == (4, respondents)
    assert results.filter_value == f"{target.pk}:{value}" and not results.filter_error
    assert results.filter_label.startswith(f"„{target.label}“: ")
    assert _bars(by["Workshop"]) == workshop
    assert by["Workshop"].respondents == respondents


def test_the_filter_offers_the_options_of_choice_yes_no_and_scale_questions(org_a, survey):
    results, _by = _results(org_a, survey)
    groups = dict(results.filter_groups)
    assert list(groups) == ["Workshop", "Themen", "Wieder dabei?", "Gebärdensprache", "Zufrieden?"]
    assert [label for _value, label in groups["Wieder dabei?"]] == ["ja", "nein"]
    assert [value for value, _label in groups["Zufrieden?"]][0] == f"{survey.scale.pk}:1"


def test_hostile_filters_are_ignored_with_a_german_message(org_a, org_b, survey):
    other = Survey(org_b)
    a_choice = survey.single.options[0].pk
    for hostile in [
        "abc",
        ":",
        f"{survey.single.pk}",
        f"{survey.single.pk}:abc",
        f"{survey.single.pk}:99999999999999999999999",
        f"{survey.single.pk}:{survey.multiple.options[0].pk}",  # an option of another question
        f"{other.single.pk}:{other.single.options[0].pk}",  # a question of another questionnaire
        f"{survey.text.pk}:Amt 2",  # a free text cannot filter
        f"{survey.number.pk}:30",
        f"{survey.scale.pk}:9",  # beyond the scale
        f"{survey.yes_no.pk}:ja",
        f"99999999999999999999999:{a_choice}",
        f"-{survey.single.pk}:{a_choice}",
        "\x00" * 60,
    ]:
        results, by = _results(org_a, survey, params={"filter": hostile})
        assert results.respondents == 4, hostile
        assert results.filter_error.startswith("Dieser Filter passt"), hostile
        assert results.filter_value == "" and by["Workshop"].answered == 4
    results, _by = _results(org_a, survey, params={"filter": ["not", "a", "string"]})
    assert results.respondents == 4 and not results.filter_error


def test_results_can_be_restricted_to_some_responses(org_a, survey):
    first, second, *_rest = survey.responses
    with scope(organisation=org_a):
        some = Response.objects.filter(pk__in=[first.pk, second.pk])
    for responses in (some, [first.pk, second.pk, "x", None]):
        results, by = _results(org_a, survey, responses=responses)
        assert results.respondents == 2
        assert _bars(by["Workshop"]) == [("A", 2, 100.0), ("B", 0, 0.0), ("C", 0, 0.0)]
        assert by["Alter"].mean == 35
    # restricted and filtered
    filter_ = f"{survey.yes_no.pk}:0"
    results, by = _results(org_a, survey, responses=some, params={"filter": filter_})
    assert (results.total, results.respondents) == (2, 1) and by["Alter"].mean == 40


def test_free_texts_come_twenty_a_page_newest_first(org_a):
    with scope(organisation=org_a):
        questionnaire = questionnaire_of(org_a)
        text = ask(questionnaire, "long_text", "Ideen")
        choice = ask(questionnaire, "single_choice", "Ort", options=["Nord", "Süd"])
        nord = choice.options[0]
        respond_many(questionnaire, [{text: f"Idee {n}", choice: nord} for n in range(45)])
    survey = type("S", (), {"questionnaire": questionnaire})
    page_key = f"seite-{text.pk}"
    results, by = _results(org_a, survey)
    ideas = by["Ideen"]
    assert ideas.answered == 45 and ideas.texts == [f"Idee {n}" for n in range(44, 24, -1)]
    assert ideas.previous_query == "" and ideas.next_query == f"{page_key}=2"
    params = QueryDict(f"{page_key}=3&filter={choice.pk}:{nord.pk}")
    results, by = _results(org_a, survey, params=params)
    assert by["Ideen"].texts == [f"Idee {n}" for n in range(4, -1, -1)]
    # the links keep the filter
    assert by["Ideen"].previous_query == f"filter={choice.pk}%3A{nord.pk}&{page_key}=2"
    for hostile in ["x", "-1", "0", "99999999999999999999999999", "2.5"]:
        _results_, by = _results(org_a, survey, params={page_key: hostile})
        assert len(by["Ideen"].texts) in (5, 20)


def _fill(survey, count):
    a, b, _c = survey.single.options
    k, v, _w = survey.multiple.options
    g, z, r = survey.ranking.options
    respond_many(
        survey.questionnaire,
        [survey.first(a if n % 2 else b, [k, v], [g, z, r]) for n in range(count)],
    )


def test_the_number_of_queries_does_not_grow_with_the_responses(
    org_a, survey, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    params = {"filter": f"{survey.single.pk}:{survey.single.options[0].pk}"}

    def count_queries():
        with scope(organisation=org_a), CaptureQueriesContext(connection) as context:
            questionnaire_results(survey.questionnaire, params=params)
            questionnaire_results(survey.questionnaire)
        return len(context.captured_queries)

    with scope(organisation=org_a):
        _fill(survey, 10)
    small = count_queries()
    with scope(organisation=org_a):
        _fill(survey, 300)
    with django_assert_max_num_queries(small):
        count_queries()
    # a constant number per question: 2 for the questions, 1-2 for the responses, and at
    # most 3 per question (a number: its figures, its median, its distribution)
    assert small <= 2 * (2 + 2 + 3 * 10)


def test_reading_never_asks_the_registry_for_a_kind_it_may_not_know(org_a, survey):
    with scope(organisation=org_a):
        questions = reading.readable_questions(survey.questionnaire.pk)
    assert "removed_kind" not in {q.kind for q in questions}
    assert reading.kind_label(survey.unknown) == "removed_kind"
    assert reading.read_as(survey.section) is None


def test_questions_of_another_questionnaire_given_by_the_caller_are_left_out(org_a, survey):
    other = Survey(org_a)
    with scope(organisation=org_a):
        questions = reading.readable_questions(survey.questionnaire.pk)
        foreign = reading.readable_questions(other.questionnaire.pk)
    results, _by = _results(org_a, survey, questions=questions + foreign)
    assert [r.question.pk for r in results.questions] == [q.pk for q in questions]
