"""URLs of the idea collection, under /<org>/beteiligung/<id:pk>/modul/<id:module>/
(``urlpatterns``), /<org>/verwaltung/beteiligung/<id:pk>/modul/<id:module>/
(``staff_urlpatterns``), and the project's ledger under /<org>/beteiligung/<id:pk>/
(``project_urlpatterns``)."""

from django.urls import path

from . import ideas_views as views

IDEA = "idee/<id:idea>/"

urlpatterns = [
    path("idee/neu/", views.idea_submit, name="idea_submit"),
    path(IDEA, views.idea_detail, name="idea_detail"),
    path(IDEA + "bearbeiten/", views.idea_edit, name="idea_edit"),
    path(IDEA + "zurueckziehen/", views.idea_withdraw, name="idea_withdraw"),
    path(IDEA + "unterstuetzen/", views.idea_support, name="idea_support"),
    path(IDEA + "nicht-mehr-unterstuetzen/", views.idea_unsupport, name="idea_unsupport"),
    path(IDEA + "melden/", views.idea_report, name="idea_report"),
]

project_urlpatterns = [
    path("rechenschaft.csv", views.ledger_csv, name="ideas_ledger_csv"),
    path("rechenschaft.json", views.ledger_json, name="ideas_ledger_json"),
]

STAFF_IDEA = "ideen/<id:idea>/"

staff_urlpatterns = [
    path("ideen/", views.staff_ideas, name="staff_ideas"),
    path("ideen/neu/", views.staff_idea_offline, name="staff_idea_offline"),
    path("ideen/kategorien/", views.staff_idea_categories, name="staff_idea_categories"),
    path("ideen/meldungen/", views.staff_idea_reports, name="staff_idea_reports"),
    path(STAFF_IDEA + "status/", views.staff_idea_status, name="staff_idea_status"),
    path(STAFF_IDEA + "zusammenfuehren/", views.staff_idea_merge, name="staff_idea_merge"),
    path(STAFF_IDEA + "ausblenden/", views.staff_idea_hide, name="staff_idea_hide"),
    path(STAFF_IDEA + "behalten/", views.staff_idea_keep, name="staff_idea_keep"),
]
