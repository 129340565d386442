"""Projects with an open idea collection, ideas and people for the tests of ideas."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from mitwirken.participation import ideas_services
from mitwirken.participation.models import District, Module, Phase, Project
from mitwirken.participation.models_ideas import Category, Idea, IdeaCollection


def make_collection(
    organisation,
    *,
    status=Project.Status.PUBLISHED,
    access=Project.Access.PUBLIC,
    open_=True,
    districts=("Altstadt", "Nordviertel"),
    categories=("Verkehr", "Grün"),
    title="Beweg Dein Quartier",
) -> IdeaCollection:
    today = timezone.localdate()
    with scope(organisation=organisation):
        project = Project.objects.create(
            organisation=organisation,
            title=title,
            status=status,
            access=access,
            internal_domains="stadt.example" if access == Project.Access.INTERNAL else "",
        )
        for position, name in enumerate(districts):
            District.objects.create(project=project, name=name, position=position)
        start = today - timedelta(days=3) if open_ else today - timedelta(days=30)
        phase = Phase.objects.create(
            project=project,
            name="Beteiligung",
            starts_on=start,
            ends_on=start + timedelta(days=14 if open_ else 7),
        )
        module = Module.objects.create(
            project=project, phase=phase, kind=Module.Kind.IDEAS, title="Ideensammlung"
        )
        ideas_services.module_created(module)
        collection = IdeaCollection.objects.select_related(
            "module__project__organisation", "module__phase"
        ).get(module=module)
        for position, name in enumerate(categories):
            Category.objects.create(collection=collection, name=name, position=position)
    return collection


def make_idea(collection, author=None, *, title="Mehr Bänke am Marktplatz", **fields) -> Idea:
    organisation = collection.module.project.organisation
    with scope(organisation=organisation):
        fields.setdefault("text", "Zum Ausruhen beim Einkaufen.")
        if author is None:
            fields.setdefault("channel", Idea.Channel.LETTER)
        return Idea.objects.create(collection=collection, author=author, title=title, **fields)


def kwargs_of(collection, **more) -> dict:
    module = collection.module
    return {
        "org": module.project.organisation.slug,
        "pk": module.project_id,
        "module": module.pk,
        **more,
    }


def url(name, collection, **more) -> str:
    return reverse(f"participation:{name}", kwargs=kwargs_of(collection, **more))


def project_url(name, collection) -> str:
    project = collection.module.project
    return reverse(
        f"participation:{name}", kwargs={"org": project.organisation.slug, "pk": project.pk}
    )
