"""The question builder (``QuestionForm``, ``ConditionForm``) and the form fields that ask a
questionnaire's questions (``question_fields``), which an owner puts into its own form."""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import conditions
from .kinds import (
    NUMBER_LIMIT,
    SCALE_CHOICES,
    SCALES,
    MarksFullOptions,
    find_kind,
    get_kind,
    kind_choices,
    matrix_rows,
)
from .models import Question

__all__ = [
    "QuestionForm",
    "ConditionForm",
    "question_fields",
    "answers_of",
    "apply_conditions",
    "mark_full_options",
]

# The builder's fields for the settings of a kind (``Kind.settings`` names them).
SETTING_FIELDS = {
    "number_min": lambda: forms.IntegerField(
        label=_("Smallest number allowed"),
        required=False,
        min_value=-NUMBER_LIMIT,
        max_value=NUMBER_LIMIT,
        help_text=_("Only for the type “Number”. Empty: from 0."),
    ),
    "number_max": lambda: forms.IntegerField(
        label=_("Largest number allowed"),
        required=False,
        min_value=-NUMBER_LIMIT,
        max_value=NUMBER_LIMIT,
        help_text=_("Only for the type “Number”. Empty: up to 1,000,000."),
    ),
    "max_choices": lambda: forms.IntegerField(
        label=_("At most this many options can be chosen"),
        required=False,
        min_value=1,
        max_value=1000,
        help_text=_("Only for the type “Multiple choice”. Empty: any number."),
    ),
    "rows_text": lambda: forms.CharField(
        label=_("Rows of the matrix"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only for the type “Matrix”: one row per line, each rated on the scale."),
    ),
    "scale": lambda: forms.ChoiceField(
        label=_("Scale"),
        required=False,
        choices=SCALE_CHOICES,
        initial="1-5",
        help_text=_("Only for the types “Scale” and “Matrix”."),
    ),
    "min_label": lambda: forms.CharField(
        label=_("Label of the lowest value"),
        required=False,
        max_length=100,
        help_text=_("E.g. “do not agree at all”. Only for the types “Scale” and “Matrix”."),
    ),
    "max_label": lambda: forms.CharField(
        label=_("Label of the highest value"),
        required=False,
        max_length=100,
        help_text=_("E.g. “fully agree”. Only for the types “Scale” and “Matrix”."),
    ),
}


class QuestionForm(forms.ModelForm):
    """Adds (or, with ``instance``, changes) a question. ``kinds``: the codes of the kinds the
    owner can handle (default: every registered kind); only the settings of those kinds are
    shown. ``seat_limits``: whether options may carry a seat limit ("Workshop A | 20")."""

    kind = forms.ChoiceField(label=_("type"))
    choices_text = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = Question
        fields = ["kind", "label", "help_text", "required"]

    def __init__(self, *args, kinds=None, seat_limits=True, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            for code in kinds:
                get_kind(code)  # LookupError for a kind nobody registered
        self.kinds = [get_kind(code) for code, _label in kind_choices(kinds)]
        self.seat_limits = seat_limits
        self.fields["kind"].choices = [
            ("", "---------"),
            *[(kind.code, kind.label) for kind in self.kinds],
        ]
        self.fields["choices_text"].help_text = (
            _("One option per line. A seat limit after a bar: 'Workshop A | 20'.")
            if seat_limits and any(kind.seat_limits for kind in self.kinds)
            else _("One option per line.")
        )
        if not any(kind.has_options for kind in self.kinds):
            del self.fields["choices_text"]
        if any(not kind.is_question for kind in self.kinds):
            self.fields["label"].help_text = _("For a section: its heading.")
            self.fields["help_text"].help_text = _("For a section: its introduction.")
        used = {name for kind in self.kinds for name in kind.settings}
        for name, make in SETTING_FIELDS.items():
            if name in used:
                self.fields[name] = make()
        if self.instance.pk:
            self._initial_from(self.instance)

    def _initial_from(self, question):
        if "choices_text" in self.fields:
            self.initial["choices_text"] = "\n".join(
                f"{c.label} | {c.seat_limit}" if c.seat_limit else c.label
                for c in question.choices.all()
            )
        config = question.config or {}
        initial = {
            "number_min": config.get("min") if question.kind == "number" else None,
            "number_max": config.get("max") if question.kind == "number" else None,
            "max_choices": config.get("max_choices"),
            "rows_text": "\n".join(matrix_rows(question)),
            "min_label": config.get("min_label", ""),
            "max_label": config.get("max_label", ""),
        }
        scale = (config.get("min"), config.get("max"))
        for code, bounds in SCALES.items():
            if scale == bounds and question.kind in ("scale", "matrix"):
                initial["scale"] = code
        for name, value in initial.items():
            if name in self.fields and value not in (None, ""):
                self.initial[name] = value

    def clean(self):
        cleaned = super().clean()
        kind = find_kind(cleaned.get("kind"))
        options, problem = self._options(kind, cleaned.get("choices_text") or "")
        if problem:
            self.add_error("choices_text", problem)
        elif kind is not None and kind.has_options and len(options) < 2:
            self.add_error("choices_text", _("Please give at least two options."))
        elif kind is not None and not kind.has_options and options:
            # They would be thrown away: say so instead.
            with_options = ", ".join(f"„{k.label}“" for k in self.kinds if k.has_options)
            self.add_error(
                "choices_text",
                _(
                    "Only questions of the types %(kinds)s have options. Please remove them or "
                    "choose one of these types."
                )
                % {"kinds": with_options},
            )
        cleaned["options"] = options
        cleaned["config"] = {}
        if kind is not None:
            if not kind.is_question:
                cleaned["required"] = False
            try:
                cleaned["config"] = kind.clean_config(cleaned, options if not problem else [])
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(field if field in self.fields else None, message)
        return cleaned

    def _options(self, kind, text) -> tuple[list, str | None]:
        """(label, seat limit or None) of each line, or the first problem."""
        options = []
        limits = self.seat_limits and (kind is None or kind.seat_limits)
        for line in text.splitlines():
            if not line.strip():
                continue
            if self.seat_limits:
                label, _bar, limit = (part.strip() for part in line.partition("|"))
            else:
                label, limit = line.strip(), ""
            problem = None
            if limit and not limits:
                problem = _("Only options of single and multiple choice can have a seat limit.")
            elif limit and not (limit.isascii() and limit.isdigit() and 1 <= int(limit) <= 100_000):
                problem = _("A seat limit must be a whole number from 1 to 100,000.")
            elif not label:
                problem = _("Every option needs a name before the bar.")
            elif len(label) > 200:
                problem = _("An option may have at most 200 characters.")
            elif label.casefold() in (known.casefold() for known, _limit in options):
                problem = _("“%(option)s” is given twice.") % {"option": label}
            if problem:
                return options, problem
            options.append((label, int(limit) if limit else None))
        return options, None

    def question_data(self) -> dict:
        """The keyword arguments of ``services.add_question`` (and ``update_question``)."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "label": data["label"],
            "help_text": data["help_text"],
            "required": data["required"],
            "options": data["options"],
            "config": data["config"],
        }


class ConditionForm(forms.Form):
    """Sets the condition of ``question`` (``services.set_condition``): the answers of one
    earlier question that show it, chosen from a list grouped by question; none chosen,
    always shown. ``questions``: all of the questionnaire, in order, with their options."""

    answers = forms.MultipleChoiceField(
        label=_("Show this question only if the answer was"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_(
            "Answers of one earlier question; several: any of them. None chosen: always shown."
        ),
    )

    def __init__(self, question, questions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.targets = {}
        groups = []
        for target, values in conditions.condition_targets(question, questions):
            self.targets[target.pk] = target
            groups.append(
                (target.label, [(self._key(target, value), label) for value, label in values])
            )
        self.fields["answers"].choices = groups
        condition = conditions.condition_of(question)
        if condition and condition["question"] in self.targets:
            target = self.targets[condition["question"]]
            self.initial["answers"] = [self._key(target, v) for v in condition["values"]]

    @staticmethod
    def _key(target, value) -> str:
        return f"{target.pk}:{json.dumps(value)}"

    def clean(self):
        cleaned = super().clean()
        target, values = None, []
        for key in cleaned.get("answers") or []:
            pk, _colon, value = key.partition(":")
            chosen = self.targets[int(pk)]  # one of the choices offered: checked above
            if target is not None and chosen.pk != target.pk:
                raise ValidationError(_("Please choose answers of one question only."))
            target = chosen
            values.append(json.loads(value))
        cleaned["on_question"], cleaned["values"] = target, values
        return cleaned

    def condition_data(self) -> dict:
        """The keyword arguments of ``services.set_condition`` (besides the question)."""
        return {
            "on_question": self.cleaned_data["on_question"],
            "values": self.cleaned_data["values"],
        }


def question_fields(questions) -> dict:
    """The form fields asking these questions (with their options read), keyed ``q<pk>``.
    Sections and kinds no longer registered have none. A question with a condition is not
    required by its field (it may be hidden): ``apply_conditions`` in the owner form's
    ``clean`` asks for it when it is shown."""
    fields = {}
    for question in questions:
        kind = find_kind(question.kind)
        if kind is None or not kind.is_question:
            continue
        field = kind.form_field(question)
        if conditions.condition_of(question) is not None:
            field.required_if_shown = field.required
            field.required_when = field.required
            field.required = False
        fields[f"q{question.pk}"] = field
    return fields


def answers_of(form, questions) -> dict:
    """Question → cleaned value, from a valid form with ``question_fields(questions)``: what
    ``services.record_response`` takes (it drops answers of hidden questions itself)."""
    return {
        question: form.cleaned_data.get(f"q{question.pk}")
        for question in questions
        if f"q{question.pk}" in form.fields
    }


def apply_conditions(form, questions, earlier=None) -> list:
    """For the owner form's ``clean()`` (with ``question_fields(questions)``): the questions
    hidden by their conditions lose their errors and values; a shown one that is required
    but left empty gets its "required" error. ``earlier``: {question id: value} of questions
    asked before (on earlier pages). Returns the questions shown."""
    values = dict(earlier or {})
    for question in questions:
        name = f"q{question.pk}"
        if name in form.cleaned_data:
            values[question.pk] = form.cleaned_data[name]
    shown = conditions.visible_questions(questions, values)
    shown_ids = {question.pk for question in shown}
    for question in questions:
        name = f"q{question.pk}"
        field = form.fields.get(name)
        if field is None:
            continue
        if question.pk not in shown_ids:
            form.errors.pop(name, None)
            form.cleaned_data.pop(name, None)
        elif getattr(field, "required_if_shown", False) and name not in form.errors:
            kind = get_kind(question.kind)
            if kind.is_empty(form.cleaned_data.get(name)):
                form.add_error(
                    name, ValidationError(field.error_messages["required"], code="required")
                )
    return shown


def mark_full_options(form, full, *, disable: bool) -> None:
    """Mark the options with these IDs as fully booked in the form's option fields (or
    disable them)."""
    for field in form.fields.values():
        if isinstance(field.widget, MarksFullOptions):
            field.widget.full = full
            field.widget.disable_full = disable
