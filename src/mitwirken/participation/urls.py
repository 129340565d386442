from django.urls import include, path

from . import pages, staff_views, urls_ideas, urls_surveys

app_name = "participation"

MODULE = "beteiligung/<id:pk>/modul/<id:module>/"
STAFF = "verwaltung/beteiligung/<id:pk>/"

# Under /<org>/ (public pages, and the staff pages under verwaltung/).
organisation_urlpatterns = [
    path("beteiligung/", pages.organisation_list, name="organisation_list"),
    path("beteiligung/<id:pk>/", pages.project_detail, name="detail"),
    path("beteiligung/<id:pk>/zugangscode/", pages.enter_code, name="enter_code"),
    path("beteiligung/<id:pk>/", include(urls_ideas.project_urlpatterns)),
    path(MODULE, pages.module_page, name="module"),
    path(MODULE, include(urls_ideas.urlpatterns)),
    path(MODULE, include(urls_surveys.urlpatterns)),
    # Staff pages (all in the permission matrix)
    path("verwaltung/beteiligung/", staff_views.project_list, name="staff_list"),
    path("verwaltung/beteiligung/neu/", staff_views.project_create, name="staff_new"),
    path(STAFF, staff_views.project_edit, name="staff_edit"),
    path(STAFF + "phasen/", staff_views.project_phases, name="staff_phases"),
    path(STAFF + "auswertung/", staff_views.project_dashboard, name="staff_dashboard"),
    path(STAFF + "module/neu/", staff_views.module_new, name="staff_module_new"),
    path(STAFF + "modul/<id:module>/", staff_views.module_edit, name="staff_module"),
    path(STAFF + "veroeffentlichen/", staff_views.project_publish, name="staff_publish"),
    path(STAFF + "abschliessen/", staff_views.project_conclude, name="staff_conclude"),
    path(STAFF + "archivieren/", staff_views.project_archive, name="staff_archive"),
    path(STAFF + "zugang/", staff_views.project_access, name="staff_access"),
    path(STAFF + "rueckmeldung/", staff_views.feedback_edit, name="staff_feedback"),
    path(
        STAFF + "rueckmeldung/veroeffentlichen/",
        staff_views.feedback_publish,
        name="staff_feedback_publish",
    ),
    path(
        STAFF + "zugang/einladung/<id:invitation>/widerrufen/",
        staff_views.invitation_revoke,
        name="staff_invitation_revoke",
    ),
    path(STAFF + "zugang/codes.csv", staff_views.codes_export, name="staff_codes_export"),
    path(STAFF + "zugang/code-widerrufen/", staff_views.code_revoke, name="staff_code_revoke"),
    path(STAFF + "modul/<id:module>/", include(urls_ideas.staff_urlpatterns)),
    path(STAFF + "modul/<id:module>/", include(urls_surveys.staff_urlpatterns)),
]

# At the portal root.
urlpatterns = [
    path("beteiligung/", pages.portal_list, name="list"),
    path("beteiligung/einladung/<token:token>/", pages.invitation, name="invitation"),
    path("konto/beteiligung/", pages.my_participation, name="mine"),
    path("<org:org>/", include(organisation_urlpatterns)),
]
