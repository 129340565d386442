"""Links of the discussion for mails, and the mails of the moderation (notification mails:
notification_emails). Neither carries the text of a post."""

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


def build_post_hidden(*, post_id):
    from mitwirken.core.mail import render_mail

    from .discussion_models import Post

    post = (
        Post.objects.select_related("thread__network__organisation", "author")
        .filter(pk=post_id, hidden_at__isnull=False)
        .first()
    )
    if post is None or post.author is None:
        return None
    network = post.thread.network
    return render_mail(
        "networks/email/post_hidden",
        post.author.email,
        {
            "thread_title": post.thread.title,
            "network_name": network.name,
            "reason": post.hidden_reason,
            "url": post_url(post),
        },
        language=post.author.language,
        organisation_name=network.organisation.name,
    )


def build_post_report_decided(*, report_id):
    from mitwirken.comments.models import Report
    from mitwirken.core.mail import render_mail

    from .discussion_models import Post

    report = Report.objects.select_related("reporter").filter(pk=report_id).first()
    if report is None or report.reporter is None or not report.decision:
        return None
    post = (
        Post.objects.select_related("thread__network__organisation")
        .filter(pk=report.object_id)
        .first()
    )
    if post is None:
        return None
    network = post.thread.network
    return render_mail(
        "networks/email/post_report_decided",
        report.reporter.email,
        {
            "thread_title": post.thread.title,
            "network_name": network.name,
            "hidden": report.decision == Report.Decision.HIDDEN,
            "reason": report.decision_reason,
            "url": post_url(post),
        },
        language=report.reporter.language,
        organisation_name=network.organisation.name,
    )
