from django_scopes import scope

from mitwirken.questionnaires import services
from mitwirken.questionnaires.models import Questionnaire


def make_questionnaire(organisation, *questions) -> Questionnaire:
    """A questionnaire with these questions: dicts of ``services.add_question``'s arguments."""
    with scope(organisation=organisation):
        questionnaire = services.new_questionnaire(organisation)
        for question in questions:
            services.add_question(questionnaire, **question)
    return questionnaire
