"""Reads of questionnaires."""

from django.db.models import prefetch_related_objects

from .kinds import find_kind
from .models import Question


def questions_of(questionnaire_id) -> list:
    """The questions of a questionnaire in order, with their options: one query, and one
    more for the options only if a question has some. Run it in the owner's scope."""
    questions = list(Question.objects.filter(questionnaire_id=questionnaire_id))
    with_options = [q for q in questions if getattr(find_kind(q.kind), "has_options", False)]
    prefetch_related_objects(with_options, "choices")
    return questions


def limited_choice_ids(questions) -> list:
    """The options of these questions (with their options read) that have their own seat
    limit (a workshop session)."""
    return [
        choice.pk
        for question in questions
        if getattr(find_kind(question.kind), "seat_limits", False)
        for choice in question.choices.all()
        if choice.seat_limit is not None
    ]
