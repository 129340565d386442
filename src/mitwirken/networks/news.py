"""News (Neuigkeiten) of a network from its coordinators: public or members only, mailed to
the members by their delivery setting (``notifications``)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mitwirken.organisations.models import register_audit_action
from mitwirken.organisations.services import record

from . import notifications
from .notification_models import News

NEWS_PUBLISHED = register_audit_action("network_news_published", gettext_lazy("News published"))


@transaction.atomic
def publish_news(actor, network, *, title, text, audience=News.Audience.MEMBERS) -> News:
    if network.is_concluded:
        raise PermissionDenied(_("This network is concluded: it publishes no more news."))
    news = News.objects.create(
        network=network, title=title, text=text, audience=audience, author=actor
    )
    notifications.notify_news(news)
    record(network.organisation, actor, NEWS_PUBLISHED, f"{network}: {title}")
    return news


def visible_news(user, network):
    news = News.objects.filter(network=network).select_related("author")
    if not user.has_perm("networks.read_members_news", network):
        news = news.filter(audience=News.Audience.PUBLIC)
    return news
