from django.urls import include, path

from . import staff_views, views

app_name = "events"

# Under /<org>/ (included by the organisations URLconf through the root URLconf).
organisation_urlpatterns = [
    path("veranstaltungen/", views.organisation_list, name="organisation_list"),
    path("veranstaltungen/kalender.ics", views.organisation_feed, name="organisation_feed"),
    path("veranstaltungen/<id:pk>/", views.event_detail, name="detail"),
    path("veranstaltungen/<id:pk>/kalender.ics", views.event_ics, name="ics"),
    path(
        "veranstaltungen/<id:pk>/bitte-bestaetigen/",
        views.check_your_mail,
        name="check_your_mail",
    ),
    path("veranstaltungen/material/<id:pk>/", views.material_download, name="material"),
    path("veranstaltungen/anmeldung/<token:token>/", views.registration_page, name="registration"),
    path(
        "veranstaltungen/anmeldung/<token:token>/platz-annehmen/",
        views.offer_accept,
        name="offer_accept",
    ),
    path(
        "veranstaltungen/anmeldung/<token:token>/einchecken/",
        views.check_in,
        name="check_in",
    ),
    path(
        "veranstaltungen/anmeldung/<token:token>/bestaetigen/",
        views.confirm_address,
        name="confirm",
    ),
    path(
        "veranstaltungen/anmeldung/<token:token>/abmelden/",
        views.cancel_registration,
        name="cancel_registration",
    ),
    path(
        "veranstaltungen/anmeldung/<token:token>/kalender.ics",
        views.registration_ics,
        name="registration_ics",
    ),
    path(
        "veranstaltungen/anmeldung/<token:token>/material/<id:pk>/",
        views.material_download,
        name="registration_material",
    ),
    path(
        "veranstaltungen/anmeldung/<token:token>/bescheinigung.pdf",
        views.certificate_download,
        name="certificate",
    ),
    # Staff pages (all in the permission matrix)
    path("verwaltung/veranstaltungen/", staff_views.event_list, name="staff_list"),
    path("verwaltung/veranstaltungen/neu/", staff_views.event_new, name="staff_new"),
    path("verwaltung/veranstaltungen/anlegen/", staff_views.event_create, name="staff_create"),
    path("verwaltung/veranstaltungen/<id:pk>/", staff_views.event_edit, name="staff_edit"),
    path(
        "verwaltung/veranstaltungen/<id:pk>/duplizieren/",
        staff_views.event_duplicate,
        name="staff_duplicate",
    ),
    path(
        "verwaltung/veranstaltungen/<id:pk>/absagen/",
        staff_views.event_cancel,
        name="staff_cancel",
    ),
    path(
        "verwaltung/veranstaltungen/<id:pk>/fragen/",
        staff_views.event_questions,
        name="staff_questions",
    ),
    path(
        "verwaltung/veranstaltungen/<id:pk>/fragen/<id:question_id>/loeschen/",
        staff_views.question_delete,
        name="staff_question_delete",
    ),
    path(
        "verwaltung/veranstaltungen/<id:pk>/anmeldungen/",
        staff_views.registrations,
        name="staff_registrations",
    ),
    path(
        "verwaltung/veranstaltungen/<id:pk>/anmeldungen/aendern/",
        staff_views.registrations_apply,
        name="staff_registrations_apply",
    ),
    path(
        "verwaltung/veranstaltungen/<id:pk>/export.<str:file_format>",
        staff_views.export,
        name="staff_export",
    ),
    path(
        "verwaltung/veranstaltungen/<id:pk>/anwesenheit/",
        staff_views.attendance,
        name="staff_attendance",
    ),
    path(
        "verwaltung/veranstaltungen/<id:pk>/anwesenheit/neuer-code/",
        staff_views.check_in_code_new,
        name="staff_check_in_code",
    ),
    path(
        "verwaltung/veranstaltungen/<id:pk>/materialien/",
        staff_views.materials,
        name="staff_materials",
    ),
    path(
        "verwaltung/veranstaltungen/<id:pk>/materialien/hinzufuegen/",
        staff_views.material_add,
        name="staff_material_add",
    ),
    path(
        "verwaltung/veranstaltungen/<id:pk>/materialien/<id:material_id>/loeschen/",
        staff_views.material_delete,
        name="staff_material_delete",
    ),
    path(
        "verwaltung/veranstaltungen/<id:pk>/materialien/teilnehmende-informieren/",
        staff_views.materials_notify,
        name="staff_materials_notify",
    ),
    path(
        "verwaltung/veranstaltungen/<id:pk>/nachricht/", staff_views.message, name="staff_message"
    ),
]

# At the portal root.
urlpatterns = [
    path("veranstaltungen/", views.portal_list, name="list"),
    path("veranstaltungen/kalender.ics", views.portal_feed, name="feed"),
    path("bescheinigung/", views.verify_certificate, name="verify_form"),
    path("bescheinigung/<str:code>/", views.verify_certificate, name="verify"),
    path("konto/anmeldungen/", views.my_registrations, name="my_registrations"),
    path("<org:org>/", include(organisation_urlpatterns)),
]
