"""A published project with a running survey module, and its questions."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from mitwirken.participation.models import Module, Phase, Project
from mitwirken.participation.surveys import services
from mitwirken.questionnaires import services as questionnaires

CONCEPT = {
    "subject": "Mobilität im Quartier",
    "open_to_decision": "Wo Fahrradbügel hinkommen",
    "already_fixed": "Das Budget",
    "level": Project.Level.CONSULTATION,
    "decision_makers": "Der Stadtrat",
    "target_groups": "Alle im Quartier",
}


def make_survey(organisation, *, access=Project.Access.PUBLIC, **settings):
    today = timezone.localdate()
    with scopes_disabled():
        project = Project.objects.create(
            organisation=organisation,
            title="Beweg Dein Quartier",
            status=Project.Status.PUBLISHED,
            access=access,
            **CONCEPT,
        )
        phase = Phase.objects.create(
            project=project,
            name="Beteiligung",
            starts_on=today - timedelta(days=3),
            ends_on=today + timedelta(days=30),
        )
        module = Module.objects.create(
            project=project, phase=phase, kind=Module.Kind.SURVEY, title="Umfrage Mobilität"
        )
    with scope(organisation=organisation):
        services.module_created(module)
        survey = module.survey
        for name, value in settings.items():
            setattr(survey, name, value)
        survey.save()
    return survey


def ask(survey, kind, label, *, options=(), required=False, config=None, condition=None):
    """A question of the survey (options as labels); ``condition``: (question, values)."""
    organisation = survey.module.project.organisation
    with scope(organisation=organisation):
        question = questionnaires.add_question(
            survey.questionnaire,
            kind=kind,
            label=label,
            required=required,
            options=[(text, None) for text in options],
            config=config or {},
        )
        if condition is not None:
            target, values = condition
            questionnaires.set_condition(question, target, values)
        question.refresh_from_db()
    return question


def choice(question, label):
    with scopes_disabled():
        return question.choices.get(label=label)


def url(survey, name, **kwargs):
    module = survey.module
    return reverse(
        f"participation:{name}",
        kwargs={
            "org": module.project.organisation.slug,
            "pk": module.project_id,
            "module": module.pk,
            **kwargs,
        },
    )
