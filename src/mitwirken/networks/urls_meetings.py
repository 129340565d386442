"""URLs of the network's meetings, notes, photos, documents and results, under /<org>/
(added to ``urls.organisation_urlpatterns``)."""

from django.urls import path

from . import views_documents, views_meetings, views_results

N = "netzwerke/<id:pk>/"
M = N + "treffen/<id:meeting>/"
D = N + "dokumente/"

urlpatterns = [
    path(N + "treffen/", views_meetings.meetings, name="meetings"),
    path(N + "treffen/verknuepfen/", views_meetings.meeting_link, name="meeting_link"),
    path(M, views_meetings.meeting, name="meeting"),
    path(M + "anmeldung/", views_meetings.meeting_members_only, name="meeting_members_only"),
    path(M + "entfernen/", views_meetings.meeting_unlink, name="meeting_unlink"),
    path(M + "protokoll/", views_meetings.notes_edit, name="notes_edit"),
    path(M + "fotos/hochladen/", views_meetings.photos_add, name="photos_add"),
    path(M + "fotos.zip", views_meetings.photos_zip, name="photos_zip"),
    path(M + "fotos/<id:photo>/", views_meetings.photo, name="photo"),
    path(M + "fotos/<id:photo>/vorschau/", views_meetings.photo_thumbnail, name="photo_thumbnail"),
    path(M + "fotos/<id:photo>/loeschen/", views_meetings.photo_delete, name="photo_delete"),
    path(D, views_documents.documents, name="documents"),
    path(D + "ordner/neu/", views_documents.folder_new, name="folder_new"),
    path(D + "ordner/<id:folder>/", views_documents.folder_edit, name="folder_edit"),
    path(D + "ordner/<id:folder>/loeschen/", views_documents.folder_delete, name="folder_delete"),
    path(D + "ordner/<id:folder>/hochladen/", views_documents.document_new, name="document_new"),
    path(D + "<id:document>/", views_documents.document, name="document"),
    path(D + "<id:document>/neue-version/", views_documents.version_new, name="version_new"),
    path(D + "<id:document>/loeschen/", views_documents.document_delete, name="document_delete"),
    path(
        D + "<id:document>/versionen/<id:version>/",
        views_documents.version_download,
        name="version_download",
    ),
    path(N + "ergebnisse/", views_results.results, name="results"),
    path(N + "ergebnisse/neu/", views_results.result_new, name="result_new"),
    path(N + "ergebnisse/<id:result>/", views_results.result, name="result"),
    path(N + "ergebnisse/<id:result>/datei/", views_results.result_file, name="result_file"),
    path(N + "ergebnisse/<id:result>/loeschen/", views_results.result_delete, name="result_delete"),
]
