from django.urls import include, path

from .membership import urls as membership_urls

app_name = "networks"

# Under /<org>/ (public pages, the coordinators' pages and the staff pages under verwaltung/).
organisation_urlpatterns = [
    *membership_urls.organisation_urlpatterns,
]

# At the portal root.
urlpatterns = [
    *membership_urls.urlpatterns,
    path("<org:org>/", include(organisation_urlpatterns)),
]
