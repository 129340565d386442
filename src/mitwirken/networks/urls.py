from django.urls import include, path

app_name = "networks"

# Under /<org>/ (public pages, the coordinators' pages and the staff pages under verwaltung/).
organisation_urlpatterns = []

# At the portal root.
urlpatterns = [
    path("<org:org>/", include(organisation_urlpatterns)),
]
