"""The question builder (``QuestionForm``) and the form fields that ask a questionnaire's
questions (``question_fields``), which an owner puts into its own form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import MarksFullOptions, get_kind, kind_choices
from .models import Question

__all__ = ["QuestionForm", "question_fields", "answers_of", "mark_full_options"]


def _kind_choices():
    return [("", "---------"), *kind_choices()]


class QuestionForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("type"), choices=_kind_choices)
    choices_text = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One option per line. A seat limit after a bar: 'Workshop A | 20'."),
    )

    class Meta:
        model = Question
        fields = ["kind", "label", "help_text", "required"]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        has_options = bool(kind) and get_kind(kind).has_options
        options = []
        problem = None
        for line in (cleaned.get("choices_text") or "").splitlines():
            if not line.strip():
                continue
            label, _bar, limit = (part.strip() for part in line.partition("|"))
            if limit and not (limit.isascii() and limit.isdigit() and 1 <= int(limit) <= 100_000):
                problem = _("A seat limit must be a whole number from 1 to 100,000.")
            elif not label:
                problem = _("Every option needs a name before the bar.")
            elif len(label) > 200:
                problem = _("An option may have at most 200 characters.")
            elif label.casefold() in (known.casefold() for known, _limit in options):
                problem = _("“%(option)s” is given twice.") % {"option": label}
            if problem:
                self.add_error("choices_text", problem)
                break
            options.append((label, int(limit) if limit else None))
        if has_options and len(options) < 2 and not problem:
            self.add_error("choices_text", _("Please give at least two options."))
        elif kind and not has_options and options and not problem:
            # They would be thrown away: say so instead.
            self.add_error(
                "choices_text",
                _(
                    "Only single and multiple choice questions have options. Please remove "
                    "them or choose one of these types."
                ),
            )
        cleaned["options"] = options
        return cleaned

    def question_data(self) -> dict:
        """The keyword arguments of ``services.add_question``."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "label": data["label"],
            "help_text": data["help_text"],
            "required": data["required"],
            "options": data["options"],
        }


def question_fields(questions) -> dict:
    """The form fields asking these questions (with their options read), keyed ``q<pk>``."""
    return {
        f"q{question.pk}": get_kind(question.kind).form_field(question) for question in questions
    }


def answers_of(form, questions) -> dict:
    """Question → cleaned value, from a valid form with ``question_fields(questions)``: what
    ``services.record_response`` takes."""
    return {question: form.cleaned_data.get(f"q{question.pk}") for question in questions}


def mark_full_options(form, full, *, disable: bool) -> None:
    """Mark the options with these IDs as fully booked in the form's option fields (or
    disable them)."""
    for field in form.fields.values():
        if isinstance(field.widget, MarksFullOptions):
            field.widget.full = full
            field.widget.disable_full = disable
