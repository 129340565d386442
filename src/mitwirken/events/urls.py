from django.urls import include, path

from . import staff_views, views

app_name = "events"

# Under /<org>/ (included by the organisations URLconf through the root URLconf).
organisation_urlpatterns = [
    path("veranstaltungen/", views.organisation_list, name="organisation_list"),
    path("veranstaltungen/kalender.ics", views.organisation_feed, name="organisation_feed"),
    path("veranstaltungen/<int:pk>/", views.event_detail, name="detail"),
    path("veranstaltungen/<int:pk>/kalender.ics", views.event_ics, name="ics"),
    path(
        "veranstaltungen/<int:pk>/bitte-bestaetigen/",
        views.check_your_mail,
        name="check_your_mail",
    ),
    path("veranstaltungen/material/<int:pk>/", views.material_download, name="material"),
    path("veranstaltungen/anmeldung/<str:token>/", views.registration_page, name="registration"),
    path(
        "veranstaltungen/anmeldung/<str:token>/bestaetigen/", views.confirm_address, name="confirm"
    ),
    path(
        "veranstaltungen/anmeldung/<str:token>/abmelden/",
        views.cancel_registration,
        name="cancel_registration",
    ),
    path(
        "veranstaltungen/anmeldung/<str:token>/kalender.ics",
        views.registration_ics,
        name="registration_ics",
    ),
    path(
        "veranstaltungen/anmeldung/<str:token>/material/<int:pk>/",
        views.material_download,
        name="registration_material",
    ),
    path(
        "veranstaltungen/anmeldung/<str:token>/bescheinigung.pdf",
        views.certificate_download,
        name="certificate",
    ),
    # Staff pages (all in the permission matrix)
    path("verwaltung/veranstaltungen/", staff_views.event_list, name="staff_list"),
    path("verwaltung/veranstaltungen/neu/", staff_views.event_new, name="staff_new"),
    path("verwaltung/veranstaltungen/anlegen/", staff_views.event_create, name="staff_create"),
    path("verwaltung/veranstaltungen/<int:pk>/", staff_views.event_edit, name="staff_edit"),
    path(
        "verwaltung/veranstaltungen/<int:pk>/duplizieren/",
        staff_views.event_duplicate,
        name="staff_duplicate",
    ),
    path(
        "verwaltung/veranstaltungen/<int:pk>/absagen/",
        staff_views.event_cancel,
        name="staff_cancel",
    ),
    path(
        "verwaltung/veranstaltungen/<int:pk>/fragen/",
        staff_views.event_questions,
        name="staff_questions",
    ),
    path(
        "verwaltung/veranstaltungen/<int:pk>/fragen/<int:question_id>/loeschen/",
        staff_views.question_delete,
        name="staff_question_delete",
    ),
    path(
        "verwaltung/veranstaltungen/<int:pk>/anmeldungen/",
        staff_views.registrations,
        name="staff_registrations",
    ),
    path(
        "verwaltung/veranstaltungen/<int:pk>/anmeldungen/aendern/",
        staff_views.registrations_apply,
        name="staff_registrations_apply",
    ),
    path(
        "verwaltung/veranstaltungen/<int:pk>/export.<str:file_format>",
        staff_views.export,
        name="staff_export",
    ),
    path(
        "verwaltung/veranstaltungen/<int:pk>/anwesenheit/",
        staff_views.attendance,
        name="staff_attendance",
    ),
    path(
        "verwaltung/veranstaltungen/<int:pk>/materialien/",
        staff_views.materials,
        name="staff_materials",
    ),
    path(
        "verwaltung/veranstaltungen/<int:pk>/nachricht/", staff_views.message, name="staff_message"
    ),
]

# At the portal root.
urlpatterns = [
    path("veranstaltungen/", views.portal_list, name="list"),
    path("veranstaltungen/kalender.ics", views.portal_feed, name="feed"),
    path("bescheinigung/", views.verify_certificate, name="verify_form"),
    path("bescheinigung/<str:code>/", views.verify_certificate, name="verify"),
    path("konto/anmeldungen/", views.my_registrations, name="my_registrations"),
    path("<slug:org>/", include(organisation_urlpatterns)),
]
