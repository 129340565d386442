"""Reads of comments with a constant number of queries, however long the thread: one page of
top-level comments with their authors, their replies (with authors) in one more query, and
the counts."""

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q

from .models import Comment, Report

COMMENTS_PER_PAGE = 50
QUEUE_PER_PAGE = 50
Status = Comment.Status


def _shown_to(user, *, moderator: bool) -> Q:
    """Visible comments, and the placeholders of hidden and deleted ones (they keep the
    replies in place); comments waiting for approval only to their author and moderators."""
    if moderator:
        return Q()
    shown = Q(status__in=[Status.VISIBLE, Status.HIDDEN, Status.DELETED])
    if user.is_authenticated:
        shown |= Q(status=Status.PENDING, author=user)
    return shown


def comments_of(target):
    return Comment.objects.filter(
        content_type=ContentType.objects.get_for_model(type(target)), object_id=target.pk
    )


def thread_page(target, user, page_number, *, moderator: bool = False):
    """One page of top-level comments on ``target``, each with ``.shown_replies``."""
    shown = _shown_to(user, moderator=moderator)
    replies = Comment.objects.filter(shown).select_related("author").order_by("created_at", "pk")
    top = (
        comments_of(target)
        .filter(shown, parent=None)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="shown_replies"))
        .order_by("created_at", "pk")
    )
    return Paginator(top, COMMENTS_PER_PAGE).get_page(page_number)


def visible_count(target) -> int:
    return comments_of(target).filter(status=Status.VISIBLE).count()


def page_of(comment) -> int:
    """The page of its thread on which a comment (or the comment it answers) stands."""
    top = comment.parent or comment
    before = comments_of(top.target).filter(parent=None, created_at__lt=top.created_at).count()
    return before // COMMENTS_PER_PAGE + 1


def queue(organisation):
    """What waits for the moderators of an organisation: comments with open reports and
    comments waiting for approval, oldest first, each with ``.open_reports``."""
    comment_type = ContentType.objects.get_for_model(Comment)
    open_reports = Report.objects.filter(
        content_type=comment_type, decision=Report.Decision.OPEN
    ).select_related("reporter")
    reported_ids = open_reports.values("object_id")
    waiting = (
        Comment.objects.filter(Q(status=Status.PENDING) | Q(pk__in=reported_ids))
        .exclude(status=Status.DELETED)
        .select_related("author", "organisation")
        .prefetch_related("target")
        .order_by("created_at", "pk")
    )
    return waiting, open_reports


def with_reports(comments, open_reports) -> list:
    """The comments of one queue page, each with its open reports (one query)."""
    comments = list(comments)
    by_comment: dict[int, list] = {}
    for report in open_reports.filter(object_id__in=[c.pk for c in comments]):
        by_comment.setdefault(report.object_id, []).append(report)
    for comment in comments:
        comment.open_reports = by_comment.get(comment.pk, [])
    return comments
