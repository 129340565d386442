"""The answer columns of a questionnaire in an export (CSV, XLSX).

Two ways:

- for an owner's own export (event registrations): ``answer_header``,
  ``answers_of_responses`` and ``answer_cells``, one column per question, one cell per
  response, each as its kind exports it (numbers as numbers);
- for the evaluation of a survey: ``export_columns(questions)``, stable columns with a key,
  a heading and a description (a multiple choice question has one 0/1 column per option, a
  matrix one per row, a ranking one per option holding its rank; sections and unknown kinds
  none), ``response_rows(questions, responses)`` (the rows, streamed) and
  ``codebook_rows(questions)`` (what each column means); ``responses_csv``,
  ``codebook_csv`` and ``responses_xlsx`` (both sheets) give the downloads.

The owner's export writes the rows (``core.exports`` makes text safe for spreadsheets).

An export reads its owners in chunks (``queryset.iterator(chunk_size=...)``) and the answers of
each chunk with one query (``answers_of_responses``): plain rows, no prefetched objects that
refer to each other, so a finished chunk is freed at once (see ``core.exports``)."""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from typing import NamedTuple

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from mitwirken.core import exports

from . import reading
from .kinds import get_kind
from .models import Answer

EXPORT_CHUNK_SIZE = 500  # responses (with their answers) in memory at a time


def answer_header(questions) -> list:
    return [question.label for question in questions]


def answers_of_responses(response_ids) -> dict:
    """{response id: {question id: answer}} of these responses, in one query (none for no
    ids). Run it in the owner's scope."""
    given = defaultdict(dict)
    response_ids = [pk for pk in response_ids if pk is not None]
    if response_ids:
        answers = Answer.objects.filter(response_id__in=response_ids).only(
            "response_id", "question_id", "text", "value"
        )
        for answer in answers:
            given[answer.response_id][answer.question_id] = answer
    return given


def answer_cells(questions, answers) -> list:
    """The cells of one response: ``answers`` maps a question id to its answer (a response's
    entry of ``answers_of_responses``, or a response, or None when nobody answered, e.g. an
    owner without questions at the time); "" for an unanswered question."""
    if answers is None:
        answers = {}
    elif not isinstance(answers, dict):  # a Response
        answers = {answer.question_id: answer for answer in answers.answers.all()}
    cells = []
    for question in questions:
        answer = answers.get(question.pk)
        cells.append("" if answer is None else get_kind(question.kind).export_value(answer))
    return cells


# Stable columns, streamed rows and the code book ----------------------------------------------


class Given(NamedTuple):
    """One answer as an export reads it: plain values, no model instance."""

    text: str
    value: object
    chosen: frozenset  # ids of the options chosen


@dataclass(frozen=True)
class Column:
    key: str  # stable: q<question id>, q<id>_o<option id>, q<id>_r<row index>
    header: str
    question: object
    values: str  # what the cells hold, for the code book
    cell: Callable  # Given -> the cell (an answer that exists)


def _text(given):
    return given.text


def _yes_no(given):
    answer = reading.yes_no_of(given)
    return given.text if answer is None else (_("yes") if answer else _("no"))


def _number(given):
    number = reading.number_of(given)
    return given.text if number is None else number


def _scale_value(given):
    number = reading.as_int(given.value)
    return given.text if number is None else number


def _date(given):
    return reading.date_of(given) or given.text


def _bounds_text(question) -> str:
    low, high = reading.scale_bounds(question)
    config = question.config or {}
    low_text, high_text = str(low), str(high)
    if config.get("min_label"):
        low_text += f" ({config['min_label']})"
    if config.get("max_label"):
        high_text += f" ({config['max_label']})"
    return _("%(low)s to %(high)s") % {"low": low_text, "high": high_text}


def export_columns(questions) -> list[Column]:
    """The columns of the answers to ``questions`` (with their options read, as
    ``reading.readable_questions`` gives them): the same whatever the responses hold, so a
    question that a condition hid has its column, with empty cells."""
    columns = []
    for question in questions:
        how = reading.read_as(question)
        key, label = f"q{question.pk}", question.label
        if how is None:
            continue
        if how == reading.SINGLE:
            labels = {choice.pk: choice.label for choice in question.choices.all()}

            def single(given, labels=labels):
                chosen = [labels[pk] for pk in given.chosen if pk in labels]
                return chosen[0] if chosen else given.text

            values = "; ".join(labels.values())
            columns.append(Column(key, label, question, values, single))
        elif how == reading.MULTIPLE:
            for choice in question.choices.all():
                columns.append(
                    Column(
                        f"{key}_o{choice.pk}",
                        f"{label}: {choice.label}",
                        question,
                        _("1 = chosen, 0 = not chosen"),
                        lambda given, pk=choice.pk: 1 if pk in given.chosen else 0,
                    )
                )
        elif how == reading.RANKING:
            choices = list(question.choices.all())
            for choice in choices:

                def rank(given, pk=choice.pk):
                    order = given.value if isinstance(given.value, list) else []
                    return order.index(pk) + 1 if pk in order else ""

                columns.append(
                    Column(
                        f"{key}_o{choice.pk}",
                        f"{label}: {choice.label}",
                        question,
                        _("rank 1 to %(count)s (1 = first)") % {"count": len(choices)},
                        rank,
                    )
                )
        elif how == reading.MATRIX:
            for index, row in enumerate(reading.matrix_rows(question)):

                def cell(given, index=index):
                    value = given.value.get(str(index)) if isinstance(given.value, dict) else None
                    number = reading.as_int(value)
                    return "" if number is None else number

                columns.append(
                    Column(
                        f"{key}_r{index}", f"{label}: {row}", question, _bounds_text(question), cell
                    )
                )
        elif how == reading.YES_NO:
            columns.append(Column(key, label, question, f"{_('yes')}; {_('no')}", _yes_no))
        elif how == reading.NUMBER:
            low, high = reading.config_int(question, "min"), reading.config_int(question, "max")
            values = _("a whole number")
            if low is not None and high is not None:
                values = _("a whole number from %(low)s to %(high)s") % {"low": low, "high": high}
            columns.append(Column(key, label, question, values, _number))
        elif how == reading.SCALE:
            columns.append(Column(key, label, question, _bounds_text(question), _scale_value))
        elif how == reading.DATE:
            columns.append(Column(key, label, question, _("a date"), _date))
        else:
            columns.append(Column(key, label, question, _("free text"), _text))
    return columns


