"""Write use-cases of questionnaires. They take plain data (no forms) and know no owner: the
owner's own use-case (``events.services.add_question``) finds or creates its questionnaire,
calls these, and marks its own change (``event.touch()``)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import conditions
from .kinds import find_kind, get_kind
from .models import Answer, Choice, Question, Questionnaire, Response
from .queries import questions_of

__all__ = [
    "new_questionnaire",
    "add_question",
    "update_question",
    "move_question",
    "set_condition",
    "delete_question",
    "record_response",
    "copy_questionnaire",
    "erase_responses",
]


def new_questionnaire(organisation) -> Questionnaire:
    return Questionnaire.objects.create(organisation=organisation)


@transaction.atomic
def add_question(
    questionnaire, *, kind, label, help_text="", required=False, options=(), config=None
) -> Question:
    """Add a question at the end. ``options``: (label, seat limit or None) pairs, kept only
    for a kind with options; ``config``: the kind's settings (``QuestionForm.question_data``),
    with a condition if any (``ValidationError`` in German if it does not hold)."""
    handler = get_kind(kind)  # LookupError for an unknown kind
    question = Question.objects.create(
        questionnaire=questionnaire,
        kind=kind,
        label=label,
        help_text=help_text,
        required=required and handler.is_question,
        position=questionnaire.questions.count(),
        config=config or {},
    )
    if handler.has_options:
        Choice.objects.bulk_create(
            [Choice(question=question, label=text, seat_limit=limit) for text, limit in options]
        )
    if conditions.condition_of(question) is not None:
        conditions.check_conditions(questions_of(questionnaire.pk))
    return question


def _lock(questionnaire_id) -> list:
    """Lock the questionnaire (changes of its questions one after the other) and read its
    questions in order, with their options."""
    Questionnaire.objects.select_for_update().filter(pk=questionnaire_id).first()
    return questions_of(questionnaire_id)


@transaction.atomic
def update_question(
    question, *, kind, label, help_text="", required=False, options=(), config=None
) -> Question:
    """Change a question (the arguments of ``add_question``). Its condition stays unless
    ``config`` gives one. Options are kept by their name (same name, same option: its answers
    stay); one that was chosen already cannot go, nor can an answered question change its
    type. Everything that depends on it must still hold (a condition naming its options or
    its type). ``ValidationError`` in German otherwise; nothing is changed then. Returns the
    question as changed (a new object)."""
    handler = get_kind(kind)
    _lock(question.questionnaire_id)
    question = Question.objects.get(pk=question.pk)  # fresh: the caller's stays as it was
    answered = question.answers.exists()
    if kind != question.kind and answered:
        raise ValidationError(
            _("This question has already been answered: its type cannot be changed any more.")
        )
    config = dict(config or {})
    kept_condition = (question.config or {}).get("condition")
    if "condition" not in config and kept_condition is not None:
        config["condition"] = kept_condition
    question.kind, question.label, question.help_text = kind, label, help_text
    question.required = required and handler.is_question
    question.config = config
    question.save()
    current = {choice.label.casefold(): choice for choice in question.choices.order_by("pk")}
    wanted = list(options) if handler.has_options else []
    for text, limit in wanted:
        choice = current.pop(text.casefold(), None)
        if choice is None:
            Choice.objects.create(question=question, label=text, seat_limit=limit)
        elif (choice.label, choice.seat_limit) != (text, limit):
            choice.label, choice.seat_limit = text, limit
            choice.save(update_fields=["label", "seat_limit"])
    for choice in current.values():
        if choice.answers.exists():
            raise ValidationError(
                _("“%(option)s” has already been chosen and cannot be removed.")
                % {"option": choice.label}
            )
        choice.delete()
    conditions.check_conditions(questions_of(question.questionnaire_id))
    return question


@transaction.atomic
def move_question(question, direction: str) -> bool:
    """Move a question one place "up" or "down" (False at the start or end: nothing to do).
    Refused with ``ValidationError`` in German if a condition would then name a later
    question (a question cannot come before the one it depends on)."""
    if direction not in ("up", "down"):
        raise ValueError(f"no direction {direction!r}")
    questions = _lock(question.questionnaire_id)
    index = next((i for i, q in enumerate(questions) if q.pk == question.pk), None)
    if index is None:
        raise ValueError(f"question {question.pk} is gone")
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(questions):
        return False
    questions[index], questions[other] = questions[other], questions[index]
    conditions.check_conditions(questions)
    changed = []
    for position, moved in enumerate(questions):
        if moved.position != position:
            moved.position = position
            changed.append(moved)
    Question.objects.bulk_update(changed, ["position"])
    question.position = next(q.position for q in questions if q.pk == question.pk)
    return True


@transaction.atomic
def set_condition(question, on_question, values=()) -> Question:
    """Show ``question`` only if ``on_question`` (an earlier question of the same
    questionnaire; None: always show it) was answered with one of ``values`` (option ids,
    True/False for yes or no, numbers of a scale). ``ValidationError`` in German if that
    cannot be (see ``conditions.validate_condition``)."""
    questions = _lock(question.questionnaire_id)
    condition = conditions.validate_condition(question, on_question, list(values), questions)
    config = dict(question.config or {})
    if condition is None:
        config.pop("condition", None)
    else:
        config["condition"] = condition
    question.config = config
    question.save(update_fields=["config"])
    return question


@transaction.atomic
def delete_question(question) -> bool:
    """Delete a question nobody has answered yet; answered ones stay (False). One that other
    questions depend on (their condition names it) is refused with ``ValidationError`` in
    German naming them: remove their conditions first."""
    if question.answers.exists():
        return False
    dependents = conditions.dependents_of(question, _lock(question.questionnaire_id))
    if dependents:
        raise ValidationError(
            _(
                "“%(question)s” cannot be deleted: these questions depend on it: %(dependents)s. "
                "Please remove their conditions first."
            )
            % {
                "question": question.label,
                "dependents": ", ".join(
                    _("“%(label)s”") % {"label": other.label} for other in dependents
                ),
            }
        )
    question.delete()
    return True


@transaction.atomic
def record_response(questionnaire, answers: dict, *, submitted_at=None) -> Response | None:
    """One person's answers: ``answers`` maps each Question asked to its cleaned value (as
    the form fields of ``forms.question_fields`` give them). None when nothing was asked (no
    questions): an owner without questions pays no INSERT. Unanswered questions store no
    answer, nor do questions hidden by their condition (evaluated here on these answers: an
    answer to a hidden question is dropped), sections, or questions of a kind no longer
    registered. ``questionnaire`` may be given as its id (an owner that holds only the id).
    ``submitted_at``: what the response says about its time (an anonymous survey gives the
    midnight of the day, so that no row carries a finer time); now if not given."""
    if not answers:
        return None
    questionnaire_id = getattr(questionnaire, "pk", questionnaire)
    for question in answers:
        if question.questionnaire_id != questionnaire_id:
            raise ValueError(
                f"question {question.pk} is not one of questionnaire {questionnaire_id}"
            )
    stamp = {"submitted_at": submitted_at} if submitted_at is not None else {}
    response = Response.objects.create(questionnaire_id=questionnaire_id, **stamp)
    in_order = sorted(answers, key=lambda question: (question.position, question.pk))
    values = {question.pk: value for question, value in answers.items()}
    shown = {question.pk for question in conditions.visible_questions(in_order, values)}
    rows, chosen = [], []
    for question in in_order:
        value = answers[question]
        handler = find_kind(question.kind)
        if handler is None or not handler.is_question or question.pk not in shown:
            continue
        if handler.is_empty(value):
            continue
        answer = Answer(response=response, question=question)
        chosen.append(handler.store(answer, value))
        rows.append(answer)
    Answer.objects.bulk_create(rows)
    links = [
        Answer.choices.through(answer_id=answer.pk, choice_id=option.pk)
        for answer, options in zip(rows, chosen, strict=True)
        for option in options
    ]
    if links:
        Answer.choices.through.objects.bulk_create(links)
    return response


@transaction.atomic
def copy_questionnaire(questionnaire) -> Questionnaire:
    """A new questionnaire with the same questions, options and conditions (naming the
    copies), no responses."""
    copy = Questionnaire.objects.create(organisation_id=questionnaire.organisation_id)
    question_ids, choice_ids, copied = {}, {}, []
    for question in questionnaire.questions.prefetch_related("choices"):
        options = list(question.choices.all())
        old_pk = question.pk
        question.pk, question.questionnaire = None, copy
        question._state.adding = True
        question.save()
        question_ids[old_pk] = question.pk
        new_options = Choice.objects.bulk_create(
            [Choice(question=question, label=c.label, seat_limit=c.seat_limit) for c in options]
        )
        choice_ids.update(zip((c.pk for c in options), (c.pk for c in new_options), strict=True))
        copied.append(question)
    kind_of = {question.pk: find_kind(question.kind) for question in copied}
    for question in copied:
        condition = conditions.condition_of(question)
        if condition is None:
            continue
        target = question_ids.get(condition["question"], condition["question"])
        options = getattr(kind_of.get(target), "has_options", False)
        question.config["condition"] = {
            "question": target,
            "values": [
                choice_ids.get(value, value) if options and _is_option_id(value) else value
                for value in condition["values"]
            ],
        }
        question.save(update_fields=["config"])
    return copy


def _is_option_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def erase_responses(responses) -> None:
    """Delete these responses (a queryset or IDs) with their answers: an owner whose record
    of a person goes (erasure, retention purge) calls it first, as a response does not go
    with it."""
    ids = responses if isinstance(responses, list | tuple | set) else list(responses)
    Response.objects.filter(pk__in=ids).delete()
