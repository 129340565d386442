from django.urls import include, path

from . import moderation_views, views

app_name = "comments"

TARGET = "kommentare/<id:content_type_id>/<id:object_id>/"
COMMENT = "kommentare/<id:comment_id>/"

# Under /<org>/.
organisation_urlpatterns = [
    path(TARGET, views.thread, name="thread"),
    path(f"{TARGET}schreiben/", views.post, name="post"),
    path(f"{COMMENT}antworten/", views.reply, name="reply"),
    path(f"{COMMENT}bearbeiten/", views.edit, name="edit"),
    path(f"{COMMENT}loeschen/", views.delete, name="delete"),
    path(f"{COMMENT}melden/", views.report, name="report"),
    path("kommentare/moderation/", moderation_views.moderation, name="moderation"),
    path(f"{COMMENT}ausblenden/", moderation_views.hide, name="hide"),
    path(f"{COMMENT}behalten/", moderation_views.keep, name="keep"),
    path(f"{COMMENT}freigeben/", moderation_views.release, name="release"),
    path("verwaltung/kommentare/", moderation_views.staff_queue, name="staff_queue"),
    path(
        "verwaltung/kommentare/einstellungen/",
        moderation_views.staff_settings,
        name="staff_settings",
    ),
]

urlpatterns = [
    path("<org:org>/", include(organisation_urlpatterns)),
]
