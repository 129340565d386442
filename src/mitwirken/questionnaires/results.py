"""The results of a questionnaire: per question, what its responses say, counted by the
database (a constant number of queries per question, whatever the number of responses; no
answer of a choice, yes/no, scale, number, matrix or ranking question is loaded into Python).

    results = questionnaire_results(questionnaire, responses=None, params=request.GET)
    {% include "questionnaires/results/questionnaire.html" with results=results %}

``responses`` restricts the responses counted (a queryset of ``Response`` or their ids: those
of a phase, of people who consented, …); ``params`` (the request's query) may hold a filter
``filter=<question id>:<value>`` ("only those whose answer to that question is that option")
and the page of each free-text question (``seite-<question id>``). Filter parameters that do
not fit (an unknown or foreign question, an option of another question, no number) are
ignored with a German message (``results.filter_error``), never an error. Run it in the
owner's scope. What each kind counts is a function of ``READERS`` keyed by how it is read
(``reading.read_as``)."""

import datetime
import math
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Exists, FloatField, Max, Min, OuterRef, Q, QuerySet, Sum
from django.db.models.expressions import Case, When
from django.db.models.functions import Cast, Coalesce
from django.utils import formats
from django.utils.translation import gettext as _

from . import reading
from .models import Answer, Response

TEXTS_PER_PAGE = 20
FILTER_PARAM = "filter"
PAGE_PARAM = "seite-{}"  # the page of a free-text question's answers
RANKING_PLACES = 30  # places of a ranking counted (its options beyond share the last)
NUMBER_BUCKETS = 10


@dataclass
class Bar:
    label: str
    count: int
    percent: float | None = None  # of the respondents who answered the question
    value: float | None = None  # what the bar shows when it is not a count (a mean)


@dataclass
class MatrixRow:
    label: str
    counts: list  # one per scale value
    answered: int
    mean: float | None


@dataclass
class RankedOption:
    label: str
    mean_rank: float | None
    first: int  # how often it was put first
    ranked: int  # how often it was ranked at all
    first_percent: float | None = None  # of the people who answered


@dataclass
class QuestionResult:
    question: object
    read_as: str
    respondents: int  # in the response set (after the filter)
    answered: int = 0
    bars: list = field(default_factory=list)
    mean: float | None = None
    median: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    first_date: datetime.date | None = None
    last_date: datetime.date | None = None
    values: list = field(default_factory=list)  # a matrix's scale values (its columns)
    rows: list = field(default_factory=list)  # a matrix's rows
    ranks: list = field(default_factory=list)  # a ranking's options, best first
    page: object = None  # a free-text question's page of answers
    previous_query: str = ""
    next_query: str = ""
    min_label: str = ""
    max_label: str = ""

    @property
    def label(self):
        return self.question.label

    @property
    def answered_percent(self) -> float | None:
        return self.answered * 100 / self.respondents if self.respondents else None

    @property
    def template(self) -> str:
        return f"questionnaires/results/kinds/{self.read_as}.html"


@dataclass
class Results:
    total: int  # responses before the filter
    respondents: int  # responses counted
    questions: list
    filter_value: str = ""
    filter_label: str = ""
    filter_error: str = ""
    filter_groups: list = field(default_factory=list)  # [(question label, [(value, label)])]


# Reading ------------------------------------------------------------------------------------


def questionnaire_results(
    questionnaire, *, responses=None, params=None, questions=None, per_page=TEXTS_PER_PAGE
) -> Results:
    """The results of ``questionnaire`` (or its id): see the module's description.
    ``questions`` may be given (``reading.readable_questions``) if the caller has them."""
    questionnaire_id = getattr(questionnaire, "pk", questionnaire)
    params = params if params is not None else {}
    if questions is None:
        questions = reading.readable_questions(questionnaire_id)
    else:
        questions = [
            q
            for q in questions
            if q.questionnaire_id == questionnaire_id and reading.read_as(q) is not None
        ]
    selected = Response.objects.filter(questionnaire_id=questionnaire_id)
    if responses is not None:
        selected = selected.filter(pk__in=_response_ids(responses))
    total = selected.count()

    groups = filter_groups(questions)
    filter_value = _param(params, FILTER_PARAM)
    respondents, filter_label, filter_error = total, "", ""
    if filter_value:
        selected, condition, filter_error = apply_filter(questions, selected, filter_value)
        if condition is None:
            filter_value = ""
        else:
            filter_label = condition.label
            respondents = selected.count()

    results = []
    for question in questions:
        how = reading.read_as(question)
        answers = Answer.objects.filter(question=question)
        if responses is not None or filter_label:
            answers = answers.filter(response__in=selected.values("pk"))
        result = QuestionResult(question=question, read_as=how, respondents=respondents)
        if how == reading.TEXT:
            _texts(result, answers, params, per_page)
        else:
            READERS[how](result, answers)
        results.append(result)
    return Results(
        total=total,
        respondents=respondents,
        questions=results,
        filter_value=filter_value,
        filter_label=filter_label,
        filter_error=filter_error,
        filter_groups=groups,
    )


