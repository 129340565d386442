"""Links of the discussion for mails (the mails themselves: notification_emails)."""

from django.conf import settings
from django.urls import reverse


def post_url(post) -> str:
    thread = post.thread
    network = thread.network
    path = reverse(
        "networks:thread",
        kwargs={"org": network.organisation.slug, "pk": network.pk, "thread_id": thread.pk},
    )
    return f"{settings.SITE_URL}{path}?beitrag={post.pk}#beitrag-{post.pk}"
