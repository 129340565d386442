"""The export of a questionnaire's responses for evaluation: stable columns (one per
question; a multiple choice question one 0/1 column per option, a matrix one per row, a
ranking one per option with its rank; none for sections), the code book, CSV and XLSX (two
sheets, numbers as numbers, dates as dates, texts never formulas), in constant memory and a
constant number of queries per chunk of responses."""

import csv
import datetime
import gc
import io
import re
import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_scopes import scope
from openpyxl import load_workbook

from mitwirken.questionnaires import exports, reading
from mitwirken.questionnaires.models import Response

from .answers import Survey, ask, questionnaire_of, respond, respond_many

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(org_a):
    survey = Survey(org_a)
    with scope(organisation=org_a):
        # asked only of those who will come again (the third and fourth were not asked)
        survey.follow_up = ask(
            survey.questionnaire,
            "multiple_choice",
            "Wann?",
            options=["Vormittag", "Nachmittag"],
            config={"condition": {"question": survey.yes_no.pk, "values": [True]}},
        )
        survey.questions = reading.readable_questions(survey.questionnaire.pk)
        survey.all_responses = Response.objects.filter(questionnaire=survey.questionnaire)
    return survey


def _rows(org, survey, **kwargs):
    with scope(organisation=org), translation.override("de"):
        return list(exports.response_rows(survey.questions, survey.all_responses, **kwargs))


def test_columns_expand_options_rows_and_ranks_and_skip_sections(survey):
    with translation.override("de"):
        columns = exports.export_columns(survey.questions)
    s = survey
    k, v, w = s.multiple.options
    g, z, r = s.ranking.options
    vor, nach = s.follow_up.options
    assert [c.key for c in columns] == [
        f"q{s.single.pk}",
        f"q{s.multiple.pk}_o{k.pk}",
        f"q{s.multiple.pk}_o{v.pk}",
        f"q{s.multiple.pk}_o{w.pk}",
        f"q{s.yes_no.pk}",
        f"q{s.checkbox.pk}",
        f"q{s.scale.pk}",
        f"q{s.number.pk}",
        f"q{s.date.pk}",
        f"q{s.matrix.pk}_r0",
        f"q{s.matrix.pk}_r1",
        f"q{s.matrix.pk}_r2",
        f"q{s.ranking.pk}_o{g.pk}",
        f"q{s.ranking.pk}_o{z.pk}",
        f"q{s.ranking.pk}_o{r.pk}",
        f"q{s.text.pk}",
        f"q{s.follow_up.pk}_o{vor.pk}",
        f"q{s.follow_up.pk}_o{nach.pk}",
    ]  # no column for the section "Teil 2" nor for the kind nobody registered
    assert [c.header for c in columns][1:4] == [
        "Themen: Klima",
        "Themen: Verkehr",
        "Themen: Wohnen",
    ]
    assert columns[9].header == "Bewertung: Ort" and columns[12].header == "Wichtig: Geld"


def test_rows_hold_numbers_options_ranks_and_empty_cells_for_what_was_not_asked(org_a, survey):
    s = survey
    with scope(organisation=org_a):
        vor, _nach = s.follow_up.options
        first, second, third, fourth = s.responses
        respond(s.questionnaire, {s.yes_no: True, s.follow_up: [vor]})
    header, *rows = _rows(org_a, survey)
    assert header[:3] == ["Antwort", "Abgegeben am", "Workshop"]
    assert header[-2:] == ["Wann?: Vormittag", "Wann?: Nachmittag"]
    assert len(rows) == 5 and all(len(row) == len(header) for row in rows)
    assert rows[0][0] == first.pk and isinstance(rows[0][1], datetime.datetime)
    assert rows[0][2:] == [
        "A",
        1,
        1,
        0,
        "ja",
        "ja",
        5,
        30,
        datetime.date(2024, 1, 5),
        5,
        4,
        1,
        1,
        2,
        3,
        '=HYPERLINK("http://böse.example")',
        "",
        "",
    ]
    assert rows[1][2:] == [
        "A",
        1,
        0,
        0,
        "nein",
        "nein",
        4,
        40,
        datetime.date(2024, 3, 9),
        4,
        "",
        2,
        2,
        1,
        3,
        "Amt 2",
        "",
        "",
    ]  # 40 was stored as text only (an older number answer): a number all the same
    # the fourth answered only the first question; the follow-up was hidden from it: empty,
    # not 0 (0 is "not chosen")
    assert rows[3][2:] == ["B"] + [""] * 17
    assert rows[4][-2:] == [1, 0]
    # the same columns without any answer to the follow-up, or with no responses at all
    assert _rows(org_a, survey)[0] == header
    with scope(organisation=org_a):
        Response.objects.filter(questionnaire=s.questionnaire).delete()
    assert _rows(org_a, survey) == [header]
    assert _rows(org_a, survey, meta=False) == [header[2:]]


