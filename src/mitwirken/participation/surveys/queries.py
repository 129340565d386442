"""Reads of the survey module."""

from mitwirken.questionnaires.queries import questions_of as _questions_of

from ..models_surveys import Survey


def survey_of(module) -> Survey | None:
    """The survey of a survey module (in the current scope), or None."""
    survey = Survey.objects.filter(module_id=module.pk).first()
    if survey is not None:
        survey.module = module
    return survey


def questions_of(survey) -> list:
    """Its questions in order, with their options (two queries)."""
    return _questions_of(survey.questionnaire_id)
