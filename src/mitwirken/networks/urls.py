from django.urls import include, path

from . import pages, staff_views

app_name = "networks"

# Under /<org>/ (public pages, the coordinators' pages and the staff pages under verwaltung/).
organisation_urlpatterns = [
    path("netzwerke/", pages.organisation_list, name="organisation_list"),
    path("netzwerke/<id:pk>/", pages.network_detail, name="detail"),
    path(
        "netzwerke/<id:pk>/bewerbungsfragen/",
        pages.application_questions,
        name="questions",
    ),
    path(
        "netzwerke/<id:pk>/bewerbungsfragen/<id:question_id>/loeschen/",
        pages.application_question_delete,
        name="question_delete",
    ),
    # Staff pages (all in the permission matrix)
    path("verwaltung/netzwerke/", staff_views.network_list, name="staff_list"),
    path("verwaltung/netzwerke/neu/", staff_views.network_create, name="staff_new"),
    path("verwaltung/netzwerke/<id:pk>/", staff_views.network_edit, name="staff_edit"),
    path(
        "verwaltung/netzwerke/<id:pk>/veroeffentlichen/",
        staff_views.network_publish,
        name="staff_publish",
    ),
    path(
        "verwaltung/netzwerke/<id:pk>/abschliessen/",
        staff_views.network_conclude,
        name="staff_conclude",
    ),
    path(
        "verwaltung/netzwerke/<id:pk>/wieder-eroeffnen/",
        staff_views.network_reopen,
        name="staff_reopen",
    ),
]

# At the portal root.
urlpatterns = [
    path("netzwerke/", pages.portal_list, name="list"),
    path("<org:org>/", include(organisation_urlpatterns)),
]