def test_the_code_book_says_what_each_column_holds(org_a, survey):
    with scope(organisation=org_a), translation.override("de"):
        rows = list(exports.codebook_rows(survey.questions))
    header, response, submitted, *columns = rows
    assert header == ["Spalte", "Überschrift", "Frage", "Typ", "Werte", "Bedingung"]
    assert response[:2] == ["response", "Antwort"] and submitted[0] == "submitted_at"
    by_key = {row[0]: row for row in columns}
    s = survey
    assert by_key[f"q{s.single.pk}"][2:] == ["Workshop", "Einfachauswahl", "A; B; C", ""]
    klima = s.multiple.options[0]
    assert by_key[f"q{s.multiple.pk}_o{klima.pk}"][1:5] == [
        "Themen: Klima",
        "Themen",
        "Mehrfachauswahl",
        "1 = gewählt, 0 = nicht gewählt",
    ]
    assert by_key[f"q{s.scale.pk}"][3:5] == ["Skala", "1 (gar nicht) bis 5 (sehr)"]
    assert by_key[f"q{s.number.pk}"][4] == "eine ganze Zahl von 0 bis 120"
    assert by_key[f"q{s.matrix.pk}_r1"][1:5] == [
        "Bewertung: Essen",
        "Bewertung",
        "Matrix (Zeilen auf einer Skala)",  # the kind's own label (kinds.py)
        "1 (gar nicht) bis 5 (sehr)",
    ]
    geld = s.ranking.options[0]
    assert by_key[f"q{s.ranking.pk}_o{geld.pk}"][3:5] == ["Rangfolge", "Platz 1 bis 3 (1 = vorne)"]
    assert by_key[f"q{s.yes_no.pk}"][3:5] == ["Ja oder nein", "ja; nein"]
    assert by_key[f"q{s.text.pk}"][4] == "Freitext"
    vor = s.follow_up.options[0]
    assert by_key[f"q{s.follow_up.pk}_o{vor.pk}"][5] == "gezeigt, wenn „Wieder dabei?“ ja ist"


def test_conditions_on_options_and_scales_and_on_unknown_questions_read_in_words(org_a):
    with scope(organisation=org_a), translation.override("de"):
        questionnaire = questionnaire_of(org_a)
        place = ask(questionnaire, "single_choice", "Ort", options=["Nord", "Süd", "Ost"])
        scale = ask(questionnaire, "scale", "Note", config={"min": 1, "max": 5})
        nord, _sued, ost = place.options
        ask(
            questionnaire,
            "short_text",
            "Warum Nord?",
            config={"condition": {"question": place.pk, "values": [nord.pk, ost.pk]}},
        )
        ask(
            questionnaire,
            "short_text",
            "Warum so schlecht?",
            config={"condition": {"question": scale.pk, "values": [1, 2]}},
        )
        ask(
            questionnaire,
            "short_text",
            "Wer?",
            config={"condition": {"question": 10**9, "values": [1]}},
        )
        ask(questionnaire, "short_text", "Kaputt", config={"condition": "nonsense"})
        questions = reading.readable_questions(questionnaire.pk)
        rows = list(exports.codebook_rows(questions, meta=False))
    assert [row[5] for row in rows[3:]] == [
        "gezeigt, wenn „Ort“ Nord oder Ost ist",
        "gezeigt, wenn „Note“ 1 oder 2 ist",
        "nur nach einer bestimmten Antwort auf eine frühere Frage gezeigt",
        "",
    ]


def _csv(response) -> list:
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_the_csv_downloads_are_formula_safe(org_a, survey):
    with scope(organisation=org_a), translation.override("de"):
        rows = _csv(exports.responses_csv(survey.questions, survey.all_responses, "a.csv"))
        book = _csv(exports.codebook_csv(survey.questions, "codebuch.csv"))
    text_column = rows[0].index("Dienststelle")
    assert rows[1][text_column] == '\'=HYPERLINK("http://böse.example")'
    assert rows[1][rows[0].index("Anreise")] == "2024-01-05"
    assert re.fullmatch(r"20[0-9][0-9]-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}", rows[1][1])
    assert book[0][0] == "Spalte" and len(book) == 1 + len(rows[0])