def _meta_headers(meta) -> list:
    return [_("Response"), _("Submitted at")] if meta else []


def response_rows(questions, responses, *, meta=True, chunk_size=EXPORT_CHUNK_SIZE):
    """Header, then one row per response of ``responses`` (a queryset of ``Response``),
    produced one at a time: the responses are read in chunks of ``chunk_size``, the answers
    of a chunk with one query and their chosen options with one more (only if a column needs
    them), as plain values, so memory does not grow with the number of responses. ``meta``:
    the response's number and when it was submitted come first. Run it in the owner's scope
    (``core.exports.csv_response`` does for a streamed download)."""
    columns = export_columns(questions)
    by_question = defaultdict(list)
    for column in columns:
        by_question[column.question.pk].append(column)
    with_options = {
        q.pk for q in questions if reading.read_as(q) in (reading.SINGLE, reading.MULTIPLE)
    }
    yield _meta_headers(meta) + [column.header for column in columns]
    rows = responses.order_by("submitted_at", "pk").only("pk", "submitted_at")
    rows = rows.iterator(chunk_size=chunk_size)
    while chunk := list(islice(rows, chunk_size)):
        given = _answers_of_chunk([r.pk for r in chunk], list(by_question), with_options)
        for response in chunk:
            answers = given.get(response.pk, {})
            row = [response.pk, _local(response.submitted_at)] if meta else []
            for column in columns:
                answer = answers.get(column.question.pk)
                row.append("" if answer is None else column.cell(answer))
            yield row


def _local(moment) -> datetime.datetime:
    """Local time to the second, without a zone (Excel knows none; the code book names it)."""
    return timezone.make_naive(timezone.localtime(moment)).replace(microsecond=0)


def _answers_of_chunk(response_ids, question_ids, with_options) -> dict:
    """{response id: {question id: Given}} in one query, and one more for the options."""
    if not question_ids:
        return {}
    answers = Answer.objects.filter(response_id__in=response_ids, question_id__in=question_ids)
    rows = list(answers.values_list("pk", "response_id", "question_id", "text", "value"))
    chosen = defaultdict(set)
    wanted = [pk for pk, _r, question_id, _t, _v in rows if question_id in with_options]
    if wanted:
        links = Answer.choices.through.objects.filter(answer_id__in=wanted)
        for answer_id, choice_id in links.values_list("answer_id", "choice_id"):
            chosen[answer_id].add(choice_id)
    given = defaultdict(dict)
    for pk, response_id, question_id, text, value in rows:
        given[response_id][question_id] = Given(text, value, frozenset(chosen.get(pk, ())))
    return given


def _condition_text(question, questions) -> str:
    """The condition of ``question`` in words: shown if "Question" is A or B."""
    condition = reading.condition_of(question)
    if condition is None:
        return ""
    target = next((q for q in questions if q.pk == reading.as_int(condition.get("question"))), None)
    if target is None:
        return _("shown only after a certain answer to an earlier question")
    how = reading.read_as(target)
    names = []
    for value in condition["values"]:
        if isinstance(value, bool):
            names.append(_("yes") if value else _("no"))
        elif how in (reading.SINGLE, reading.MULTIPLE):
            labels = {choice.pk: choice.label for choice in target.choices.all()}
            names.append(labels.get(reading.as_int(value), str(value)))
        else:
            names.append(formats.number_format(value) if isinstance(value, int) else str(value))
    return _("shown if “%(question)s” is %(values)s") % {
        "question": target.label,
        "values": _(" or ").join(names),
    }


def codebook_rows(questions, *, meta=True):
    """The code book of ``response_rows``' columns: header, then per column its key, its
    heading, the question, its kind, the values it holds and when it is asked."""
    yield [_("Column"), _("Heading"), _("Question"), _("Type"), _("Values"), _("Condition")]
    if meta:
        yield ["response", _("Response"), "", "", _("number of the response"), ""]
        yield [
            "submitted_at",
            _("Submitted at"),
            "",
            "",
            _("date and time (%(zone)s)") % {"zone": timezone.get_current_timezone_name()},
            "",
        ]
    for column in export_columns(questions):
        question = column.question
        yield [
            column.key,
            column.header,
            question.label,
            reading.kind_label(question),
            column.values,
            _condition_text(question, questions),
        ]


def responses_csv(questions, responses, filename, *, meta=True):
    """The responses as a streamed CSV download (the code book is ``codebook_csv``)."""
    return exports.csv_response(response_rows(questions, responses, meta=meta), filename)


def codebook_csv(questions, filename, *, meta=True):
    return exports.csv_response(codebook_rows(questions, meta=meta), filename)


def responses_xlsx(questions, responses, filename, *, meta=True, sheet_title=None):
    """The responses and, on a second sheet "Codebuch", the code book as one XLSX download
    written in constant memory."""
    return exports.xlsx_sheets_response(
        [
            (sheet_title or _("Responses"), response_rows(questions, responses, meta=meta)),
            (_("Code book"), codebook_rows(questions, meta=meta)),
        ],
        filename,
    )
