"""The kinds of question, as a registry: one small class per kind says how it is asked (its
form field, with German errors), how a cleaned value is kept in an ``Answer`` (text, options,
value), what the exports show, and when it is not answered; what the builder sets for it
(``settings``, ``clean_config``) and what a condition can compare of it (``condition_values``,
``answer_keys``). A new kind is one class and ``register_kind``; the models need no change
(settings of a kind go into ``Question.config``, structured answers into ``Answer.value``).
How each kind stores its answers is the contract with the readers (results, exports): see
``docs/contributors.md``."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
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


def find_kind(code) -> "Kind | None":
    """The kind of that code, or None (a kind removed since: skipped, never an error)."""
    return _KINDS.get(code)


def is_question(question) -> bool:
    """A question that is asked and answered (not a section, not of an unknown kind)."""
    kind = _KINDS.get(question.kind)
    return kind is not None and kind.is_question


def question_kind_codes() -> list[str]:
    """The codes of every registered kind that is a question (no section)."""
    return [kind.code for kind in _KINDS.values() if kind.is_question]


def all_kinds() -> list:
    return list(_KINDS.values())


def kind_choices(codes=None) -> list[tuple[str, str]]:
    """(code, label) of every registered kind (or of those of ``codes``, in the registry's
    order), for the builder's select."""
    return [
        (kind.code, kind.label) for kind in _KINDS.values() if codes is None or kind.code in codes
    ]


class Kind:
    code = ""
    label = ""
    has_options = False  # asked with the question's ``choices``
    seat_limits = False  # its options may have a seat limit (a workshop session)
    is_question = True  # False: not asked, never answered (a section)
    settings = ()  # the builder's fields it uses (``forms.QuestionForm``), see clean_config

    def common(self, question) -> dict:
        return {
            "label": question.label,
            "required": question.required,
            "help_text": question.help_text,
        }

    def clean_config(self, data, options) -> dict:
        """``Question.config`` from the builder's cleaned ``data`` (its fields of
        ``settings``) and the ``options`` given; ``ValidationError({field: message})`` for
        settings that do not fit."""
        return {}

    def condition_values(self, question) -> list | None:
        """(value, label) of the answers a condition on this question may name; None: no
        condition can depend on this kind."""
        return None

    def answer_keys(self, question, value) -> set:
        """What a condition compares of an answer (a cleaned value, or plain ids/values)."""
        return set()

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


def _attrs_html(attrs) -> str:
    """``django/forms/widgets/attrs.html`` in Python."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
        for name, value in attrs.items()
        if value is not False
    )


class OptionsInPython:
    """Renders a list of radio buttons or checkboxes in Python, in exactly the markup of the
    templates (``multiple_input.html`` or ``horizontal_radio.html`` around
    ``input_option.html``, KERN): a survey page has hundreds of options, and three template
    includes per option were most of its time. ``tests/questionnaires`` compares both."""

    body_class = "kern-fieldset__body"

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        html_id = widget["attrs"].get("id")
        parts = [
            format_html(
                '<div{} class="{}">',
                format_html(' id="{}"', html_id) if html_id else "",
                self.body_class,
            )
        ]
        for _group, options, _index in widget["optgroups"]:
            for option in options:
                option_id = option["attrs"].get("id")
                kind = option["type"]
                css = (
                    "kern-form-check__checkbox"
                    if kind == "checkbox"
                    else "kern-form-check__radio"
                    if kind == "radio"
                    else "kern-form-input__input"
                )
                value_html = (
                    format_html(' value="{}"', option["value"])
                    if option["value"] is not None
                    else ""
                )
                parts.append(
                    format_html(
                        '\n<div class="kern-form-check"><input type="{}" name="{}" class="{}"{}{}>'
                        '\n<label class="kern-label"{}>{}</label>\n\n</div>',
                        kind,
                        option["name"],
                        css,
                        value_html,
                        mark_safe(_attrs_html(option["attrs"])),  # noqa: S308  escaped above
                        format_html(' for="{}"', option_id) if option_id else "",
                        option["label"],
                    )
                )
        parts.append("\n</div>")
        return mark_safe("".join(parts))  # noqa: S308  every part escaped by format_html


class RadioSelect(OptionsInPython, MarksFullOptions, forms.RadioSelect):
    pass


class CheckboxSelectMultiple(OptionsInPython, MarksFullOptions, forms.CheckboxSelectMultiple):
    pass


class _ReadOptions(ModelChoiceIterator):
    """The options as they were read with the question (``questions_of`` prefetches them):
    rendering the field asks the database nothing (Django's own iterator runs the queryset
    again, one query per question on a page)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for option in self.field.options:
            yield self.choice(option)

    def __len__(self):
        return len(self.field.options) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.options)