def test_the_xlsx_has_the_responses_and_the_code_book_with_typed_cells(org_a, survey):
    with scope(organisation=org_a), translation.override("de"):
        response = exports.responses_xlsx(survey.questions, survey.all_responses, "a.xlsx")
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["Antworten", "Codebuch"]
    answers, book = workbook["Antworten"], workbook["Codebuch"]
    header = [cell.value for cell in answers[1]]
    first = {h: cell for h, cell in zip(header, answers[2], strict=True)}
    assert first["Alter"].value == 30 and first["Alter"].data_type == "n"
    assert first["Themen: Klima"].value == 1 and first["Bewertung: Ort"].value == 5
    assert first["Anreise"].is_date and first["Anreise"].value.date() == datetime.date(2024, 1, 5)
    assert first["Abgegeben am"].is_date
    assert first["Dienststelle"].data_type == "s"  # a text, not a formula
    assert first["Dienststelle"].value == '=HYPERLINK("http://böse.example")'
    assert [cell.value for cell in book[1]][:2] == ["Spalte", "Überschrift"]
    assert book.max_row == 2 + 1 + len(header) - 2


SMALL, LARGE = 2_000, 20_000


def _big_survey(org):
    with scope(organisation=org):
        questionnaire = questionnaire_of(org)
        topics = ask(questionnaire, "multiple_choice", "Themen", options=["Klima", "Verkehr"])
        text = ask(questionnaire, "long_text", "Hinweise")
        number = ask(questionnaire, "number", "Alter")
        matrix = ask(questionnaire, "matrix", "Bewertung", config={"rows": ["a", "b"]})
    klima, verkehr = topics.options

    def add(count):
        with scope(organisation=org):
            respond_many(
                questionnaire,
                [
                    {
                        topics: [klima, verkehr] if n % 2 else [klima],
                        text: f"Hinweis Nummer {n} " * 5,
                        number: n,
                        matrix: {0: 1 + n % 5, 1: 3},
                    }
                    for n in range(count)
                ],
            )

    return questionnaire, add


def _export(org, questionnaire, file_format, measure=True):
    """(peak of the memory Python allocated while the file was made and read, its size)."""
    with scope(organisation=org):
        questions = reading.readable_questions(questionnaire.pk)
        responses = Response.objects.filter(questionnaire=questionnaire)
        gc.collect()
        tracemalloc.start()
        try:
            if file_format == "csv":
                response = exports.responses_csv(questions, responses, "a.csv")
            else:
                response = exports.responses_xlsx(questions, responses, "a.xlsx")
            size = sum(len(piece) for piece in response.streaming_content)
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        if file_format == "xlsx":  # (closing the response would signal the request's end)
            response.file_to_stream.close()
    return peak, size


def test_an_export_of_ten_times_the_responses_takes_hardly_more_memory(org_a):
    """2,000 and 20,000 responses as CSV; the XLSX (slower to write under tracemalloc)
    with 2,000 and 10,000."""
    questionnaire, add = _big_survey(org_a)
    add(SMALL)
    measured = {}
    for file_format in ("csv", "xlsx"):
        _export(org_a, questionnaire, file_format)  # once unmeasured: what a first run loads
        measured[file_format] = _export(org_a, questionnaire, file_format)
    for file_format, total in (("xlsx", LARGE // 2), ("csv", LARGE)):
        with scope(organisation=org_a):
            add(total - Response.objects.filter(questionnaire=questionnaire).count())
        small_peak, small_size = measured[file_format]
        large_peak, large_size = _export(org_a, questionnaire, file_format)
        print(f"{file_format}: {small_peak / 2**20:.2f} MiB, {large_peak / 2**20:.2f} MiB peak")
        assert large_size > (total // SMALL) * 0.6 * small_size  # all rows were exported
        # an export that held all rows would need about as many times the memory
        assert large_peak < 1.5 * small_peak, (file_format, small_peak, large_peak)


def test_the_rows_take_two_queries_per_chunk_of_responses(org_a):
    questionnaire, add = _big_survey(org_a)

    def queries():
        with scope(organisation=org_a), CaptureQueriesContext(connection) as context:
            questions = reading.readable_questions(questionnaire.pk)
            responses = Response.objects.filter(questionnaire=questionnaire)
            rows = list(exports.response_rows(questions, responses, chunk_size=100))
        return len(context.captured_queries), len(rows)

    add(100)
    small, count = queries()
    assert count == 101 and small <= 2 + 1 + 2
    add(250)
    large, count = queries()
    assert count == 351 and large == small + 2 * 3


def test_the_owners_export_functions_still_work(org_a, survey):
    with scope(organisation=org_a), translation.override("de"):
        from mitwirken.questionnaires.models import Question

        questions = [
            q
            for q in Question.objects.filter(questionnaire=survey.questionnaire)
            if q.kind in ("short_text", "single_choice", "checkbox", "number")
        ]
        answers = exports.answers_of_responses([survey.responses[0].pk])
        cells = exports.answer_cells(questions, answers[survey.responses[0].pk])
    assert exports.answer_header(questions) == [
        "Workshop",
        "Gebärdensprache",
        "Alter",
        "Dienststelle",
    ]
    assert cells == ["A", "ja", 30, '=HYPERLINK("http://böse.example")']
