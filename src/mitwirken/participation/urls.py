"""TEMPORARY scaffold until main's project pages land (then main's urls.py replaces this
file): the project page and the module dispatch, and the idea collection's URLs."""

from django.http import Http404, HttpResponse
from django.urls import include, path

from mitwirken.organisations.tenancy import organisation_view

from . import access, urls_ideas, urls_surveys
from .models import Project
from .modules import module_kind

app_name = "participation"

MODULE = "beteiligung/<id:pk>/modul/<id:module>/"
STAFF = "verwaltung/beteiligung/<id:pk>/"


def _project(request, pk):
    project = Project.objects.select_related("organisation").filter(pk=pk).first()
    if project is None or not access.can_view(request.user, project):
        raise Http404
    return project


@organisation_view
def project_detail(request, organisation, pk):
    project = _project(request, pk)
    boxes = []
    for module in project.modules.select_related("phase"):
        module.project = project
        kind = module_kind(module.kind)
        if kind and kind.summary:
            from django.template.loader import render_to_string

            name, context = kind.summary(request, module)
            context = {"organisation": organisation, "project": project, "module": module} | context
            boxes.append(render_to_string(name, context, request))
    return HttpResponse("".join(boxes))


@organisation_view
def module_page(request, organisation, pk, module):
    project = _project(request, pk)
    found = project.modules.select_related("phase").filter(pk=module).first()
    kind = module_kind(found.kind) if found else None
    if found is None or kind is None:
        raise Http404
    found.project = project
    return kind.page(request, organisation, project, found)


organisation_urlpatterns = [
    path("beteiligung/<id:pk>/", project_detail, name="detail"),
    path("beteiligung/<id:pk>/", include(urls_ideas.project_urlpatterns)),
    path(MODULE, module_page, name="module"),
    path(MODULE, include(urls_ideas.urlpatterns)),
    path(MODULE, include(urls_surveys.urlpatterns)),
    path(STAFF + "modul/<id:module>/", include(urls_ideas.staff_urlpatterns)),
]

urlpatterns = [path("<org:org>/", include(organisation_urlpatterns))]
