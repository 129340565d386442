"""Public pages of participation: the portal-wide and the organisation's project list, a
project's page ("Worum es geht", timeline, modules, Rückmeldung), a module's page (shown by
its kind, see ``modules.py``), and the ways into a restricted project (an invitation link,
an access code)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scope, scopes_disabled

from mitwirken.core import ratelimit
from mitwirken.organisations.tenancy import organisation_view

from . import access, mine, queries
from .forms import AccessCodeForm
from .models import AccessCode, Invitation, Project
from .modules import module_kind

# The list filters in the query string: parameter -> ProjectFilter field.
LIST_PARAMETERS = {"organisation": "organisation", "thema": "topic", "status": "status"}
PROJECTS_PER_PAGE = 20


def _filter_from(request) -> queries.ProjectFilter:
    def text(name):
        # A NUL cannot be in any name, and PostgreSQL refuses it in a query.
        value = request.GET.get(name, "")[:200]
        return "" if "\x00" in value else value

    return queries.ProjectFilter(
        **{field: text(name) for name, field in LIST_PARAMETERS.items()},
        open_now=request.GET.get("offen") == "1",
    )


def _list_query(request) -> str:
    """Only the filters we know go into the links of the page."""
    query = QueryDict(mutable=True)
    for name in (*LIST_PARAMETERS, "offen"):
        if request.GET.get(name):
            query[name] = request.GET[name][:200]
    return query.urlencode()


def _list(request, organisation=None):
    project_filter = _filter_from(request)
    projects = queries.public_projects(project_filter, organisation)
    page = Paginator(projects, PROJECTS_PER_PAGE).get_page(request.GET.get("seite"))
    today = timezone.localdate()
    for project in page.object_list:
        project.current_phase = queries.current_phase(project, today)
    return render(
        request,
        "participation/list.html",
        {
            "organisation": organisation,
            "filter": project_filter,
            "page": page,
            "organisations": [] if organisation else queries.listed_organisations(),
            "topics": queries.listed_topics(organisation),
            "statuses": [
                (Project.Status.PUBLISHED, _("Running")),
                (Project.Status.CONCLUDED, _("Concluded")),
                (Project.Status.ARCHIVED, _("Archive")),
            ],
            "query": _list_query(request),
        },
    )


def portal_list(request):
    with scopes_disabled():
        return _list(request)


@organisation_view
def organisation_list(request, organisation):
    return _list(request, organisation)


def _project(request, pk) -> Project:
    """The project of this organisation that this person may see, or 404 (a draft or an
    internal project looks to others as if it did not exist)."""
    project = queries.project_page(pk)
    if project is None or not access.can_view(request.user, project):
        raise Http404
    return project


def _timeline(project, today):
    return [{"phase": phase, "state": phase.state(today)} for phase in project.phases.all()]


@organisation_view
def project_detail(request, organisation, pk):
    project = _project(request, pk)
    today = timezone.localdate()
    boxes = []
    for module in project.modules.all():
        module.project = project  # read with the project: no query per module
        kind = module_kind(module.kind)
        built = kind.summary(request, module) if kind and kind.summary else None
        if built is not None:
            template_name, context = built
            context = {"organisation": organisation, "project": project, "module": module} | context
            boxes.append(render_to_string(template_name, context, request))
    feedback = getattr(project, "feedback", None)
    return render(
        request,
        "participation/detail.html",
        {
            "organisation": organisation,
            "project": project,
            "timeline": _timeline(project, today),
            "current_phase": queries.current_phase(project, today),
            "modules": project.modules.all(),
            "boxes": boxes,
            "feedback": feedback if feedback and feedback.is_published else None,
            "participant": access.participant(request, project),
            "code_form": AccessCodeForm() if project.access == Project.Access.CODE else None,
            "can_edit": request.user.has_perm("participation.change_project", project),
        },
    )


@organisation_view
def module_page(request, organisation, pk, module):
    """A module's page, shown by its kind."""
    project = _project(request, pk)
    found = next((m for m in project.modules.all() if m.pk == module), None)
    kind = module_kind(found.kind) if found else None
    if found is None or kind is None:
        raise Http404
    found.project = project
    return kind.page(request, organisation, project, found)


@require_POST
@organisation_view
def enter_code(request, organisation, pk):
    """A citizen types the access code from their letter: valid, it opens the project in
    this browser; wrong, they are told so (and a script guessing codes is slowed down)."""
    project = _project(request, pk)
    form = AccessCodeForm(request.POST)
    if not ratelimit.allow(request, "access_code"):
        messages.error(request, _("Too many attempts. Please wait a few minutes and try again."))
    elif form.is_valid():
        code = AccessCode.objects.filter(
            project=project, code=form.cleaned_data["code"], revoked_at__isnull=True
        ).first()
        if code is not None:
            access.grant(request, project, access_code=code)
            messages.success(request, _("Thank you: you can take part now."))
        else:
            messages.error(
                request,
                _("This code is not valid for this project. Please check it against your letter."),
            )
    else:
        messages.error(request, form.errors["code"][0])
    return redirect(project.get_absolute_url())


def invitation(request, token):
    """The personal link of an invitation: it opens the project in this browser, no
    account needed."""
    with scopes_disabled():
        found = (
            Invitation.objects.select_related("project__organisation")
            .filter(token=token[:64])
            .first()
        )
    if found is None or not found.is_valid or not found.project.organisation.is_active:
        return render(request, "participation/invitation_invalid.html", status=404)
    project = found.project
    if project.status == Project.Status.DRAFT:
        return render(request, "participation/invitation_invalid.html", status=404)
    with scope(organisation=project.organisation):
        access.grant(request, project, invitation=found)
    messages.success(request, _("Welcome: your invitation has been recognised."))
    return redirect(project.get_absolute_url())


@login_required
def my_participation(request):
    """'Meine Beteiligung': the person's contributions and where they stand."""
    return render(
        request,
        "participation/mine.html",
        {"contributions": mine.contributions_of(request.user)},
    )
