from django.apps import AppConfig
from django.urls import reverse


class NetworksConfig(AppConfig):
    name = "mitwirken.networks"
    label = "networks"

    def ready(self):
        from datetime import timedelta

        from django.utils.translation import gettext_lazy as _

        from mitwirken.core.jobs import register_periodic_job
        from mitwirken.core.mail import register_mail

        from . import (
            discussion_emails,
            discussion_personal_data,  # noqa: F401  registers export and erasure of posts
            meeting_setup,
            notification_personal_data,  # noqa: F401  the same for notification settings
            personal_data,  # noqa: F401  registers export and erasure of memberships
        )
        from .membership import audit, emails, permissions  # noqa: F401  (audit, permissions)
        from .profiles import personal_data as profile_data  # noqa: F401  export and erasure

        register_periodic_job(
            "send_digests", _("Daily and weekly digests of the networks"), every=timedelta(days=1)
        )
        _comments_under_news_and_notes()
        meeting_setup.ready()
        register_mail("networks.post_hidden", discussion_emails.build_post_hidden)
        register_mail("networks.post_report_decided", discussion_emails.build_post_report_decided)
        emails.register()


def _coordinators(network):
    from django.contrib.auth import get_user_model

    from .models import Membership

    return get_user_model().objects.filter(
        network_memberships__network=network,
        network_memberships__status=Membership.Status.MEMBER,
        network_memberships__role=Membership.Role.COORDINATOR,
    )


def _comments_under_news_and_notes():
    """News and meeting notes can be commented on by everyone who may read them and has an
    account (seed 003: "Bitte loggen Sie sich ein, um Kommentare zu schreiben"); the
    network's coordinators moderate."""
    from mitwirken.comments.registry import register_commentable

    from .models import MeetingNotes
    from .notification_models import News

    def can_read_news(user, news):
        if news.audience == News.Audience.PUBLIC:
            return user.has_perm("networks.view_network", news.network)
        return user.has_perm("networks.read_members_news", news.network)

    register_commentable(
        News,
        can_read=can_read_news,
        can_write=lambda user, news: can_read_news(user, news) and not news.network.is_concluded,
        moderators=lambda news: _coordinators(news.network),
        url=lambda news: reverse(
            "networks:news_detail",
            kwargs={
                "org": news.network.organisation.slug,
                "pk": news.network_id,
                "news_id": news.pk,
            },
        ),
        title=lambda news: news.title,
        organisation=lambda news: news.network.organisation,
    )

    def can_read_notes(user, notes):
        return user.has_perm("networks.view_notes", notes.meeting.network)

    register_commentable(
        MeetingNotes,
        can_read=can_read_notes,
        can_write=lambda user, notes: (
            can_read_notes(user, notes) and not notes.meeting.network.is_concluded
        ),
        moderators=lambda notes: _coordinators(notes.meeting.network),
        url=lambda notes: reverse(
            "networks:meeting",
            kwargs={
                "org": notes.meeting.network.organisation.slug,
                "pk": notes.meeting.network_id,
                "meeting": notes.meeting_id,
            },
        ),
        title=lambda notes: str(notes.meeting.event),
        organisation=lambda notes: notes.meeting.network.organisation,
    )
