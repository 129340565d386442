"""Mails of the discussion. A mail from a members-only discussion carries the title, the
author and a link, never the text of the post: mails leave the portal, and what is said among
members stays there. Queued with IDs; built when the task runs."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from mitwirken.core.mail import queue_mail, render_mail

from .discussion_models import Post


def post_url(post) -> str:
    thread = post.thread
    network = thread.network
    path = reverse(
        "networks:thread",
        kwargs={"org": network.organisation.slug, "pk": network.pk, "thread_id": thread.pk},
    )
    return f"{settings.SITE_URL}{path}?beitrag={post.pk}#beitrag-{post.pk}"


def mentioned(post, user) -> None:
    queue_mail(
        "networks.mentioned",
        organisation_id=post.thread.network.organisation_id,
        post_id=post.pk,
        user_id=user.pk,
    )


def build_mentioned(*, post_id, user_id):
    post = (
        Post.objects.select_related("thread__network__organisation", "author")
        .filter(pk=post_id, deleted_at__isnull=True, mentions__pk=user_id)
        .first()
    )
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if post is None or user is None:
        return None  # deleted, edited without the mention, or the account is gone
    network = post.thread.network
    if not user.has_perm("networks.view_discussion", network):
        return None  # no longer a member
    return render_mail(
        "networks/email/mentioned",
        user.email,
        {
            "author": post.author.public_name if post.author else "",
            "thread_title": post.thread.title,
            "network_name": network.name,
            "url": post_url(post),
        },
        language=user.language,
        organisation_name=network.organisation.name,
    )
