"""Answering a survey page by page, without JavaScript: the answers so far travel with the
page (a signed hidden field) or sit in a draft, as the form values they were posted with
(``{question id: {form key: [values]}}``), and every request evaluates them again on the
server: which questions are shown (``questionnaires.conditions``), which pages there are
(``questionnaires.pages``), and what is wrong. A question hidden by its condition is never
asked, and its values are dropped (never kept in a draft, never stored)."""

from dataclasses import dataclass, field

from django import forms
from django.core import signing
from django.forms.utils import ErrorDict
from django.http import QueryDict

from mitwirken.questionnaires.conditions import visible_questions
from mitwirken.questionnaires.forms import apply_conditions, question_fields
from mitwirken.questionnaires.kinds import is_question
from mitwirken.questionnaires.pages import split_pages

STATE_SALT = "mitwirken.participation.survey-state"
MAX_VALUES_PER_QUESTION = 200  # a ranking of many options; more is no answer of ours
MAX_VALUE_LENGTH = 10_000  # the fields say what is too long; this bounds what we carry


def posted_values(question, data) -> dict:
    """The form values of ``question`` in ``data`` (a QueryDict): its field ``q<pk>`` and the
    parts of a matrix or ranking (``q<pk>_<n>``)."""
    name = f"q{question.pk}"
    values = {}
    for key in data:
        if key == name or key.startswith(name + "_"):
            values[key] = [str(v)[:MAX_VALUE_LENGTH] for v in data.getlist(key)][
                :MAX_VALUES_PER_QUESTION
            ]
    return values


def as_querydict(raw: dict) -> QueryDict:
    data = QueryDict(mutable=True)
    for values in raw.values():
        for key, items in values.items():
            data.setlist(key, list(items))
    return data


def clean_raw(raw) -> dict:
    """What came back from a draft or the page, in the shape we write (anything else is
    dropped)."""
    if not isinstance(raw, dict):
        return {}
    cleaned = {}
    for qid, values in raw.items():
        if not (isinstance(qid, str) and qid.isdigit() and isinstance(values, dict)):
            continue
        cleaned[qid] = {
            key: [str(v) for v in items][:MAX_VALUES_PER_QUESTION]
            for key, items in values.items()
            if isinstance(key, str) and isinstance(items, list)
        }
    return cleaned


def sign_state(survey, raw: dict, token: str = "") -> str:
    return signing.dumps({"a": raw, "t": token}, salt=f"{STATE_SALT}:{survey.pk}", compress=True)


def read_state(survey, text: str) -> tuple[dict, str]:
    """(answers so far, resume token) from the page's hidden field; nothing for anything we did
    not sign (a forged or stale page starts over rather than failing)."""
    try:
        state = signing.loads(text or "", salt=f"{STATE_SALT}:{survey.pk}")
    except signing.BadSignature:
        return {}, ""
    if not isinstance(state, dict):
        return {}, ""
    token = state.get("t") if isinstance(state.get("t"), str) else ""
    return clean_raw(state.get("a")), token


class PageForm(forms.Form):
    """The questions of one page, bound to the answers so far, showing the errors it is
    given (those of the whole evaluation) — or none, for a page reached by "next"."""

    def __init__(self, fields, data, errors=None):
        super().__init__(data=data)
        self.fields = fields
        self._given_errors = errors or {}

    def full_clean(self):
        self._errors = ErrorDict(
            {name: error for name, error in self._given_errors.items() if name in self.fields}
        )
        self.cleaned_data = {}


