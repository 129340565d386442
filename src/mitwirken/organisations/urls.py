from django.urls import include, path

from . import views

app_name = "organisations"

# Under /<org>/
organisation_urlpatterns = [
    path("", views.organisation_detail, name="detail"),
    path("impressum/", views.imprint, name="impressum"),
    path("datenschutz/", views.privacy, name="datenschutz"),
    path("barrierefreiheit/", views.accessibility, name="barrierefreiheit"),
    path("barriere-melden/", views.report_barrier, name="barriere_melden"),
    # Staff pages: every one of them is listed in the permission matrix test.
    path("verwaltung/", views.staff_home, name="staff_home"),
    path("verwaltung/profil/", views.edit_profile, name="edit_profile"),
    path("verwaltung/rechtliches/", views.edit_legal_pages, name="edit_legal_pages"),
    path("verwaltung/team/", views.staff_list, name="staff_list"),
    path(
        "verwaltung/team/<id:staff_role_id>/rolle/",
        views.staff_role_change,
        name="staff_role_change",
    ),
    path("verwaltung/team/<id:staff_role_id>/entfernen/", views.staff_remove, name="staff_remove"),
    path(
        "verwaltung/einladungen/<id:invitation_id>/zurueckziehen/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
    path("verwaltung/protokoll/", views.audit_log, name="audit_log"),
    path("verwaltung/barrieren/", views.barrier_reports, name="barrier_reports"),
    path(
        "verwaltung/barrieren/<id:report_id>/beantwortet/",
        views.barrier_report_answered,
        name="barrier_report_answered",
    ),
]

# At the portal root: the platform operator's legal pages and portal-wide lists. Included
# last by the root URLconf because /<org>/ matches any free path segment.
urlpatterns = [
    path("organisationen/", views.organisation_list, name="list"),
    path("impressum/", views.portal_imprint, name="portal_impressum"),
    path("datenschutz/", views.portal_privacy, name="portal_datenschutz"),
    path("barrierefreiheit/", views.portal_accessibility, name="portal_barrierefreiheit"),
    path("barriere-melden/", views.portal_report_barrier, name="portal_barriere_melden"),
    path("plattform/organisationen/neu/", views.create_organisation, name="create"),
    path("einladung/<token:token>/", views.accept_invitation, name="accept_invitation"),
    path("<org:org>/", include(organisation_urlpatterns)),
]
