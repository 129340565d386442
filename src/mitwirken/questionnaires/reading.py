"""What the reading side (results, charts, exports) needs to know about a question: how its
answers are read, keyed by kind code (``READ_AS``), so that it works for kinds that are not
(or no longer) registered. A code not in ``READ_AS`` is read as text if a kind of that code is
registered and asks no options, as a multiple choice if it asks options; a code no kind is
registered for, and a section (``is_question`` False), are skipped: never a result, never a
column.

Also the SQL expressions that read a number out of ``Answer.value`` (a JSON value, or one key
of a JSON object) on SQLite and PostgreSQL alike, without ever failing on a value that is not
a number (then they give NULL)."""

import datetime

from django.db.models import F, FloatField, Func, prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from .kinds import get_kind
from .models import Question

TEXT = "text"
SINGLE = "single"
MULTIPLE = "multiple"
YES_NO = "yes_no"
NUMBER = "number"
SCALE = "scale"
DATE = "date"
MATRIX = "matrix"
RANKING = "ranking"

READ_AS = {
    "short_text": TEXT,
    "long_text": TEXT,
    "single_choice": SINGLE,
    "multiple_choice": MULTIPLE,
    "checkbox": YES_NO,
    "yes_no": YES_NO,
    "number": NUMBER,
    "scale": SCALE,
    "date": DATE,
    "matrix": MATRIX,
    "ranking": RANKING,
}
SKIPPED = frozenset({"section"})
WITH_OPTIONS = frozenset({SINGLE, MULTIPLE, RANKING})

# The names of the kinds in the code book, for kinds q-ask registers later (a registered
# kind's own label wins).
KIND_LABELS = {
    "yes_no": _("Yes/no"),
    "scale": _("Scale"),
    "date": _("Date"),
    "matrix": _("Matrix"),
    "ranking": _("Ranking"),
}

# How a yes/no answer was stored before yes_no had a value (checkbox: text only), in the
# languages a person may have answered in.
YES_TEXTS = frozenset({"ja", "yes"})
NO_TEXTS = frozenset({"nein", "no"})


def read_as(question) -> str | None:
    """How the answers of ``question`` are read (``TEXT``, ``SINGLE``, …), None to skip it."""
    code = question.kind
    if code in SKIPPED:
        return None
    try:
        kind = get_kind(code)
    except LookupError:
        kind = None
    if kind is not None and not getattr(kind, "is_question", True):
        return None
    if code in READ_AS:
        return READ_AS[code]
    if kind is None:
        return None  # removed, or of a branch not installed: skip it
    return MULTIPLE if kind.has_options else TEXT


def kind_label(question) -> str:
    try:
        return str(get_kind(question.kind).label)
    except LookupError:
        return str(KIND_LABELS.get(question.kind, question.kind))


def readable_questions(questionnaire_id) -> list:
    """The questions of a questionnaire that have answers to read, in order, with their
    options (one query, one more for the options if any question has some); unknown kinds
    and sections are left out. Run it in the owner's scope."""
    questions = [
        question
        for question in Question.objects.filter(questionnaire_id=questionnaire_id)
        if read_as(question) is not None
    ]
    prefetch_related_objects([q for q in questions if read_as(q) in WITH_OPTIONS], "choices")
    return questions


def config_int(question, key, default=None):
    value = (question.config or {}).get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        return default
    return value


def scale_bounds(question) -> tuple[int, int]:
    """(min, max) of a scale or a matrix's scale, sane whatever the config holds."""
    low = config_int(question, "min", 1)
    high = config_int(question, "max", 5)
    if low > high or high - low > 100:
        low, high = 1, 5
    return low, high


def matrix_rows(question) -> list[str]:
    rows = (question.config or {}).get("rows") or []
    return [str(row) for row in rows] if isinstance(rows, list) else []


def condition_of(question) -> dict | None:
    condition = (question.config or {}).get("condition")
    if not isinstance(condition, dict) or not isinstance(condition.get("values"), list):
        return None
    return condition


# Reading a value in Python -------------------------------------------------------------------


def as_int(value):
    """An int from a stored value (JSON number, or text of digits), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("-").isdigit() and text.isascii() and len(text) <= 18:
            return int(text)
    return None


def number_of(answer):
    """A number answer as an int: its value, or (older answers) its text."""
    number = as_int(answer.value)
    return number if number is not None else as_int(answer.text)


def yes_no_of(answer) -> bool | None:
    if isinstance(answer.value, bool):
        return answer.value
    text = (answer.text or "").strip().lower()
    if text in YES_TEXTS:
        return True
    if text in NO_TEXTS:
        return False
    return None


def date_of(answer) -> datetime.date | None:
    if isinstance(answer.value, str):
        try:
            return datetime.date.fromisoformat(answer.value[:10])
        except ValueError:
            return None
    return None


# Reading a value in SQL ----------------------------------------------------------------------


class JSONNumber(Func):
    """The number in ``Answer.value`` (``key`` None), or under one key of the JSON object in
    it (``key`` a str: a matrix's row "0") or at one index of the JSON array in it (``key`` an
    int: a ranking's place), as a float; NULL where there is none or something else. (Django's
    key transforms read a key "0" as an array index, and a cast fails on a text.)"""

    def __init__(self, key=None, field="value"):
        super().__init__(F(field), output_field=FloatField())
        self.key = key

    def _path(self) -> str:
        if self.key is None:
            return "$"
        if isinstance(self.key, int):
            return f"$[{self.key}]"
        return '$."' + str(self.key).replace("\\", "").replace('"', "") + '"'

    def as_sqlite(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        path = self._path()
        sql = (
            f"(CASE WHEN JSON_TYPE({column}, %s) IN ('integer', 'real') "
            f"THEN CAST(JSON_EXTRACT({column}, %s) AS REAL) END)"
        )
        return sql, (*params, path, *params, path)

    def as_postgresql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        if self.key is None:
            target, target_params = f"({column})", tuple(params)
        else:
            key = self.key if isinstance(self.key, int) else str(self.key)
            target, target_params = f"({column} -> %s)", (*params, key)
        sql = (
            f"(CASE WHEN jsonb_typeof({target}) = 'number' "
            f"THEN ({target})::text::double precision END)"
        )
        return sql, (*target_params, *target_params)

    def as_sql(self, compiler, connection, **extra_context):  # pragma: no cover
        raise NotImplementedError(f"JSONNumber is not written for {connection.vendor}")
