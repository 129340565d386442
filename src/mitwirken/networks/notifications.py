"""Who is told what of a network's discussion and news, and when.

A new post or news item becomes ``Notification`` rows in the transaction that writes it: one
per person who wants to hear of it (their level for the thread, else for the network, else
"mentions and replies"), never the author, only members. People who get mails right away get
a task per thread that runs at once, or 10 minutes after their last mail about that thread
(batching); people with a digest wait for ``send_digests``. The mail tasks lock what they
send, send inside that transaction and mark it mailed, so that a task run twice, or two
workers at once, send nothing twice and a failed send loses nothing."""

from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.utils import timezone

from mitwirken.core.tasks import schedule

from .models import Membership
from .notification_models import (
    Delivery,
    Level,
    Notification,
    NotificationSettings,
    Subscription,
    ThreadMail,
)

BATCH = timedelta(minutes=10)
UNSUBSCRIBE_SALT = "networks.unsubscribe"


def settings_of(user) -> NotificationSettings:
    found, _created = NotificationSettings.objects.get_or_create(user=user)
    return found


def record_visit(user, *, every=timedelta(minutes=5)) -> None:
    """Remember that the person was here (a digest goes only to those who were not); written
    at most every few minutes."""
    if not user.is_authenticated:
        return
    now = timezone.now()
    updated = (
        NotificationSettings.objects.filter(user=user)
        .exclude(last_visit_at__gt=now - every)
        .update(last_visit_at=now)
    )
    if not updated and not NotificationSettings.objects.filter(user=user).exists():
        NotificationSettings.objects.get_or_create(user=user, defaults={"last_visit_at": now})


def levels(user_ids, network, thread=None) -> dict[int, str]:
    """Each person's level for the thread (or the network), with the default for those who
    chose none."""
    chosen = {user_id: Level.REPLIES for user_id in user_ids}
    rows = Subscription.objects.filter(network=network, user_id__in=user_ids, thread=None)
    chosen.update(dict(rows.values_list("user_id", "level")))
    if thread is not None:
        rows = Subscription.objects.filter(thread=thread, user_id__in=user_ids)
        chosen.update(dict(rows.values_list("user_id", "level")))
    return chosen


def set_level(user, network, level, thread=None) -> None:
    Subscription.objects.update_or_create(
        user=user, network=network, thread=thread, defaults={"level": level}
    )


def _members(network, user_ids) -> set[int]:
    return set(
        Membership.objects.filter(
            network=network, status=Membership.Status.MEMBER, user_id__in=user_ids
        ).values_list("user_id", flat=True)
    )


def _deliveries(user_ids) -> dict[int, str]:
    found = dict(
        NotificationSettings.objects.filter(user_id__in=user_ids).values_list("user_id", "delivery")
    )
    return {user_id: found.get(user_id, Delivery.IMMEDIATE) for user_id in user_ids}


def notify_post(post, mentioned, *, is_reply: bool) -> None:
    """Tell those who want to hear of a new post (in the transaction that wrote it): the
    members it mentions, the thread's author and the quoted post's author (for a reply), and
    the followers of the thread or network."""
    thread, network = post.thread, post.thread.network
    reasons: dict[int, str] = {}
    followers = Subscription.objects.filter(level=Level.ALL, network=network).filter(
        thread__isnull=True
    ) | Subscription.objects.filter(level=Level.ALL, thread=thread)
    for user_id in followers.values_list("user_id", flat=True):
        reasons[user_id] = Notification.Reason.POST
    if is_reply:
        for user_id in (thread.author_id, post.quote.author_id if post.quote else None):
            if user_id:
                reasons[user_id] = Notification.Reason.REPLY
    for user in mentioned:
        reasons[user.pk] = Notification.Reason.MENTION
    reasons.pop(post.author_id, None)
    members = _members(network, reasons)
    chosen = levels(members, network, thread)
    wanted = {
        user_id: reason
        for user_id, reason in reasons.items()
        if user_id in members
        and chosen[user_id] != Level.MUTE
        and (chosen[user_id] == Level.ALL or reason != Notification.Reason.POST)
    }
    _create(wanted, network, post=post, thread=thread)


def notify_mentions(post, users) -> None:
    """Members newly mentioned in an edited post."""
    network = post.thread.network
    members = _members(network, [user.pk for user in users if user.pk != post.author_id])
    chosen = levels(members, network, post.thread)
    wanted = {
        user_id: Notification.Reason.MENTION for user_id in members if chosen[user_id] != Level.MUTE
    }
    _create(wanted, network, post=post, thread=post.thread)


def notify_news(news) -> None:
    """Every member hears of the network's news, unless they muted the network."""
    network = news.network
    members = set(
        Membership.objects.filter(network=network, status=Membership.Status.MEMBER)
        .exclude(user_id=news.author_id)
        .values_list("user_id", flat=True)
    )
    chosen = levels(members, network)
    wanted = {
        user_id: Notification.Reason.NEWS for user_id in members if chosen[user_id] != Level.MUTE
    }
    _create(wanted, network, news=news)


def _create(wanted: dict, network, *, post=None, news=None, thread=None) -> None:
    deliveries = _deliveries(wanted)
    rows = [
        Notification(user_id=user_id, network=network, post=post, news=news, reason=reason)
        for user_id, reason in wanted.items()
        if deliveries[user_id] != Delivery.NONE
    ]
    Notification.objects.bulk_create(rows)
    right_away = [row.user_id for row in rows if deliveries[row.user_id] == Delivery.IMMEDIATE]
    if not right_away:
        return
    from . import notification_tasks as tasks

    if news is not None:
        for user_id in right_away:
            tasks.deliver_news.enqueue(
                organisation_id=network.organisation_id, user_id=user_id, news_id=news.pk
            )
        return
    last_sent = dict(
        ThreadMail.objects.filter(thread=thread, user_id__in=right_away).values_list(
            "user_id", "last_sent_at"
        )
    )
    now = timezone.now()
    for user_id in right_away:
        due = last_sent[user_id] + BATCH if user_id in last_sent else now
        params = {
            "organisation_id": network.organisation_id,
            "user_id": user_id,
            "thread_id": thread.pk,
        }
        if due <= now:
            tasks.deliver_thread.enqueue(**params)
        else:
            schedule(tasks.deliver_thread, due, **params)


def unsubscribe_token(user, scope: str) -> str:
    """A signed token for the one-click unsubscribe link of a mail: ``scope`` is "all"
    (no more mails from networks), "network:<id>" or "thread:<id>" (mute it)."""
    return signing.dumps({"u": user.pk, "s": scope}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    return data["u"], str(data.get("s", ""))


@transaction.atomic
def unsubscribe(user, scope: str, *, network=None, thread=None) -> None:
    if scope == "all":
        NotificationSettings.objects.update_or_create(
            user=user, defaults={"delivery": Delivery.NONE}
        )
    elif thread is not None:
        set_level(user, thread.network, Level.MUTE, thread=thread)
    elif network is not None:
        set_level(user, network, Level.MUTE)