def _no_query(question):
    """What a model choice field needs as its queryset: the model of the options; the
    options themselves come from ``options`` (read with the question). An empty queryset
    without the relation's filters: it never runs, and costs no ORM work per question."""
    return question.choices.model._base_manager.none()


class _OptionsRead:
    """A model choice field over the options already read (``options``: the question's
    Choice rows): shown and checked without a query."""

    iterator = _ReadOptions

    def __init__(self, *args, options, **kwargs):
        self.options = list(options)
        self.by_pk = {str(option.pk): option for option in self.options}
        super().__init__(*args, **kwargs)

    def _option(self, value):
        option = self.by_pk.get(str(getattr(value, "pk", value)))
        if option is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return option


class OptionField(_OptionsRead, forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": INVALID_CHOICE}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not _is_id(getattr(value, "pk", value)):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return self._option(value)


class OptionsField(_OptionsRead, forms.ModelMultipleChoiceField):
    default_error_messages = {"invalid_choice": INVALID_CHOICE, "invalid_pk_value": INVALID_CHOICE}

    def clean(self, value):
        if isinstance(value, (list, tuple)) and not all(_is_id(pk) for pk in value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().clean(value)

    def _check_values(self, value):
        """The options chosen, in their order, from those read (no query)."""
        try:
            keys = {str(getattr(pk, "pk", pk)) for pk in value}
        except TypeError:
            raise ValidationError(
                self.error_messages["invalid_list"], code="invalid_list"
            ) from None
        for key in keys:
            self._option(key)
        return [option for option in self.options if str(option.pk) in keys]


def chosen(value) -> list:
    """The options of a choice answer: one Choice, or several (a list or a queryset, as the
    multiple-choice field gives them)."""
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, list | tuple | QuerySet) else [value]


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _small_number(raw) -> int | None:
    """The whole number of a short text of digits (a scale value, a rank), else None:
    anything longer or else is no value of ours."""
    text = str(raw).strip()
    digits = text[1:] if text.startswith("-") else text
    if not (digits.isascii() and digits.isdigit() and len(digits) <= 4):
        return None
    return int(text)


def _setting(question, key, default):
    """A whole number of the question's config, or the default (a config edited by hand or by
    an older version must not break the form)."""
    value = (question.config or {}).get(key)
    return value if _whole(value) else default


def _text_setting(question, key) -> str:
    value = (question.config or {}).get(key)
    return value if isinstance(value, str) else ""


# The kinds ---------------------------------------------------------------------------------


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

    def condition_values(self, question):
        return [(option.pk, option.label) for option in question.choices.all()]

    def answer_keys(self, question, value) -> set:
        keys = set()
        for option in chosen(value):
            pk = getattr(option, "pk", option)
            if _whole(pk):
                keys.add(pk)
            elif _is_id(pk):
                keys.add(int(pk))
        return keys


@register_kind
class SingleChoice(_Options):
    code = "single_choice"
    label = _("Single choice")
    seat_limits = True

    def form_field(self, question):
        if not question.choices.all():
            return forms.CharField(required=False, widget=forms.HiddenInput)
        return OptionField(
            queryset=_no_query(question),
            options=question.choices.all(),
            widget=RadioSelect,
            empty_label=None,
            **self.common(question),
        )


class LimitedOptionsField(OptionsField):
    """Several options, at most ``max_choices`` of them (None: any number)."""

    def __init__(self, *args, max_choices=None, **kwargs):
        self.max_choices = max_choices
        super().__init__(*args, **kwargs)

    def clean(self, value):
        options = super().clean(value)
        if self.max_choices and len(options) > self.max_choices:
            raise ValidationError(
                ngettext(
                    "Please choose at most %(count)d option.",
                    "Please choose at most %(count)d options.",
                    self.max_choices,
                )
                % {"count": self.max_choices},
                code="max_choices",
            )
        return options


@register_kind
class MultipleChoice(_Options):
    """config: {"max_choices": int | None}."""

    code = "multiple_choice"
    label = _("Multiple choice")
    seat_limits = True
    settings = ("max_choices",)

    def form_field(self, question):
        common = self.common(question)
        most = _setting(question, "max_choices", None)
        if most is not None and most < 1:
            most = None
        if most:
            hint = ngettext(
                "You can choose up to %(count)d option.",
                "You can choose up to %(count)d options.",
                most,
            ) % {"count": most}
            common["help_text"] = f"{common['help_text']} {hint}".strip()
        return LimitedOptionsField(
            queryset=_no_query(question),
            options=question.choices.all(),
            widget=CheckboxSelectMultiple,
            max_choices=most,
            **common,
        )

    def clean_config(self, data, options):
        most = data.get("max_choices")
        if most is not None and options and most > len(options):
            raise ValidationError(
                {
                    "max_choices": ngettext(
                        "There is only %(count)d option: at most %(count)d can be chosen.",
                        "There are only %(count)d options: at most %(count)d can be chosen.",
                        len(options),
                    )
                    % {"count": len(options)}
                }
            )
        return {"max_choices": most}


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


NUMBER_LIMIT = 1_000_000_000  # the largest bound the builder takes (either side)


@register_kind
class Number(Kind):
    """config: {"min": int | None, "max": int | None} (None: from 0, up to 1,000,000, as
    before there were settings). text = str(n); value = n (answers of before: None)."""

    code = "number"
    label = _("Number")
    settings = ("number_min", "number_max")

    def bounds(self, question) -> tuple[int, int]:
        low = _setting(question, "min", 0)
        high = _setting(question, "max", max(1_000_000, low))
        return low, high

    def form_field(self, question):
        low, high = self.bounds(question)
        return forms.IntegerField(min_value=low, max_value=high, **self.common(question))

    def store(self, answer, value) -> list:
        answer.text = str(value)
        answer.value = value
        return []

    def export_value(self, answer):
        if _whole(answer.value):
            return answer.value
        text = answer.text
        digits = text[1:] if text.startswith("-") else text
        if digits.isascii() and digits.isdigit() and len(digits) <= 18:
            return int(text)
        return text

    def clean_config(self, data, options):
        low, high = data.get("number_min"), data.get("number_max")
        if low is not None and high is not None and high < low:
            raise ValidationError(
                {"number_max": _("The maximum must not be smaller than the minimum.")}
            )
        if low is None and high is not None and high < 0:
            raise ValidationError(
                {"number_min": _("Please give a minimum too: without one, numbers start at 0.")}
            )
        return {"min": low, "max": high}


class HorizontalRadioSelect(OptionsInPython, forms.RadioSelect):
    """Radio buttons side by side (a scale, yes or no)."""

    body_class = "kern-fieldset__body kern-fieldset__body--horizontal"

    template_name = "questionnaires/widgets/horizontal_radio.html"
    asks_to_choose = True  # its "required" message: "Please choose something for …"


@register_kind
class YesNo(Kind):
    """text = "ja"/"nein" as displayed; value = true/false."""

    code = "yes_no"
    label = _("Yes or no")

    def form_field(self, question):
        return forms.TypedChoiceField(
            choices=[("yes", gettext("Yes")), ("no", gettext("No"))],
            coerce=lambda value: value == "yes",
            empty_value=None,
            widget=HorizontalRadioSelect,
            error_messages={"invalid_choice": INVALID_CHOICE},
            **self.common(question),
        )

    def is_empty(self, value) -> bool:
        return value is None or value == ""

    def store(self, answer, value) -> list:
        answer.value = bool(value)
        answer.text = gettext("yes") if value else gettext("no")
        return []

    def condition_values(self, question):
        return [(True, gettext("Yes")), (False, gettext("No"))]

    def answer_keys(self, question, value) -> set:
        if isinstance(value, bool):
            return {value}
        if value in ("yes", "no"):
            return {value == "yes"}
        return set()


@register_kind
class Date(Kind):
    """value = ISO "YYYY-MM-DD"; text = the short date as shown ("04.03.2027")."""

    code = "date"
    label = _("Date")

    def form_field(self, question):
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            input_formats=["%Y-%m-%d", "%d.%m.%Y"],
            error_messages={"invalid": _("Please enter a valid date, e.g. 31.12.2027.")},
            **self.common(question),
        )

    def store(self, answer, value) -> list:
        answer.value = value.isoformat()
        answer.text = value.strftime("%d.%m.%Y")  # German, whoever answered
        return []

    def export_value(self, answer):
        try:
            return datetime.date.fromisoformat(answer.value)
        except (TypeError, ValueError):
            return answer.text


