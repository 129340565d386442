"""The write use-cases of comments: write, reply, edit and delete one's own, report, and the
moderators' decisions (keep, hide with a reason, release). Each is one transaction; the
moderators' decisions go into the audit log, and the people concerned are told by mail."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mitwirken.core.changes import changes_between, snapshot
from mitwirken.core.tenancy import check_scope_of
from mitwirken.organisations.models import register_audit_action
from mitwirken.organisations.services import record

from . import emails
from .models import Comment, CommentSettings, Report
from .registry import entry_for

Status = Comment.Status
Decision = Report.Decision

COMMENT_HIDDEN = register_audit_action("comment_hidden", gettext_lazy("Comment hidden"))
COMMENT_KEPT = register_audit_action("comment_kept", gettext_lazy("Reported comment kept"))
COMMENT_RELEASED = register_audit_action("comment_released", gettext_lazy("Comment released"))
SETTINGS_CHANGED = register_audit_action(
    "comment_settings", gettext_lazy("Comment settings changed")
)


class CommentError(Exception):
    """A refused use-case; the message is shown to the person."""


def has_verified_address(user) -> bool:
    return (
        user.is_authenticated
        and EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()
    )


def _checked_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise CommentError(_("Please write a comment."))
    if len(text) > settings.COMMENT_MAX_LENGTH:
        raise CommentError(
            _("Your comment is too long: at most %(limit)d characters are possible.")
            % {"limit": settings.COMMENT_MAX_LENGTH}
        )
    return text


def settings_of(organisation) -> CommentSettings:
    """The organisation's settings (unsaved defaults if it never changed them)."""
    found = CommentSettings.objects.filter(organisation=organisation).first()
    return found or CommentSettings(organisation=organisation)


def may_moderate(user, comment) -> bool:
    return user.is_authenticated and user.has_perm("comments.moderate_comment", comment)


def moderated_by(user, comments) -> list:
    """The comments among ``comments`` that ``user`` may moderate: asked once per commented
    object, not per comment."""
    answers: dict[tuple, bool] = {}
    mine = []
    for comment in comments:
        key = (comment.content_type_id, comment.object_id)
        if key not in answers:
            answers[key] = may_moderate(user, comment)
        if answers[key]:
            mine.append(comment)
    return mine


@transaction.atomic
def post_comment(author, target, *, text: str, parent_id: int | None = None) -> Comment:
    """A new comment on ``target``, or a reply to one of its comments (a reply to a reply
    answers the top comment). Pending under pre-moderation, except for its moderators."""
    entry = entry_for(target)
    organisation = entry.organisation(target) if entry else None
    if entry is None or not entry.can_read(author, target):
        raise PermissionDenied
    check_scope_of(organisation)
    if not has_verified_address(author):
        raise CommentError(_("Please confirm your e-mail address before you comment."))
    if not entry.can_write(author, target):
        raise CommentError(_("You may not comment here."))
    text = _checked_text(text)
    parent = None
    if parent_id is not None:
        parent = _comment_of(target, parent_id)
        if parent is None or parent.status != Status.VISIBLE:
            raise CommentError(_("This comment cannot be answered any more."))
        if parent.parent_id is not None:
            parent = parent.parent
    comment = Comment(
        organisation=organisation, target=target, author=author, parent=parent, text=text
    )
    pre = settings_of(organisation).moderation == CommentSettings.Moderation.PRE
    if pre and not (
        author.has_perm("comments.moderate", organisation) or entry.is_moderator(author, target)
    ):
        comment.status = Status.PENDING
    comment.save()
    return comment


def _comment_of(target, comment_id):
    return (
        Comment.objects.filter(
            pk=comment_id,
            content_type=ContentType.objects.get_for_model(type(target)),
            object_id=target.pk,
        )
        .select_related("parent")
        .first()
    )


def _locked(comment) -> Comment:
    return Comment.objects.select_for_update().get(pk=comment.pk)


@transaction.atomic
def edit_comment(author, comment, *, text: str) -> Comment:
    comment = _locked(comment)
    if not comment.may_be_edited_by(author):
        raise CommentError(_("The time to edit this comment is over."))
    text = _checked_text(text)
    if text != comment.text:
        comment.text = text
        comment.edited_at = timezone.now()
        comment.save(update_fields=["text", "edited_at"])
    return comment


@transaction.atomic
def delete_comment(author, comment) -> Comment:
    """The author deletes their comment: its text goes, a placeholder keeps the replies in
    their place."""
    comment = _locked(comment)
    if not comment.may_be_deleted_by(author):
        raise PermissionDenied
    comment.status = Status.DELETED
    comment.text = ""
    comment.save(update_fields=["status", "text"])
    Report.objects.filter(
        content_type=_comment_type(), object_id=comment.pk, decision=Decision.OPEN
    ).delete()
    return comment