def _param(params, name) -> str:
    value = params.get(name, "")
    return value.strip()[:50] if isinstance(value, str) else ""


def _response_ids(responses):
    if isinstance(responses, QuerySet):
        return responses.values("pk")
    return [pk for pk in responses if reading.as_int(pk) is not None]


# The filter ---------------------------------------------------------------------------------


@dataclass
class Condition:
    question: object
    value: object
    label: str
    exists: Exists


FILTERABLE = (reading.SINGLE, reading.MULTIPLE, reading.YES_NO, reading.SCALE)


def filter_groups(questions) -> list:
    """The filters one can choose: per question that can filter, its (value, label) pairs;
    the value is what ``filter=`` takes."""
    groups = []
    for question in questions:
        options = _filter_options(question)
        if options:
            groups.append((question.label, [(f"{question.pk}:{v}", label) for v, label in options]))
    return groups


def _filter_options(question) -> list:
    how = reading.read_as(question)
    if how in (reading.SINGLE, reading.MULTIPLE):
        return [(str(choice.pk), choice.label) for choice in question.choices.all()]
    if how == reading.YES_NO:
        return [("1", _("yes")), ("0", _("no"))]
    if how == reading.SCALE:
        low, high = reading.scale_bounds(question)
        return [(str(v), formats.number_format(v)) for v in range(low, high + 1)]
    return []


def apply_filter(questions, responses, text) -> tuple:
    """(the ``responses`` whose answer fits the filter ``text``, its condition, "") or, if the
    filter names nothing among ``questions``, (``responses``, None, a German message): for
    an export of the responses a results page shows filtered."""
    condition = parse_filter(questions, text)
    if condition is None:
        message = _(
            "This filter does not fit a question of this questionnaire; all responses are shown."
        )
        return responses, None, message
    return responses.filter(condition.exists), condition, ""


def parse_filter(questions, text) -> Condition | None:
    """The condition ``text`` ("<question id>:<value>") names among ``questions``, or None if
    it names none of them (hostile input included)."""
    question_part, _sep, value_part = str(text).partition(":")
    question_id = reading.as_int(question_part)
    if question_id is None:
        return None
    question = next((q for q in questions if q.pk == question_id), None)
    if question is None or reading.read_as(question) not in FILTERABLE:
        return None
    label = dict(_filter_options(question)).get(value_part.strip())
    if label is None:
        return None
    how = reading.read_as(question)
    mine = Answer.objects.filter(response=OuterRef("pk"), question=question)
    if how in (reading.SINGLE, reading.MULTIPLE):
        value = int(value_part)
        exists = Exists(
            Answer.choices.through.objects.filter(
                answer__response=OuterRef("pk"), answer__question=question, choice_id=value
            )
        )
    elif how == reading.YES_NO:
        value = value_part.strip() == "1"
        texts = reading.YES_TEXTS if value else reading.NO_TEXTS
        exists = Exists(mine.filter(Q(value=value) | Q(value__isnull=True, text__in=texts)))
    else:
        value = int(value_part)
        exists = Exists(mine.filter(value=value))
    return Condition(
        question=question, value=value, label=f"„{question.label}“: {label}", exists=exists
    )


# What each kind counts ----------------------------------------------------------------------


def _percent(count, of) -> float | None:
    return count * 100 / of if of else None


def _choices(result, answers):
    question = result.question
    result.answered = answers.count()
    counts = dict(
        Answer.choices.through.objects.filter(answer__in=answers.values("pk"))
        .values("choice_id")
        .annotate(n=Count("id"))
        .values_list("choice_id", "n")
    )
    result.bars = [
        Bar(
            choice.label,
            counts.get(choice.pk, 0),
            _percent(counts.get(choice.pk, 0), result.answered),
        )
        for choice in question.choices.all()
    ]


