"""Conditions: "show this question only if the answer to an earlier question is one of
these values", kept in ``Question.config["condition"] = {"question": <id>, "values": [...]}``.

Values are option ids (single and multiple choice: shown if any chosen option is among
them), ``[true]``/``[false]`` for yes or no, whole numbers for a scale (the kinds say which:
``Kind.condition_values`` and ``Kind.answer_keys``). A condition always names an EARLIER
question of the same questionnaire that is a question (no section), so conditions can never
form a cycle; every change of a questionnaire (a new condition, a move, an edit, a deletion)
is checked against that here (``validate_condition``, ``check_conditions``,
``dependents_of``), with German reasons. ``visible_questions`` evaluates them on the server:
a question whose condition names a hidden question is hidden too (chains)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .kinds import find_kind

__all__ = [
    "condition_of",
    "visible_questions",
    "validate_condition",
    "check_conditions",
    "dependents_of",
    "condition_targets",
]


def condition_of(question) -> dict | None:
    """The question's condition as {"question": id, "values": [...]}, or None (none, or one
    of a shape we do not know: ignored)."""
    condition = (question.config or {}).get("condition")
    if not isinstance(condition, dict):
        return None
    target, values = condition.get("question"), condition.get("values")
    if not isinstance(target, int) or isinstance(target, bool) or not isinstance(values, list):
        return None
    return {"question": target, "values": values}


def _met(condition, target, value) -> bool:
    kind = find_kind(target.kind) if target is not None else None
    if kind is None or value is None:
        return False
    keys = kind.answer_keys(target, value)
    return any(_same(wanted, key) for wanted in condition["values"] for key in keys)


def _same(wanted, given) -> bool:
    """Equal and of the same type: True is no option id 1."""
    return type(wanted) is type(given) and wanted == given


def visible_questions(questions, values_by_question_id) -> list:
    """The questions (in the order given, sections included) that are shown, given the
    answers so far: ``values_by_question_id`` maps a question id to its cleaned value (as
    the form fields give them: an option, a list of options, True/False, a number) or to
    plain ids/values. A question with a condition is shown only if the question it names is
    shown and its answer is one of the values; a named question that is not among
    ``questions`` (one of an earlier page) counts by its value alone: no value (unanswered or
    hidden), not shown."""
    by_id = {question.pk: question for question in questions}
    shown = {}
    for question in questions:
        condition = condition_of(question)
        if condition is None:
            shown[question.pk] = True
            continue
        target_id = condition["question"]
        value = values_by_question_id.get(target_id)
        if target_id in by_id:
            target = by_id[target_id]
            visible = shown.get(target_id, False) and _met(condition, target, value)
        else:
            target = _Detached(condition, value)
            visible = target.met()
        shown[question.pk] = visible
    return [question for question in questions if shown[question.pk]]


class _Detached:
    """A named question that is not among those evaluated: only its value is known, so it
    is compared as plain ids/values."""

    def __init__(self, condition, value):
        self.condition, self.value = condition, value

    def met(self) -> bool:
        if self.value is None or self.value == "" or self.value == []:
            return False
        values = self.value if isinstance(self.value, list | tuple | set) else [self.value]
        given = [getattr(value, "pk", value) for value in values]
        return any(_same(w, g) for w in self.condition["values"] for g in given)


# Checks ---------------------------------------------------------------------------------------


def _label(question) -> str:
    return question.label


def _after_message(question, target) -> str:
    return _("“%(question)s” depends on “%(target)s” and must therefore come after it.") % {
        "question": _label(question),
        "target": _label(target),
    }


def _normalised_values(target, values) -> list:
    """The condition's values as stored (option ids as numbers, True/False, numbers), each a
    possible answer of ``target``; ValidationError in German otherwise."""
    kind = find_kind(target.kind)
    offered = kind.condition_values(target) if kind is not None else None
    if offered is None:
        raise ValidationError(
            _("Nothing can depend on a question of the type “%(kind)s”.")
            % {"kind": kind.label if kind else target.kind}
        )
    if not values:
        raise ValidationError(_("Please choose at least one answer for the condition."))
    allowed = {}
    for value, _text in offered:
        allowed[(type(value), value)] = value
        if isinstance(value, int) and not isinstance(value, bool):
            allowed[(str, str(value))] = value
    normalised = []
    for value in values:
        key = (type(value), value) if isinstance(value, str | int) else None
        if key not in allowed:
            shown = str(value)[:50]
            raise ValidationError(
                _("“%(value)s” is not an answer of “%(target)s”.")
                % {"value": shown, "target": _label(target)}
            )
        if allowed[key] not in normalised:
            normalised.append(allowed[key])
    return normalised


def validate_condition(question, target, values, questions) -> dict | None:
    """The condition ``question`` shows only if ``target`` (a Question, or None for no
    condition) was answered with one of ``values``, checked against ``questions`` (all of
    the questionnaire, in order, with their options read). ValidationError in German: not
    on itself, not on a section, not by a section, only on an earlier question of the same
    questionnaire, only answers ``target`` has."""
    if target is None:
        return None
    if not find_kind(question.kind) or not find_kind(question.kind).is_question:
        raise ValidationError(_("A section cannot have a condition."))
    if target.pk == question.pk:
        raise ValidationError(_("A question cannot depend on itself."))
    if target.questionnaire_id != question.questionnaire_id:
        raise ValidationError(_("A condition can only name a question of the same questionnaire."))
    kind = find_kind(target.kind)
    if kind is None or not kind.is_question:
        raise ValidationError(_("A condition can only name a question, not a section."))
    order = [q.pk for q in questions]
    if target.pk not in order or question.pk not in order:
        raise ValidationError(_("A condition can only name a question of the same questionnaire."))
    if order.index(target.pk) > order.index(question.pk):
        raise ValidationError(
            _("A condition can only name an earlier question: “%(target)s” comes after it.")
            % {"target": _label(target)}
        )
    return {"question": target.pk, "values": _normalised_values(target, values)}


def check_conditions(questions) -> None:
    """Every condition of these questions (all of a questionnaire, in their order, as it is
    or would be after a change, with their options read) still holds: it names an earlier
    question that exists and can carry conditions, with answers it has. ValidationError in
    German, naming the questions, otherwise."""
    seen = {}
    for question in questions:
        condition = condition_of(question)
        if condition is not None:
            if not find_kind(question.kind) or not find_kind(question.kind).is_question:
                raise ValidationError(_("A section cannot have a condition."))
            target = seen.get(condition["question"])
            if target is None:
                later = next((q for q in questions if q.pk == condition["question"]), None)
                if later is not None:
                    raise ValidationError(_after_message(question, later))
                raise ValidationError(
                    _("“%(question)s” depends on a question that no longer exists.")
                    % {"question": _label(question)}
                )
            kind = find_kind(target.kind)
            if kind is None or not kind.is_question:
                raise ValidationError(_("A condition can only name a question, not a section."))
            try:
                _normalised_values(target, condition["values"])
            except ValidationError as error:
                raise ValidationError(
                    _("The condition of “%(question)s” no longer fits: %(reason)s")
                    % {"question": _label(question), "reason": " ".join(error.messages)}
                ) from None
        seen[question.pk] = question


def dependents_of(question, questions) -> list:
    """The questions whose condition names this one."""
    return [
        other
        for other in questions
        if (condition := condition_of(other)) is not None and condition["question"] == question.pk
    ]


def condition_targets(question, questions) -> list:
    """What a condition of ``question`` may name, for a builder: (earlier question, its
    (value, label) answers) for each earlier question whose kind can carry a condition."""
    targets = []
    for other in questions:
        if other.pk == question.pk:
            break
        kind = find_kind(other.kind)
        values = kind.condition_values(other) if kind is not None and kind.is_question else None
        if values:
            targets.append((other, values))
    return targets
