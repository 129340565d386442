"""URLs of the survey, under /<org>/beteiligung/<id:pk>/modul/<id:module>/ (``urlpatterns``)
and /<org>/verwaltung/beteiligung/<id:pk>/modul/<id:module>/ (``staff_urlpatterns``)."""

from django.urls import path

from .surveys import staff_views, views

urlpatterns = [
    path("weiter/", views.survey_next, name="survey_next"),
    path("zurueck/", views.survey_back, name="survey_back"),
    path("zwischenspeichern/", views.survey_save, name="survey_save"),
    path("link-senden/", views.survey_mail_link, name="survey_mail_link"),
    path("fortsetzen/<str:token>/", views.survey_resume, name="survey_resume"),
    path("absenden/", views.survey_submit, name="survey_submit"),
    path("danke/", views.survey_thanks, name="survey_thanks"),
    path("ergebnisse/", staff_views.public_results, name="survey_results"),
]

STAFF = "umfrage/"
QUESTION = STAFF + "fragen/<id:question>/"

staff_urlpatterns = [
    path(STAFF, staff_views.survey_settings, name="survey_staff"),
    path(STAFF + "fragen/", staff_views.survey_questions, name="survey_staff_questions"),
    path(QUESTION, staff_views.survey_question_edit, name="survey_staff_question"),
    path(
        QUESTION + "bedingung/",
        staff_views.survey_question_condition,
        name="survey_staff_question_condition",
    ),
    path(
        QUESTION + "loeschen/",
        staff_views.survey_question_delete,
        name="survey_staff_question_delete",
    ),
    path(QUESTION + "hoch/", staff_views.survey_question_up, name="survey_staff_question_up"),
    path(QUESTION + "runter/", staff_views.survey_question_down, name="survey_staff_question_down"),
    path(STAFF + "vorschau/", staff_views.survey_preview, name="survey_staff_preview"),
    path(STAFF + "offline/", staff_views.survey_offline, name="survey_staff_offline"),
    path(STAFF + "ergebnisse/", staff_views.survey_results, name="survey_staff_results"),
    path(STAFF + "antworten.csv", staff_views.survey_export_csv, name="survey_staff_csv"),
    path(STAFF + "antworten.xlsx", staff_views.survey_export_xlsx, name="survey_staff_xlsx"),
    path(STAFF + "codebuch.csv", staff_views.survey_codebook_csv, name="survey_staff_codebook"),
    path(
        STAFF + "teilnehmende/", staff_views.survey_participants, name="survey_staff_participants"
    ),
    path(
        STAFF + "wer-teilgenommen-hat/",
        staff_views.survey_demographics,
        name="survey_staff_demographics",
    ),
]