def _yes_no(result, answers):
    yes = no = 0
    for value, text, count in (
        answers.order_by()
        .values("value", "text")
        .annotate(n=Count("id"))
        .values_list("value", "text", "n")
    ):
        answer = Answer(value=value, text=text)
        given = reading.yes_no_of(answer)
        if given is True:
            yes += count
        elif given is False:
            no += count
    result.answered = yes + no
    result.bars = [
        Bar(_("yes"), yes, _percent(yes, result.answered)),
        Bar(_("no"), no, _percent(no, result.answered)),
    ]


def _counted_numbers(answers) -> dict:
    """{number: how many} of a scale's answers, counted by the database."""
    rows = (
        answers.order_by()
        .values(number=reading.JSONNumber())
        .annotate(n=Count("id"))
        .values_list("number", "n")
    )
    return {int(number): count for number, count in rows if number is not None}


def _mean_median(counts: dict) -> tuple:
    total = sum(counts.values())
    if not total:
        return None, None
    mean = sum(value * count for value, count in counts.items()) / total
    ordered = sorted(counts.items())

    def nth(index):  # the index-th value (0-based) in ascending order
        seen = 0
        for value, count in ordered:
            seen += count
            if index < seen:
                return value
        return ordered[-1][0]

    median = (nth((total - 1) // 2) + nth(total // 2)) / 2
    return mean, median


def _scale(result, answers):
    low, high = reading.scale_bounds(result.question)
    counts = _counted_numbers(answers)
    result.answered = sum(counts.values())
    values = sorted(set(range(low, high + 1)) | set(counts))
    result.bars = [
        Bar(formats.number_format(v), counts.get(v, 0), _percent(counts.get(v, 0), result.answered))
        for v in values
    ]
    result.mean, result.median = _mean_median(counts)
    result.minimum, result.maximum = low, high
    config = result.question.config or {}
    result.min_label = str(config.get("min_label") or "")
    result.max_label = str(config.get("max_label") or "")


def number_expression():
    """A number answer as a float in SQL: its value, or (older answers) its text of digits."""
    from_text = Case(When(text__regex=r"^-?[0-9]{1,15}$", then=Cast("text", FloatField())))
    return Coalesce(reading.JSONNumber(), from_text, output_field=FloatField())


def _number(result, answers):
    numbers = answers.order_by().annotate(number=number_expression()).filter(number__isnull=False)
    figures = numbers.aggregate(
        count=Count("id"), minimum=Min("number"), maximum=Max("number"), total=Sum("number")
    )
    count = result.answered = figures["count"]
    if not count:
        return
    result.minimum, result.maximum = figures["minimum"], figures["maximum"]
    result.mean = figures["total"] / count
    middle = list(
        numbers.order_by("number").values_list("number", flat=True)[
            (count - 1) // 2 : count // 2 + 1
        ]
    )
    result.median = sum(middle) / len(middle)
    low, high = math.floor(result.minimum), math.floor(result.maximum)
    if low == high:
        result.bars = [Bar(formats.number_format(low), count, 100.0)]
        return
    width = max(1, math.ceil((high - low + 1) / NUMBER_BUCKETS))
    starts = list(range(low, high + 1, width))
    buckets = numbers.aggregate(
        **{
            f"b{index}": Count("id", filter=Q(number__gte=start, number__lt=start + width))
            for index, start in enumerate(starts)
        }
    )
    result.bars = [
        Bar(
            formats.number_format(start)
            if width == 1
            else f"{formats.number_format(start)}–{formats.number_format(start + width - 1)}",
            buckets[f"b{index}"],
            _percent(buckets[f"b{index}"], count),
        )
        for index, start in enumerate(starts)
    ]


MONTHS_SHOWN = 36  # more months than that are counted per year


def _date(result, answers):
    per_day = answers.order_by().values("value").annotate(n=Count("id")).values_list("value", "n")
    dates = {}
    for value, count in per_day:
        day = reading.date_of(Answer(value=value))
        if day is not None:
            dates[day] = dates.get(day, 0) + count
    result.answered = sum(dates.values())
    if not dates:
        return
    result.first_date, result.last_date = min(dates), max(dates)
    first, last = result.first_date, result.last_date
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    buckets = {}
    for day, count in dates.items():
        key = (day.year, day.month) if months <= MONTHS_SHOWN else (day.year, 1)
        buckets[key] = buckets.get(key, 0) + count
    if months <= MONTHS_SHOWN:
        keys = [
            ((first.year * 12 + first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1)
            for i in range(months)
        ]
        labels = [formats.date_format(datetime.date(y, m, 1), "F Y") for y, m in keys]
    else:
        keys = [(year, 1) for year in range(first.year, last.year + 1)]
        labels = [str(year) for year, _month in keys]
    result.bars = [
        Bar(label, buckets.get(key, 0), _percent(buckets.get(key, 0), result.answered))
        for key, label in zip(keys, labels, strict=True)
    ]


def _matrix(result, answers):
    question = result.question
    rows = reading.matrix_rows(question)
    low, high = reading.scale_bounds(question)
    result.values = list(range(low, high + 1))
    cells = {f"c{index}": reading.JSONNumber(str(index)) for index in range(len(rows))}
    aggregates = {"answered": Count("id")}
    for index in range(len(rows)):
        aggregates[f"r{index}"] = Count("id", filter=Q(**{f"c{index}__isnull": False}))
        for value in result.values:
            aggregates[f"r{index}v{value}"] = Count("id", filter=Q(**{f"c{index}": value}))
    figures = answers.order_by().annotate(**cells).aggregate(**aggregates)
    result.answered = figures["answered"]
    for index, label in enumerate(rows):
        counts = {value: figures[f"r{index}v{value}"] for value in result.values}
        mean, _median = _mean_median({v: n for v, n in counts.items() if n})
        result.rows.append(
            MatrixRow(label, [counts[v] for v in result.values], figures[f"r{index}"], mean)
        )
    result.bars = [
        Bar(row.label, row.answered, _percent(row.answered, result.answered), row.mean)
        for row in result.rows
    ]
    result.minimum, result.maximum = low, high
    config = question.config or {}
    result.min_label = str(config.get("min_label") or "")
    result.max_label = str(config.get("max_label") or "")


def _ranking(result, answers):
    options = list(result.question.choices.all())
    places = min(len(options), RANKING_PLACES)
    positions = {f"p{place}": reading.JSONNumber(place) for place in range(places)}
    aggregates = {"answered": Count("id")}
    for place in range(places):
        for option in options:
            aggregates[f"p{place}o{option.pk}"] = Count("id", filter=Q(**{f"p{place}": option.pk}))
    figures = answers.order_by().annotate(**positions).aggregate(**aggregates)
    result.answered = figures["answered"]
    for option in options:
        counts = {place + 1: figures[f"p{place}o{option.pk}"] for place in range(places)}
        ranked = sum(counts.values())
        mean = sum(rank * n for rank, n in counts.items()) / ranked if ranked else None
        first = counts.get(1, 0)
        result.ranks.append(
            RankedOption(option.label, mean, first, ranked, _percent(first, result.answered))
        )
    result.ranks.sort(key=lambda option: (option.mean_rank is None, option.mean_rank or 0))
    result.bars = [Bar(option.label, option.first, option.first_percent) for option in result.ranks]


def _texts(result, answers, params, per_page):
    given = (
        answers.exclude(text="")
        .select_related("response")
        .order_by("-response__submitted_at", "-pk")
    )
    key = PAGE_PARAM.format(result.question.pk)
    page = Paginator(given.only("text", "response__submitted_at"), per_page).get_page(
        _param(params, key) or 1
    )
    result.page = page
    result.answered = page.paginator.count
    query = {k: v for k, v in _items(params) if k != key}
    if page.has_previous():
        result.previous_query = urlencode({**query, key: page.previous_page_number()})
    if page.has_next():
        result.next_query = urlencode({**query, key: page.next_page_number()})


def _items(params):
    """The (name, value) pairs of a query (a QueryDict's last value of each name)."""
    if hasattr(params, "lists"):
        return [(k, v[-1]) for k, v in params.lists() if v and len(k) <= 50]
    return [(k, v) for k, v in params.items() if isinstance(v, str) and len(k) <= 50]


READERS = {
    reading.SINGLE: _choices,
    reading.MULTIPLE: _choices,
    reading.YES_NO: _yes_no,
    reading.SCALE: _scale,
    reading.NUMBER: _number,
    reading.DATE: _date,
    reading.MATRIX: _matrix,
    reading.RANKING: _ranking,
}
