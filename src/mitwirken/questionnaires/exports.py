"""The answer columns of a questionnaire in an export (CSV, XLSX): one column per question,
one cell per response, each as its kind exports it (numbers as numbers). The owner's export
writes the rows and makes text safe for spreadsheets (``events.documents.safe_cell``)."""

from .kinds import get_kind


def answer_header(questions) -> list:
    return [question.label for question in questions]


def answer_cells(questions, response) -> list:
    """The cells of one response (None: nobody answered, e.g. an owner without questions at
    the time): "" for an unanswered question. Read ``answers`` of many responses with
    ``prefetch_related("response__answers")`` on the owner."""
    if response is None:
        return ["" for _question in questions]
    answers = {answer.question_id: answer for answer in response.answers.all()}
    cells = []
    for question in questions:
        answer = answers.get(question.pk)
        cells.append("" if answer is None else get_kind(question.kind).export_value(answer))
    return cells
