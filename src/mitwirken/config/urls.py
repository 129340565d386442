from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import include, path

from mitwirken.accounts import views as accounts_views
from mitwirken.core import views as core_views
from mitwirken.portal import views as portal_views

handler500 = "mitwirken.core.views.server_error"

admin.site.site_header = "mitwirken – Plattformverwaltung"
# mitwirken does not use Django's groups (roles are staff roles, permissions are rules). Their
# admin page also answers 500 on SQLite for a permission id beyond 64 bits (Django's
# ModelMultipleChoiceField queries it), found by tests/core/test_hostile_urls.py.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("admin/", admin.site.urls),
    path("konto/", include("mitwirken.accounts.urls")),
    path("konto/", include("allauth.urls")),
    path("sprache/setlang/", accounts_views.set_language, name="set_language"),
    path("", include("mitwirken.core.urls")),
    # Public uploads (logos) with safe headers; in production nginx may serve this folder
    # directly with the same headers (docs/operators.md). Materials never come from here.
    path(
        f"{settings.MEDIA_PATH.strip('/')}/<path:path>",
        core_views.public_media,
        name="public_media",
    ),
    # Last: /<organisation-slug>/… takes every path segment not used above.
    path("", include("mitwirken.comments.urls")),
    path("", include("mitwirken.events.urls")),
    path("", include("mitwirken.networks.urls")),
    path("", include("mitwirken.participation.urls")),
    path("", include("mitwirken.organisations.urls")),
]
