"""The mail tasks of notifications. Each locks what it is about to send, sends inside that
transaction and marks it mailed: a second run, or a second worker at the same moment, finds
nothing left; a failed send rolls back and loses nothing (the next run sends it)."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled
from django_tasks import task

from mitwirken.core.mail import send_once
from mitwirken.core.tenancy import in_scope_of

from . import notification_emails as emails
from .notification_models import Notification, ThreadMail
from .notifications import BATCH


def _waiting(user_id):
    return (
        Notification.objects.filter(user_id=user_id, mailed_at__isnull=True)
        .select_for_update(of=("self",))
        .select_related(
            "network__organisation", "post__thread", "post__author", "news__author", "news__network"
        )
    )


@task(takes_context=True)
def deliver_thread(context, *, organisation_id, user_id, thread_id) -> str:
    """The new posts of one thread for one person who gets mails right away: at most one
    mail per thread every ``BATCH``; a task that comes too early leaves it to the one planned
    for the end of the batch."""
    with in_scope_of(organisation_id), transaction.atomic():
        now = timezone.now()
        state = (
            ThreadMail.objects.select_for_update()
            .filter(user_id=user_id, thread_id=thread_id)
            .first()
        )
        if state is not None and state.last_sent_at > now - BATCH:
            return "batched"
        waiting = list(_waiting(user_id).filter(post__thread_id=thread_id))
        if not waiting:
            return "nothing"
        message = emails.thread_mail(user_id, waiting)
        if message is not None:
            send_once(f"networks-thread:{context.task_result.id}", message)
        Notification.objects.filter(pk__in=[row.pk for row in waiting]).update(mailed_at=now)
        ThreadMail.objects.update_or_create(
            user_id=user_id, thread_id=thread_id, defaults={"last_sent_at": now}
        )
    return "sent"


@task(takes_context=True)
def deliver_news(context, *, organisation_id, user_id, news_id) -> str:
    with in_scope_of(organisation_id), transaction.atomic():
        waiting = list(_waiting(user_id).filter(news_id=news_id))
        if not waiting:
            return "nothing"
        message = emails.news_mail(user_id, waiting[0].news)
        if message is not None:
            send_once(f"networks-news:{context.task_result.id}", message)
        Notification.objects.filter(pk__in=[row.pk for row in waiting]).update(
            mailed_at=timezone.now()
        )
    return "sent"


@task(takes_context=True)
def deliver_digest(context, *, user_id, key, start, end) -> str:
    """One person's digest of one period, across all their networks (of every
    organisation). Its ``DigestSent`` row was written with this task."""
    start, end = datetime.fromisoformat(start), datetime.fromisoformat(end)
    with scopes_disabled(), transaction.atomic():
        waiting = list(
            _waiting(user_id)
            .filter(created_at__gte=start, created_at__lt=end)
            .order_by("created_at", "pk")
        )
        if not waiting:
            return "nothing"
        message = emails.digest_mail(user_id, key, waiting)
        if message is not None:
            send_once(f"networks-digest:{context.task_result.id}", message)
        Notification.objects.filter(pk__in=[row.pk for row in waiting]).update(
            mailed_at=timezone.now()
        )
    return "sent"
