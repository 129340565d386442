from django.urls import include, path

from . import urls_meetings

app_name = "networks"

# Under /<org>/ (public pages, the coordinators' pages and the staff pages under verwaltung/).
organisation_urlpatterns = []
organisation_urlpatterns += urls_meetings.urlpatterns  # meetings, documents, results

# At the portal root.
urlpatterns = [
    path("<org:org>/", include(organisation_urlpatterns)),
]
