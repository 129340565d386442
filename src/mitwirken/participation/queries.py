"""Reads of participation projects: optimised querysets whose query count does not grow with
the data."""

from contextlib import nullcontext
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django_scopes import scopes_disabled

from .models import Module, Project, ProjectTopic

# Listed for everyone: published, concluded and archived projects that are not internal.
PUBLIC = Q(
    status__in=[Project.Status.PUBLISHED, Project.Status.CONCLUDED, Project.Status.ARCHIVED]
) & ~Q(access=Project.Access.INTERNAL)
LISTED = PUBLIC & Q(organisation__is_active=True)


@dataclass
class ProjectFilter:
    """The filters of the project lists, read from the query string."""

    organisation: str = ""
    topic: str = ""
    status: str = ""  # "" (all listed), "published", "concluded" or "archived"
    open_now: bool = False


def visible_to(user):
    """The projects ``user`` may find, of every organisation (``core.visibility``): the
    listed ones; everything of their organisation for staff; everything for the platform
    admin. (Internal projects are open to employees by their address, see ``access``; they
    are not listed portal-wide.)"""
    from mitwirken.organisations.models import StaffRole

    with scopes_disabled():  # spans organisations: the rule itself decides
        if user is None or not user.is_authenticated:
            return Project.objects.filter(LISTED)
        if user.is_superuser:
            return Project.objects.all()
        staff_of = StaffRole.objects.filter(user=user).values("organisation_id")
        return Project.objects.filter(LISTED | Q(organisation_id__in=staff_of))


def _open_now(today):
    """Projects with a module whose phase runs today."""
    return Exists(
        Module.objects.filter(
            project=OuterRef("pk"), phase__starts_on__lte=today, phase__ends_on__gte=today
        )
    )


def _filtered(projects, project_filter: ProjectFilter):
    if project_filter.organisation:
        projects = projects.filter(organisation__slug=project_filter.organisation)
    if project_filter.topic:
        projects = projects.filter(
            Exists(
                ProjectTopic.objects.filter(
                    project=OuterRef("pk"), name__iexact=project_filter.topic
                )
            )
        )
    if project_filter.status in (
        Project.Status.PUBLISHED,
        Project.Status.CONCLUDED,
        Project.Status.ARCHIVED,
    ):
        projects = projects.filter(status=project_filter.status)
    if project_filter.open_now:
        projects = projects.filter(_open_now(timezone.localdate()), status=Project.Status.PUBLISHED)
    return projects


def _for_lists(projects):
    return projects.select_related("organisation").prefetch_related("topics", "phases")


def public_projects(project_filter: ProjectFilter, organisation=None):
    """The listed projects (of one organisation, in its scope), filtered, newest first; with
    their organisation, topics and phases (for the "where it stands" line)."""
    if organisation is not None:
        projects = Project.objects.filter(PUBLIC, organisation=organisation)
    else:
        with scopes_disabled():
            projects = Project.objects.filter(LISTED)
    projects = _filtered(projects, project_filter)
    return _for_lists(projects).order_by("status", "-published_at", "pk")


def listed_topics(organisation=None) -> list[str]:
    """The topic names of listed projects, for the filter's select (each once)."""
    if organisation is not None:
        projects = Project.objects.filter(PUBLIC, organisation=organisation)
        topics = ProjectTopic.objects.filter(project__in=projects)
    else:
        with scopes_disabled():
            topics = ProjectTopic.objects.filter(project__in=Project.objects.filter(LISTED))
    return sorted(set(topics.values_list("name", flat=True)), key=str.casefold)


def listed_organisations():
    """The organisations with listed projects, for the filter's select."""
    from mitwirken.organisations.models import Organisation

    with scopes_disabled():
        return Organisation.objects.filter(
            Exists(Project.objects.filter(LISTED, organisation=OuterRef("pk")))
        ).order_by("name")


def next_projects(limit, organisation=None):
    """Published projects open now first, for the start page and the sub-portal."""
    with scopes_disabled() if organisation is None else nullcontext():
        projects = public_projects(ProjectFilter(status=Project.Status.PUBLISHED), organisation)
        return list(projects[:limit])


def staff_projects(organisation):
    return _for_lists(Project.objects.filter(organisation=organisation)).order_by(
        "status", "-created_at", "pk"
    )


def project_page(pk):
    """A project with what its page shows: organisation, topics, districts, phases and
    modules with their phase (in the current scope)."""
    return (
        Project.objects.select_related("organisation", "feedback")
        .prefetch_related(
            "topics",
            "districts",
            "phases",
            Prefetch("modules", queryset=Module.objects.select_related("phase", "survey")),
        )
        .filter(pk=pk)
        .first()
    )


def current_phase(project, today=None):
    """The phase that runs today (of phases read with the project), or None."""
    today = today or timezone.localdate()
    for phase in project.phases.all():
        if phase.starts_on <= today <= phase.ends_on:
            return phase
    return None


def code_batches(project):
    """The batches of the project's access codes with their counts (valid and revoked)."""
    from django.db.models import Count

    from .models import AccessCode

    return (
        AccessCode.objects.filter(project=project)
        .values("batch")
        .annotate(total=Count("pk"), revoked=Count("pk", filter=Q(revoked_at__isnull=False)))
        .order_by("batch")
    )
