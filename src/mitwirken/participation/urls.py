"""Stand-in of main's participation URLs (the project pages land there): only the module page
and the survey's URLs, as main includes them. On merging main, take main's file."""

from django.http import Http404
from django.urls import include, path

from mitwirken.organisations.tenancy import organisation_view

from . import access, queries, urls_ideas, urls_surveys
from .modules import module_kind

app_name = "participation"

MODULE = "beteiligung/<id:pk>/modul/<id:module>/"
STAFF = "verwaltung/beteiligung/<id:pk>/"


@organisation_view
def module_page(request, organisation, pk, module):
    project = queries.project_page(pk)
    if project is None or not access.can_view(request.user, project):
        raise Http404
    found = next((m for m in project.modules.all() if m.pk == module), None)
    kind = module_kind(found.kind) if found else None
    if found is None or kind is None:
        raise Http404
    found.project = project
    return kind.page(request, organisation, project, found)


@organisation_view
def project_detail(request, organisation, pk):
    raise Http404  # main's project page


organisation_urlpatterns = [
    path("beteiligung/<id:pk>/", project_detail, name="detail"),
    path(MODULE, module_page, name="module"),
    path(MODULE, include(urls_ideas.urlpatterns)),
    path(MODULE, include(urls_surveys.urlpatterns)),
    path(STAFF + "modul/<id:module>/", include(urls_surveys.staff_urlpatterns)),
]

urlpatterns = [path("<org:org>/", include(organisation_urlpatterns))]
