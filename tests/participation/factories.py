"""Projects for the tests of participation: made through the use-cases, as staff would."""

from datetime import timedelta

from django.utils import timezone
from django_scopes import scope

from mitwirken.participation import administration
from mitwirken.participation.models import Module, Phase, Project

CONCEPT = {
    "subject": "Wie wollen wir uns im Quartier bewegen?",
    "open_to_decision": "Wo Fahrradbügel und Sitzbänke hinkommen.",
    "already_fixed": "Die Buslinie 4 bleibt, wie sie ist.",
    "level": Project.Level.CONSULTATION,
    "decision_makers": "Der Bauausschuss entscheidet im Frühjahr über die Vorschläge.",
    "target_groups": "Alle, die im Quartier wohnen, arbeiten oder zur Schule gehen.",
}


def make_project(organisation, *, status=Project.Status.PUBLISHED, actor=None, **fields):
    """A project with the complete concept and the four preset phases, the second running
    today; published unless ``status`` says otherwise."""
    fields = {"title": "Beweg Dein Quartier", "teaser": "Mobilität im Quartier", **CONCEPT} | fields
    topics = fields.pop("topics", ["Mobilität"])
    districts = fields.pop("districts", ["Altstadt", "Nordviertel"])
    with scope(organisation=organisation):
        project = administration.create_project(
            actor, organisation, topics=topics, districts=districts, **fields
        )
        today = timezone.localdate()
        for position, phase in enumerate(project.phases.all()):
            phase.starts_on = today + timedelta(days=10 * (position - 1) - 5)
            phase.ends_on = phase.starts_on + timedelta(days=9)
            phase.save()
        if status != Project.Status.DRAFT:
            administration.publish_project(actor, project)
        if status in (Project.Status.CONCLUDED, Project.Status.ARCHIVED):
            Project.objects.filter(pk=project.pk).update(status=status)
        project.refresh_from_db()
        return project


def running_phase(project) -> Phase:
    with scope(organisation=project.organisation):
        return next(p for p in project.phases.all() if p.is_running())


def make_module(project, kind=Module.Kind.SURVEY, title="Umfrage zur Mobilität", phase=None):
    with scope(organisation=project.organisation):
        return administration.add_module(
            None, project, kind=kind, title=title, phase=phase or running_phase(project)
        )
