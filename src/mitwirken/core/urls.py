from django.urls import path, re_path

from . import views

app_name = "core"
PAGE_KEYS = r"(?P<key>leichte-sprache|gebaerdensprache|netiquette)"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    re_path(rf"^{PAGE_KEYS}/$", views.platform_page, name="platform_page"),
    re_path(
        rf"^plattform/seiten/{PAGE_KEYS}/$", views.platform_page_edit, name="platform_page_edit"
    ),
]
