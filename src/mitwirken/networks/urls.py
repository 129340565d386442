from django.urls import include, path

from . import discussion_views, notification_views, pages, staff_views, urls_meetings
from .membership import urls as membership_urls
from .profiles import urls as profile_urls

app_name = "networks"

# The discussion of a network, under /<org>/netzwerke/<id:pk>/diskussion/.
discussion_urlpatterns = [
    path("", discussion_views.threads, name="threads"),
    path("neu/", discussion_views.thread_new, name="thread_new"),
    path("<id:thread_id>/", discussion_views.thread_page, name="thread"),
    path("<id:thread_id>/antworten/", discussion_views.thread_reply, name="thread_reply"),
    path("<id:thread_id>/anheften/", discussion_views.thread_pin, name="thread_pin"),
    path("<id:thread_id>/loesen/", discussion_views.thread_unpin, name="thread_unpin"),
    path("<id:thread_id>/schliessen/", discussion_views.thread_close, name="thread_close"),
    path("<id:thread_id>/oeffnen/", discussion_views.thread_reopen, name="thread_reopen"),
    path("beitrag/<id:post_id>/bearbeiten/", discussion_views.post_edit, name="post_edit"),
    path("beitrag/<id:post_id>/loeschen/", discussion_views.post_delete, name="post_delete"),
    path("beitrag/<id:post_id>/melden/", discussion_views.post_report, name="post_report"),
    path("beitrag/<id:post_id>/ausblenden/", discussion_views.post_hide, name="post_hide"),
    path("beitrag/<id:post_id>/belassen/", discussion_views.post_keep, name="post_keep"),
    path("moderation/", discussion_views.moderation, name="moderation"),
    path("anhang/<id:attachment_id>/", discussion_views.attachment, name="post_attachment"),
    path("benachrichtigungen/", notification_views.network_level, name="network_level"),
    path(
        "<id:thread_id>/benachrichtigungen/",
        notification_views.thread_level,
        name="thread_level",
    ),
]

news_urlpatterns = [
    path("", notification_views.news_list, name="news"),
    path("neu/", notification_views.news_new, name="news_new"),
    path("<id:news_id>/", notification_views.news_detail, name="news_detail"),
]

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
    path("netzwerke/<id:pk>/diskussion/", include(discussion_urlpatterns)),
    path("netzwerke/<id:pk>/neuigkeiten/", include(news_urlpatterns)),
    *membership_urls.organisation_urlpatterns,
    *profile_urls.organisation_urlpatterns,
]
organisation_urlpatterns += urls_meetings.urlpatterns  # meetings, documents, results

# At the portal root.
urlpatterns = [
    path("netzwerke/", pages.portal_list, name="list"),
    *membership_urls.urlpatterns,
    path("konto/", include(profile_urls.account_urlpatterns)),
    path(
        "konto/netzwerk-benachrichtigungen/",
        notification_views.notification_settings,
        name="notification_settings",
    ),
    path(
        "netzwerke/abbestellen/<token:token>/",
        notification_views.unsubscribe,
        name="unsubscribe",
    ),
    path("<org:org>/", include(organisation_urlpatterns)),
]