# The scales (a scale, and a matrix: rows × a scale) ---------------------------------------

SCALES = {"1-5": (1, 5), "0-10": (0, 10)}
SCALE_CHOICES = [("1-5", _("1 to 5")), ("0-10", _("0 to 10"))]


def scale_of(question) -> tuple[int, int, str, str]:
    """(min, max, min label, max label) of a scale or matrix question (1 to 5 if its config
    does not say otherwise or says something we do not offer)."""
    low, high = _setting(question, "min", 1), _setting(question, "max", 5)
    if (low, high) not in SCALES.values():
        low, high = 1, 5
    return low, high, _text_setting(question, "min_label"), _text_setting(question, "max_label")


def scale_options(question) -> list[tuple[int, str]]:
    """(value, label) of each step; the ends carry their labels ("1 – gar nicht")."""
    low, high, low_label, high_label = scale_of(question)
    options = []
    for number in range(low, high + 1):
        end = low_label if number == low else high_label if number == high else ""
        options.append((number, f"{number} – {end}" if end else str(number)))
    return options


def _scale_config(data) -> dict:
    low, high = SCALES.get(data.get("scale") or "1-5", (1, 5))
    return {
        "min": low,
        "max": high,
        "min_label": (data.get("min_label") or "").strip(),
        "max_label": (data.get("max_label") or "").strip(),
    }


