"""Reporting discussion posts and the moderators' decisions (the coordinators of the
network and the organisation's moderators: ``networks.moderate``). Reports are the comments
app's generic ``Report`` rows; a decision is told to the post's author and to everyone who
reported it, and is in the audit log. A hidden post shows "von der Moderation ausgeblendet"
with the reason."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mitwirken.comments.models import Report
from mitwirken.core.mail import queue_mail
from mitwirken.organisations.models import register_audit_action
from mitwirken.organisations.services import record

from .discussion_models import Post

POST_HIDDEN = register_audit_action("network_post_hidden", gettext_lazy("Post hidden"))
POST_KEPT = register_audit_action("network_post_kept", gettext_lazy("Reported post kept"))


def _post_type():
    return ContentType.objects.get_for_model(Post)


def open_reports(network):
    """The open reports of the network's posts, oldest first, with their posts."""
    reports = list(
        Report.objects.filter(
            content_type=_post_type(), decision=Report.Decision.OPEN
        ).select_related("reporter")
    )
    posts = {
        post.pk: post
        for post in Post.objects.filter(
            thread__network=network, pk__in=[report.object_id for report in reports]
        ).select_related("thread", "author")
    }
    by_post = {}
    for report in reports:
        if report.object_id in posts:
            by_post.setdefault(report.object_id, []).append(report)
    return [(posts[post_id], found) for post_id, found in by_post.items()]


@transaction.atomic
def report_post(reporter, post, *, reason: str, text: str = "") -> Report:
    if not reporter.has_perm("networks.view_discussion", post.thread.network):
        raise PermissionDenied
    if post.is_deleted or post.is_hidden:
        raise ValidationError(_("This post cannot be reported."))
    if Report.objects.filter(
        content_type=_post_type(),
        object_id=post.pk,
        reporter=reporter,
        decision=Report.Decision.OPEN,
    ).exists():
        raise ValidationError(_("You have reported this post already."))
    return Report.objects.create(
        organisation=post.thread.network.organisation,
        target=post,
        reporter=reporter,
        reason=reason,
        text=(text or "").strip()[:1000],
    )


def _decide(actor, post, decision, reason) -> list[Report]:
    reports = list(
        Report.objects.select_for_update().filter(
            content_type=_post_type(), object_id=post.pk, decision=Report.Decision.OPEN
        )
    )
    now = timezone.now()
    for report in reports:
        report.decision, report.decided_by, report.decided_at = decision, actor, now
        report.decision_reason = reason
        report.save(update_fields=["decision", "decided_by", "decided_at", "decision_reason"])
    return reports


def _tell(post, reports, decision):
    organisation_id = post.thread.network.organisation_id
    if decision == Report.Decision.HIDDEN and post.author_id:
        queue_mail("networks.post_hidden", organisation_id=organisation_id, post_id=post.pk)
    for report in reports:
        if report.reporter_id:
            queue_mail(
                "networks.post_report_decided",
                organisation_id=organisation_id,
                report_id=report.pk,
            )


@transaction.atomic
def hide_post(actor, post, *, reason: str) -> Post:
    network = post.thread.network
    if not actor.has_perm("networks.moderate", network):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Please give the reason for hiding the post."))
    post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
    if post.is_hidden or post.is_deleted:
        raise ValidationError(_("This post cannot be hidden."))
    post.hidden_at, post.hidden_reason = timezone.now(), reason
    post.save(update_fields=["hidden_at", "hidden_reason"])
    post.thread.network = network
    reports = _decide(actor, post, Report.Decision.HIDDEN, reason)
    record(
        network.organisation,
        actor,
        POST_HIDDEN,
        f"{network}: {post.thread}",
        {_("Reason"): ["", reason]},
    )
    _tell(post, reports, Report.Decision.HIDDEN)
    return post


@transaction.atomic
def keep_post(actor, post, *, reason: str = "") -> Post:
    network = post.thread.network
    if not actor.has_perm("networks.moderate", network):
        raise PermissionDenied
    reports = _decide(actor, post, Report.Decision.KEPT, (reason or "").strip())
    if not reports:
        raise ValidationError(_("This post has no open reports."))
    record(network.organisation, actor, POST_KEPT, f"{network}: {post.thread}")
    _tell(post, reports, Report.Decision.KEPT)
    return post
