"""Reads of the survey module."""

from mitwirken.questionnaires.queries import questions_of as _questions_of

from ..models import Module
from ..models_surveys import Survey


def survey_of(module) -> Survey | None:
    """The survey of a survey module (in the current scope), or None; read with the module
    (``project_page``), no query."""
    if Module.survey.related.is_cached(module):
        survey = getattr(module, "survey", None)
        if survey is not None:
            survey.module = module
        return survey
    survey = Survey.objects.filter(module_id=module.pk).first()
    if survey is not None:
        survey.module = module
    return survey


def questions_of(survey) -> list:
    """Its questions in order, with their options (two queries)."""
    return _questions_of(survey.questionnaire_id)