def _out_of_scale(low, high) -> str:
    return gettext("Please choose a value from %(min)d to %(max)d.") % {"min": low, "max": high}


@register_kind
class Scale(Kind):
    """config: {"min": 1 or 0, "max": 5 or 10, "min_label": str, "max_label": str};
    value = int; text = str(int)."""

    code = "scale"
    label = _("Scale")
    settings = ("scale", "min_label", "max_label")

    def form_field(self, question):
        low, high, _low_label, _high_label = scale_of(question)
        return forms.TypedChoiceField(
            choices=scale_options(question),
            coerce=int,
            empty_value=None,
            widget=HorizontalRadioSelect,
            error_messages={"invalid_choice": _out_of_scale(low, high)},
            **self.common(question),
        )

    def store(self, answer, value) -> list:
        answer.value = int(value)
        answer.text = str(int(value))
        return []

    def export_value(self, answer):
        return answer.value if _whole(answer.value) else answer.text

    def clean_config(self, data, options):
        return _scale_config(data)

    def condition_values(self, question):
        return [(number, str(number)) for number, _label in scale_options(question)]

    def answer_keys(self, question, value) -> set:
        number = value if _whole(value) else _small_number(value) if value is not None else None
        return set() if number is None else {number}


class MatrixWidget(forms.Widget):
    """A fieldset per row with the scale's radio buttons; each button is labelled with its
    value and, for screen readers, its row. Posted as ``<name>_<row index>``."""

    template_name = "questionnaires/widgets/matrix.html"
    use_fieldset = True
    asks_to_choose = True

    def __init__(self, rows=(), options=(), attrs=None):
        super().__init__(attrs)
        self.rows, self.options = list(rows), list(options)

    def value_from_datadict(self, data, files, name):
        return {str(index): data.get(f"{name}_{index}") for index in range(len(self.rows))}

    def value_omitted_from_data(self, data, files, name):
        return not any(f"{name}_{index}" in data for index in range(len(self.rows)))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        given = value if isinstance(value, dict) else {}
        base_id = context["widget"]["attrs"].get("id") or name
        context["widget"]["rows"] = [
            {
                "label": row,
                "name": f"{name}_{index}",
                "id": f"{base_id}_{index}",
                "options": [
                    {
                        "value": number,
                        "label": label,
                        "id": f"{base_id}_{index}_{number}",
                        "checked": str(given.get(str(index))) == str(number),
                    }
                    for number, label in self.options
                ],
            }
            for index, row in enumerate(self.rows)
        ]
        return context


