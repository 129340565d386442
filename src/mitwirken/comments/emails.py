"""The mails of comments: the moderators' decisions, told to the comment's author and to
the people who reported it. Queued with IDs (``core.mail.queue_mail``) in the transaction of
the decision, built when the task runs, in the recipient's language."""

from django.conf import settings

from mitwirken.core.mail import queue_mail, render_mail

from .models import Comment, Report
from .registry import entry_for

AUTHOR_TEMPLATES = {"hidden": "hidden_author", "released": "released_author"}
REPORTER_TEMPLATES = {"hidden": "hidden_reporter", "kept": "kept_reporter"}


def tell_author(comment, decision: str) -> None:
    queue_mail(
        "comments.author",
        organisation_id=comment.organisation_id,
        comment_id=comment.pk,
        decision=decision,
    )


def tell_reporter(report, decision: str) -> None:
    queue_mail(
        "comments.reporter",
        organisation_id=report.organisation_id,
        report_id=report.pk,
        decision=decision,
    )


def _context(comment) -> dict:
    target = comment.target
    entry = entry_for(target) if target is not None else None
    return {
        "organisation_name": comment.organisation.name,
        "title": entry.title(target) if entry else "",
        "url": settings.SITE_URL + entry.url(target) + f"#{comment.anchor}" if entry else "",
        "comment": comment,
    }


def build_for_author(*, comment_id, decision):
    comment = Comment.objects.select_related("organisation", "author").filter(pk=comment_id).first()
    if comment is None or comment.author is None or decision not in AUTHOR_TEMPLATES:
        return None  # gone, or its author deleted their account
    return render_mail(
        f"comments/email/{AUTHOR_TEMPLATES[decision]}",
        comment.author.email,
        _context(comment),
        language=comment.author.language,
        organisation_name=comment.organisation.name,
    )


def build_for_reporter(*, report_id, decision):
    report = Report.objects.select_related("organisation", "reporter").filter(pk=report_id).first()
    if report is None or report.reporter is None or decision not in REPORTER_TEMPLATES:
        return None
    comment = report.target
    if not isinstance(comment, Comment):
        return None
    return render_mail(
        f"comments/email/{REPORTER_TEMPLATES[decision]}",
        report.reporter.email,
        {**_context(comment), "report": report},
        language=report.reporter.language,
        organisation_name=report.organisation.name,
    )
