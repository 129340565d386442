from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    """Questions, their options and people's answers, for any app that asks something: the
    registration of an event today, surveys and the live poll next. An owner points to its
    ``Questionnaire`` (a one-to-one field of its own); this app knows no owner."""

    name = "mitwirken.questionnaires"
    label = "questionnaires"

    def ready(self):
        from . import kinds  # noqa: F401  registers the kinds of question