class MatrixField(forms.Field):
    """{"<row index>": value} of the rows answered; required: every row."""

    def __init__(self, *, rows, scale, **kwargs):
        self.rows, self.scale = list(rows), scale
        options = [(number, label) for number, label in scale]
        kwargs.setdefault("widget", MatrixWidget(rows=self.rows, options=options))
        super().__init__(**kwargs)

    def to_python(self, value):
        values = value if isinstance(value, dict) else {}
        allowed = {number for number, _label in self.scale}
        given = {}
        for index in range(len(self.rows)):
            raw = values.get(str(index))
            if raw is None or raw == "":
                continue
            number = _small_number(raw)
            if number not in allowed:
                raise ValidationError(_out_of_scale(min(allowed), max(allowed)), code="invalid")
            given[str(index)] = number
        return given

    def validate(self, value):
        if not value and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        missing = [row for index, row in enumerate(self.rows) if str(index) not in value]
        if value and self.required and missing:
            raise ValidationError(
                gettext("Please answer every row: “%(row)s” is missing.") % {"row": missing[0]},
                code="incomplete",
            )


def matrix_rows(question) -> list[str]:
    rows = (question.config or {}).get("rows")
    return [row for row in rows if isinstance(row, str)] if isinstance(rows, list) else []


MAX_ROWS = 30


@register_kind
class Matrix(Kind):
    """config: {"rows": [str, ...], "min": 1, "max": 5, "min_label": str, "max_label": str};
    value = {"0": int, ...} of the rows answered; text = "row: n; row: n"."""

    code = "matrix"
    label = _("Matrix (rows on a scale)")
    settings = ("rows_text", "scale", "min_label", "max_label")

    def form_field(self, question):
        rows = matrix_rows(question)
        if not rows:
            return forms.CharField(required=False, widget=forms.HiddenInput)
        return MatrixField(rows=rows, scale=scale_options(question), **self.common(question))

    def is_empty(self, value) -> bool:
        return not value

    def store(self, answer, value) -> list:
        rows = matrix_rows(answer.question)
        answer.value = {key: number for key, number in value.items()}
        answer.text = "; ".join(
            f"{rows[int(key)]}: {number}"
            for key, number in sorted(value.items(), key=lambda item: int(item[0]))
            if int(key) < len(rows)
        )
        return []

    def clean_config(self, data, options):
        rows = []
        for line in (data.get("rows_text") or "").splitlines():
            row = line.strip()
            if not row:
                continue
            if len(row) > 200:
                raise ValidationError({"rows_text": _("A row may have at most 200 characters.")})
            if row.casefold() in (known.casefold() for known in rows):
                raise ValidationError(
                    {"rows_text": _("“%(option)s” is given twice.") % {"option": row}}
                )
            rows.append(row)
        if not rows:
            raise ValidationError({"rows_text": _("Please give at least one row, one per line.")})
        if len(rows) > MAX_ROWS:
            raise ValidationError(
                {"rows_text": _("A matrix may have at most %(count)d rows.") % {"count": MAX_ROWS}}
            )
        return {"rows": rows, **_scale_config(data)}


