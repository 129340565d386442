"""The kinds of question, as a registry: one small class per kind says how it is asked (its
form field, with German errors), how a cleaned value is kept in an ``Answer`` (text, options,
value), what the exports show, and when it is not answered. A new kind (scale, date,
matrix, …) is one class and ``register_kind``; the models need no change (settings of a kind
go into ``Question.config``, structured answers into ``Answer.value``)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

_KINDS: dict = {}


def register_kind(kind_class):
    """Register a kind (a ``Kind`` subclass with its ``code``); usable as a class decorator."""
    if not kind_class.code:
        raise ValueError(f"{kind_class.__name__} has no code")
    _KINDS[kind_class.code] = kind_class()
    return kind_class


def get_kind(code) -> "Kind":
    """The kind of that code; ``LookupError`` for a code no kind is registered for."""
    try:
        return _KINDS[code]
    except KeyError:
        raise LookupError(f"no kind of question {code!r} is registered") from None


def all_kinds() -> list:
    return list(_KINDS.values())


def kind_choices() -> list[tuple[str, str]]:
    """(code, label) of every registered kind, for the builder's select."""
    return [(kind.code, kind.label) for kind in _KINDS.values()]


class Kind:
    code = ""
    label = ""
    has_options = False  # asked with the question's ``choices``

    def common(self, question) -> dict:
        return {
            "label": question.label,
            "required": question.required,
            "help_text": question.help_text,
        }

    def form_field(self, question) -> forms.Field:
        raise NotImplementedError

    def is_empty(self, value) -> bool:
        """Not answered: nothing is stored (a number 0 is an answer)."""
        return value is None or value in ("", [], ())

    def store(self, answer, value) -> list:
        """Put a cleaned, non-empty value into the unsaved ``answer``; return the options
        chosen (set after it is saved)."""
        answer.text = str(value)
        return []

    def export_value(self, answer):
        """The cell of an export: text, or a number for numbers."""
        return answer.text


# The options of a question -------------------------------------------------------------------

INVALID_CHOICE = _("Please choose one of the options offered.")


def _is_id(value) -> bool:
    """An id the database can hold (anything else is no option and must not reach a query:
    99999999999999999999 overflows its integers)."""
    text = str(value)
    return text.isascii() and text.isdigit() and len(text) <= 18


class MarksFullOptions:
    """A choice widget that marks the options whose seat limit is reached (``full``: their
    IDs); ``disable_full`` disables them instead (no waiting list to go to)."""

    full = frozenset()
    disable_full = False

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if getattr(value, "value", value) in self.full:
            if self.disable_full:
                option["label"] = gettext("%(option)s – fully booked") % {"option": label}
                option["attrs"]["disabled"] = True
            else:
                option["label"] = gettext(
                    "%(option)s – fully booked, you will be put on the waiting list"
                ) % {"option": label}
        return option


class RadioSelect(MarksFullOptions, forms.RadioSelect):
    pass


class CheckboxSelectMultiple(MarksFullOptions, forms.CheckboxSelectMultiple):
    pass


class OptionField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": INVALID_CHOICE}

    def to_python(self, value):
        if value not in self.empty_values and not _is_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class OptionsField(forms.ModelMultipleChoiceField):
    default_error_messages = {"invalid_choice": INVALID_CHOICE, "invalid_pk_value": INVALID_CHOICE}

    def clean(self, value):
        if isinstance(value, (list, tuple)) and not all(_is_id(pk) for pk in value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().clean(value)


def chosen(value) -> list:
    """The options of a choice answer: one Choice, or several (a list or a queryset, as the
    multiple-choice field gives them)."""
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, list | tuple | QuerySet) else [value]


# The kinds of today --------------------------------------------------------------------------


@register_kind
class ShortText(Kind):
    code = "short_text"
    label = _("Short text")

    def form_field(self, question):
        return forms.CharField(max_length=300, **self.common(question))


@register_kind
class LongText(Kind):
    code = "long_text"
    label = _("Long text")

    def form_field(self, question):
        return forms.CharField(
            max_length=3000, widget=forms.Textarea(attrs={"rows": 4}), **self.common(question)
        )


class _Options(Kind):
    has_options = True

    def is_empty(self, value) -> bool:
        return not chosen(value)

    def store(self, answer, value) -> list:
        options = chosen(value)
        answer.text = ", ".join(option.label for option in options)
        return options


@register_kind
class SingleChoice(_Options):
    code = "single_choice"
    label = _("Single choice")

    def form_field(self, question):
        if not question.choices.all():
            return forms.CharField(required=False, widget=forms.HiddenInput)
        return OptionField(
            queryset=question.choices.all(),
            widget=RadioSelect,
            empty_label=None,
            **self.common(question),
        )


@register_kind
class MultipleChoice(_Options):
    code = "multiple_choice"
    label = _("Multiple choice")

    def form_field(self, question):
        return OptionsField(
            queryset=question.choices.all(),
            widget=CheckboxSelectMultiple,
            **self.common(question),
        )


@register_kind
class Checkbox(Kind):
    code = "checkbox"
    label = _("Checkbox")

    def form_field(self, question):
        return forms.BooleanField(**self.common(question))

    def is_empty(self, value) -> bool:
        return False  # not ticked is an answer too

    def store(self, answer, value) -> list:
        answer.text = gettext("yes") if value else gettext("no")
        return []


@register_kind
class Number(Kind):
    code = "number"
    label = _("Number")

    def form_field(self, question):
        return forms.IntegerField(min_value=0, max_value=1_000_000, **self.common(question))

    def export_value(self, answer):
        return int(answer.text) if answer.text.isdigit() else answer.text
