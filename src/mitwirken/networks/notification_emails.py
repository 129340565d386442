"""The notification mails: new posts of a thread, news, and the digest. A mail about
something members-only carries its title, its author and a link, never its text; a network
may allow an excerpt for what is public. Every one of them has a one-click unsubscribe link
(``List-Unsubscribe`` with ``List-Unsubscribe-Post``, RFC 8058) that works without login."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.text import Truncator

from mitwirken.core.mail import render_mail
from mitwirken.core.text import render_markdown

from .discussion_emails import post_url
from .models import Audience
from .notifications import unsubscribe_token

EXCERPT_CHARACTERS = 300
DIGEST_ITEMS = 20


def _recipient(user_id):
    return get_user_model().objects.filter(pk=user_id, is_active=True).first()


def unsubscribe_url(user, scope: str) -> str:
    path = reverse("networks:unsubscribe", kwargs={"token": unsubscribe_token(user, scope)})
    return settings.SITE_URL + path


def _headers(url: str) -> dict:
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _excerpt(text: str, public: bool, network) -> str:
    """The beginning of a text, as plain text, only where the network allows it and the
    text is public."""
    if not (public and network.mail_excerpts):
        return ""
    from django.utils.html import strip_tags

    plain = " ".join(strip_tags(render_markdown(text)).split())
    return Truncator(plain).chars(EXCERPT_CHARACTERS)


def _post_item(row):
    post = row.post
    network = row.network
    public = network.discussion_audience == Audience.PUBLIC
    return {
        "reason": row.get_reason_display(),
        "network_name": network.name,
        "title": post.thread.title,
        "author": post.author.public_name if post.author else "",
        "at": post.created_at,
        "url": post_url(post),
        "excerpt": "" if post.is_deleted else _excerpt(post.text, public, network),
    }


def news_url(news) -> str:
    network = news.network
    path = reverse(
        "networks:news_detail",
        kwargs={"org": network.organisation.slug, "pk": network.pk, "news_id": news.pk},
    )
    return settings.SITE_URL + path


def _news_item(news, reason=""):
    return {
        "reason": reason,
        "network_name": news.network.name,
        "title": news.title,
        "author": news.author.public_name if news.author else "",
        "at": news.published_at,
        "url": news_url(news),
        "excerpt": _excerpt(news.text, news.audience == news.Audience.PUBLIC, news.network),
    }


def _item(row):
    if row.news_id:
        return _news_item(row.news, row.get_reason_display())
    return _post_item(row)


def thread_mail(user_id, rows):
    user = _recipient(user_id)
    visible = [row for row in rows if row.post and not row.post.is_deleted]
    if user is None or not visible:
        return None
    thread = visible[0].post.thread
    network = visible[0].network
    unsubscribe = unsubscribe_url(user, f"thread:{thread.pk}")
    return render_mail(
        "networks/email/thread_posts",
        user.email,
        {
            "items": [_item(row) for row in visible],
            "thread_title": thread.title,
            "network_name": network.name,
            "unsubscribe_url": unsubscribe,
            "settings_url": settings.SITE_URL + reverse("networks:notification_settings"),
        },
        language=user.language,
        organisation_name=network.organisation.name,
        headers=_headers(unsubscribe),
    )


def news_mail(user_id, news):
    user = _recipient(user_id)
    if user is None:
        return None
    network = news.network
    unsubscribe = unsubscribe_url(user, f"network:{network.pk}")
    return render_mail(
        "networks/email/news",
        user.email,
        {
            "item": _news_item(news),
            "network_name": network.name,
            "unsubscribe_url": unsubscribe,
            "settings_url": settings.SITE_URL + reverse("networks:notification_settings"),
        },
        language=user.language,
        organisation_name=network.organisation.name,
        headers=_headers(unsubscribe),
    )


def digest_mail(user_id, key, rows):
    user = _recipient(user_id)
    shown = [row for row in rows if row.news_id or (row.post and not row.post.is_deleted)]
    if user is None or not shown:
        return None
    unsubscribe = unsubscribe_url(user, "all")
    return render_mail(
        "networks/email/digest",
        user.email,
        {
            "items": [_item(row) for row in shown[:DIGEST_ITEMS]],
            "more": max(len(shown) - DIGEST_ITEMS, 0),
            "weekly": key.startswith("weekly"),
            "my_networks_url": settings.SITE_URL + reverse("networks:my_networks"),
            "unsubscribe_url": unsubscribe,
            "settings_url": settings.SITE_URL + reverse("networks:notification_settings"),
        },
        language=user.language,
        headers=_headers(unsubscribe),
    )