# Ranking ---------------------------------------------------------------------------------


class RankingWidget(forms.Widget):
    """A select "rank" (1 … n) per option, labelled with the option. Posted as
    ``<name>_<option id>``."""

    template_name = "questionnaires/widgets/ranking.html"
    use_fieldset = True
    asks_to_choose = True

    def __init__(self, options=(), attrs=None):
        super().__init__(attrs)
        self.options = list(options)  # (id, label)

    def value_from_datadict(self, data, files, name):
        return {str(pk): data.get(f"{name}_{pk}") for pk, _label in self.options}

    def value_omitted_from_data(self, data, files, name):
        return not any(f"{name}_{pk}" in data for pk, _label in self.options)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        given = value if isinstance(value, dict) else {}
        if isinstance(value, list):  # the options in rank order
            given = {str(getattr(o, "pk", o)): str(rank) for rank, o in enumerate(value, 1)}
        base_id = context["widget"]["attrs"].get("id") or name
        ranks = range(1, len(self.options) + 1)
        context["widget"]["options"] = [
            {
                "label": label,
                "name": f"{name}_{pk}",
                "id": f"{base_id}_{pk}",
                "ranks": [{"value": rank, "selected": str(given.get(str(pk))) == str(rank)}
                          for rank in ranks],
            }
            for pk, label in self.options
        ]  # fmt: skip
        return context


DUPLICATE_RANKS = _("Each rank may be given only once.")


class RankingField(forms.Field):
    """The options in rank order (first = rank 1): all of them ranked, each rank once."""

    def __init__(self, *, options, **kwargs):
        self.options = list(options)
        kwargs.setdefault(
            "widget", RankingWidget(options=[(option.pk, option.label) for option in self.options])
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        values = value if isinstance(value, dict) else {}
        count = len(self.options)
        ranks = {}
        for option in self.options:
            raw = values.get(str(option.pk))
            if raw is None or raw == "":
                continue
            rank = _small_number(raw)
            if rank is None or not 1 <= rank <= count:
                raise ValidationError(
                    gettext("Please give ranks from 1 to %(count)d.") % {"count": count},
                    code="invalid",
                )
            ranks[option] = rank
        if not ranks:
            return []
        if len(ranks) < count:
            raise ValidationError(_("Please give every option a rank."), code="incomplete")
        if len(set(ranks.values())) < count:
            raise ValidationError(DUPLICATE_RANKS, code="duplicate")
        return sorted(ranks, key=ranks.get)


@register_kind
class Ranking(_Options):
    """Options: the question's choices. value = [choice id, ...] in rank order (all ranked);
    text = labels joined " > "; no chosen options (``Answer.choices``) kept."""

    code = "ranking"
    label = _("Ranking")

    def form_field(self, question):
        options = list(question.choices.all())
        if not options:
            return forms.CharField(required=False, widget=forms.HiddenInput)
        common = self.common(question)
        hint = gettext("Give each option a rank of its own, 1 for the first.")
        common["help_text"] = f"{common['help_text']} {hint}".strip()
        return RankingField(options=options, **common)

    def store(self, answer, value) -> list:
        answer.value = [option.pk for option in value]
        answer.text = " > ".join(option.label for option in value)
        return []

    def condition_values(self, question):
        return None

    def answer_keys(self, question, value) -> set:
        return set()


# Not a question ----------------------------------------------------------------------------


@register_kind
class Section(Kind):
    """A heading and page break: label = its title, help_text = its intro. Never asked,
    answered, exported, nor part of a condition."""

    code = "section"
    label = _("Section (heading and new page)")
    is_question = False

    def form_field(self, question):
        return None

    def is_empty(self, value) -> bool:
        return True

    def store(self, answer, value) -> list:
        raise ValueError("a section is not answered")

    def export_value(self, answer):
        return ""