@dataclass
class Evaluation:
    """The answers so far, evaluated: the questions shown, the pages shown, the values and
    the errors of the questions shown."""

    questions: list
    raw: dict
    form: forms.Form
    shown: list = field(default_factory=list)  # the questions shown (in order)
    pages: list = field(default_factory=list)  # every page of the questionnaire
    shown_pages: list = field(default_factory=list)  # indices of the pages shown
    asked_on_page: set = field(default_factory=set)  # the questions the posted page showed

    @property
    def shown_ids(self) -> set:
        return {question.pk for question in self.shown}

    def page_questions(self, index) -> list:
        ids = self.shown_ids
        return [question for question in self.pages[index].questions if question.pk in ids]

    def errors_on(self, index) -> dict:
        names = {f"q{question.pk}" for question in self.page_questions(index)}
        return {name: error for name, error in self.form.errors.items() if name in names}

    def first_page_with_errors(self) -> int | None:
        for index in self.shown_pages:
            if self.errors_on(index):
                return index
        return None

    def page_form(self, index, *, with_errors) -> PageForm:
        fields = question_fields(self.page_questions(index))
        errors = self.errors_on(index) if with_errors else {}
        return PageForm(fields, as_querydict(self.raw), errors)

    def answers(self) -> dict:
        """Question → cleaned value for ``record_response``: every question, hidden ones
        with no value (it drops them anyway)."""
        ids = self.shown_ids
        return {
            question: (
                self.form.cleaned_data.get(f"q{question.pk}") if question.pk in ids else None
            )
            for question in self.questions
            if is_question(question)
        }

    def kept_raw(self) -> dict:
        """The answers so far, without those of hidden questions."""
        ids = {str(pk) for pk in self.shown_ids}
        return {qid: values for qid, values in self.raw.items() if qid in ids}

    def position(self, index) -> tuple[int, int]:
        """("Seite 2 von 4"): the page's number among those shown, and how many there are."""
        number = self.shown_pages.index(index) + 1 if index in self.shown_pages else 1
        return number, len(self.shown_pages)

    def next_page(self, index) -> int | None:
        later = [i for i in self.shown_pages if i > index]
        return later[0] if later else None

    def previous_page(self, index) -> int | None:
        earlier = [i for i in self.shown_pages if i < index]
        return earlier[-1] if earlier else None

    def nearest_page(self, index) -> int:
        """The page to show for ``index`` (one that is shown: the next, else the last)."""
        if index in self.shown_pages:
            return index
        later = self.next_page(index)
        if later is not None:
            return later
        return self.shown_pages[-1] if self.shown_pages else 0


def evaluate(questions, raw: dict) -> Evaluation:
    """Evaluate the answers so far (``raw``) against all ``questions`` (in order, with their
    options)."""
    asked = [question for question in questions if is_question(question)]
    form = forms.Form(data=as_querydict(raw))
    form.fields = question_fields(asked)
    form.is_valid()
    apply_conditions(form, asked)
    values = {question.pk: form.cleaned_data.get(f"q{question.pk}") for question in asked}
    shown = [question for question in visible_questions(questions, values) if is_question(question)]
    evaluation = Evaluation(questions=questions, raw=raw, form=form, shown=shown)
    evaluation.pages = split_pages(questions)
    shown_ids = evaluation.shown_ids
    evaluation.shown_pages = [
        index
        for index, page in enumerate(evaluation.pages)
        if not page.questions or any(question.pk in shown_ids for question in page.questions)
    ]
    # The raw values of hidden questions go: never kept, never stored.
    evaluation.raw = evaluation.kept_raw()
    return evaluation


def merge_page(questions, raw: dict, index: int, data) -> tuple[dict, set]:
    """The answers so far with what was posted for page ``index``: only the questions that
    page showed (evaluated on the answers before), each replaced by what was posted (nothing
    posted: unanswered). Returns the new answers and the ids of the questions the page
    showed."""
    before = evaluate(questions, raw)
    if index not in range(len(before.pages)):
        return before.raw, set()
    on_page = before.page_questions(index)
    merged = dict(before.raw)
    for question in on_page:
        values = posted_values(question, data)
        if values:
            merged[str(question.pk)] = values
        else:
            merged.pop(str(question.pk), None)
    return merged, {question.pk for question in on_page}
