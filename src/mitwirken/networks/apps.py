from django.apps import AppConfig
from django.urls import reverse


class NetworksConfig(AppConfig):
    name = "mitwirken.networks"
    label = "networks"

    def ready(self):
        from datetime import timedelta

        from django.utils.translation import gettext_lazy as _

        from mitwirken.core.demo import register_demo
        from mitwirken.core.jobs import register_periodic_job
        from mitwirken.core.mail import register_mail
        from mitwirken.core.navigation import register_staff_link
        from mitwirken.core.portal_sections import START, register_section
        from mitwirken.core.visibility import register_visibility

        from . import (  # noqa: F401  administration: audit actions
            administration,
            demo,
            demo_content,
            discussion_emails,
            discussion_personal_data,  # noqa: F401  registers export and erasure of posts
            meeting_setup,
            notification_personal_data,  # noqa: F401  the same for notification settings
            personal_data,  # noqa: F401  registers export and erasure of memberships
            queries,
        )
        from .membership import audit, emails, permissions  # noqa: F401  (audit, permissions)
        from .models import Network
        from .profiles import personal_data as profile_data  # noqa: F401  export and erasure

        register_staff_link("networks:staff_list", _("Networks"), "networks.change_network", 30)
        register_section("networks.active_networks", _organisation_section, order=30)
        register_section("networks.active_networks", _start_page_section, order=30, where=START)
        register_demo("networks", demo.load, order=30)
        register_demo("networks.content", demo_content.load, order=35)
        register_visibility(Network, queries.visible_to)

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


def _profile_link(request, target):
    """Seed 003: "Wenn Sie noch kein Netzwerk-Profil angelegt haben, …" under the comments."""
    from django.utils.translation import gettext as _

    return reverse("networks:profile_edit"), _("Create a network profile")


def _comments_under_news_and_notes():
    """News and meeting notes can be commented on by everyone who may read them and has an
    account (seed 003: "Bitte loggen Sie sich ein, um Kommentare zu schreiben"); the
    network's coordinators moderate."""
    from mitwirken.comments.registry import register_commentable

    from .models import MeetingNotes, Result
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
        signup=_profile_link,
    )

    register_commentable(
        Result,
        can_read=lambda user, result: user.has_perm("networks.view_network", result.network),
        can_write=lambda user, result: (
            user.has_perm("networks.view_network", result.network)
            and not result.network.is_concluded
        ),
        moderators=lambda result: _coordinators(result.network),
        url=lambda result: reverse(
            "networks:result",
            kwargs={
                "org": result.network.organisation.slug,
                "pk": result.network_id,
                "result": result.pk,
            },
        ),
        title=lambda result: result.title,
        organisation=lambda result: result.network.organisation,
        signup=_profile_link,
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
        signup=_profile_link,
    )


def _organisation_section(request, organisation):
    """The organisation's home page shows its active networks, if it has any."""
    from .queries import next_networks

    networks = next_networks(NETWORKS_ON_HOME_PAGE, organisation)
    return (
        ("networks/includes/organisation_section.html", {"networks": networks})
        if networks
        else None
    )


def _start_page_section(request, organisation):
    """The portal's start page shows active networks of all organisations, if there are any."""
    from .queries import next_networks

    networks = next_networks(NETWORKS_ON_START_PAGE)
    return ("networks/includes/start_section.html", {"networks": networks}) if networks else None


NETWORKS_ON_HOME_PAGE = 5
NETWORKS_ON_START_PAGE = 6
