from django.urls import include, path

from .profiles import urls as profile_urls

app_name = "networks"

# Under /<org>/ (public pages, the coordinators' pages and the staff pages under verwaltung/).
organisation_urlpatterns = [
    *profile_urls.organisation_urlpatterns,
]

# At the portal root.
urlpatterns = [
    path("konto/", include(profile_urls.account_urlpatterns)),
    path("<org:org>/", include(organisation_urlpatterns)),
]