def _comment_type():
    return ContentType.objects.get_for_model(Comment)


@transaction.atomic
def report_comment(reporter, comment, *, reason: str, text: str = "") -> Report:
    if not reporter.is_authenticated:
        raise PermissionDenied
    if comment.status != Status.VISIBLE:
        raise CommentError(_("This comment cannot be reported."))
    if reason not in Report.Reason.values:
        raise CommentError(_("Please choose a reason."))
    already = Report.objects.filter(
        content_type=_comment_type(),
        object_id=comment.pk,
        reporter=reporter,
        decision=Decision.OPEN,
    )
    if already.exists():
        raise CommentError(_("You have reported this comment already."))
    return Report.objects.create(
        organisation=comment.organisation,
        target=comment,
        reporter=reporter,
        reason=reason,
        text=(text or "").strip()[:1000],
    )


def _decide_reports(actor, comment, decision, reason) -> list[Report]:
    reports = list(
        Report.objects.select_for_update().filter(
            content_type=_comment_type(), object_id=comment.pk, decision=Decision.OPEN
        )
    )
    now = timezone.now()
    for report in reports:
        report.decision, report.decided_by, report.decided_at = decision, actor, now
        report.decision_reason = reason
        report.save(update_fields=["decision", "decided_by", "decided_at", "decision_reason"])
    return reports


def _check_moderator(actor, comment):
    if not may_moderate(actor, comment):
        raise PermissionDenied


@transaction.atomic
def hide_comment(actor, comment, *, reason: str) -> Comment:
    """Hide a comment (reported or waiting for approval) with a reason everyone sees; the
    author and every reporter are told."""
    _check_moderator(actor, comment)
    reason = (reason or "").strip()
    if not reason:
        raise CommentError(_("Please give the reason for hiding the comment."))
    comment = _locked(comment)
    if comment.status not in (Status.VISIBLE, Status.PENDING):
        raise CommentError(_("This comment cannot be hidden."))
    comment.status, comment.hidden_reason = Status.HIDDEN, reason
    comment.save(update_fields=["status", "hidden_reason"])
    reports = _decide_reports(actor, comment, Decision.HIDDEN, reason)
    record(comment.organisation, actor, COMMENT_HIDDEN, comment, {_("Reason"): ["", reason]})
    emails.tell_author(comment, "hidden")
    for report in reports:
        emails.tell_reporter(report, "hidden")
    return comment


@transaction.atomic
def keep_comment(actor, comment, *, reason: str = "") -> Comment:
    """The reported comment stays; the reporters are told."""
    _check_moderator(actor, comment)
    comment = _locked(comment)
    reports = _decide_reports(actor, comment, Decision.KEPT, (reason or "").strip())
    if not reports:
        raise CommentError(_("This comment has no open reports."))
    record(comment.organisation, actor, COMMENT_KEPT, comment)
    for report in reports:
        emails.tell_reporter(report, "kept")
    return comment


@transaction.atomic
def release_comment(actor, comment) -> Comment:
    """A comment waiting for approval appears; its author is told."""
    _check_moderator(actor, comment)
    comment = _locked(comment)
    if comment.status != Status.PENDING:
        raise CommentError(_("This comment is not waiting for approval."))
    comment.status = Status.VISIBLE
    comment.save(update_fields=["status"])
    record(comment.organisation, actor, COMMENT_RELEASED, comment)
    emails.tell_author(comment, "released")
    return comment


@transaction.atomic
def update_settings(actor, organisation, *, moderation: str) -> CommentSettings:
    current, _created = CommentSettings.objects.select_for_update().get_or_create(
        organisation=organisation
    )
    before = snapshot(current)
    current.moderation = moderation
    current.full_clean()
    current.save()
    changes = changes_between(before, current, ["moderation"])
    if changes:
        record(organisation, actor, SETTINGS_CHANGED, _("Comments"), changes)
    return current


def delete_comments_of(target) -> int:
    """The comments on ``target`` and the reports about them go with it (the owning app
    calls this when it deletes what was commented on: nothing is left without its page)."""
    content_type = ContentType.objects.get_for_model(type(target))
    comments = Comment.objects.filter(content_type=content_type, object_id=target.pk)
    Report.objects.filter(
        content_type=_comment_type(), object_id__in=comments.values("pk")
    ).delete()
    deleted, _by_model = comments.delete()
    return deleted
