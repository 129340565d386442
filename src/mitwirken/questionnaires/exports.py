"""The answer columns of a questionnaire in an export (CSV, XLSX): one column per question,
one cell per response, each as its kind exports it (numbers as numbers). The owner's export
writes the rows (``core.exports`` makes text safe for spreadsheets).

An export reads its owners in chunks (``queryset.iterator(chunk_size=...)``) and the answers of
each chunk with one query (``answers_of_responses``): plain rows, no prefetched objects that
refer to each other, so a finished chunk is freed at once (see ``core.exports``)."""

from collections import defaultdict

from .kinds import get_kind
from .models import Answer


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
