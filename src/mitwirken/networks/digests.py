"""Daily and weekly digests (``manage.py send_digests``, scheduled daily by the operator).

For a period that has ended (yesterday; last week, Monday to Sunday, in Europe/Berlin), every
person with that delivery who has something waiting from the period and has not visited
since the period began gets one task. Its ``DigestSent`` row is written with the task in one
transaction: a second run of the job finds the row and queues nothing, so a digest goes out
once per person and period. The people are read as ids in chunks: memory stays flat however
many there are."""

from datetime import datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django_scopes import scopes_disabled

from .notification_models import Delivery, DigestSent, Notification, NotificationSettings


def periods(now=None) -> list[tuple[str, str, datetime, datetime]]:
    """(delivery, key, start, end) of the latest ended daily and weekly period."""
    now = timezone.localtime(now or timezone.now())
    today = timezone.make_aware(datetime.combine(now.date(), time.min))
    yesterday = today - timedelta(days=1)
    monday = today - timedelta(days=today.weekday())
    last_monday = monday - timedelta(days=7)
    year, week, _day = last_monday.isocalendar()
    return [
        (Delivery.DAILY, f"daily:{yesterday.date().isoformat()}", yesterday, today),
        (Delivery.WEEKLY, f"weekly:{year}-W{week:02d}", last_monday, monday),
    ]


def send_digests(now=None, chunk=1000) -> int:
    """Queue the digests due; the number queued."""
    from .notification_tasks import deliver_digest

    queued = 0
    with scopes_disabled():
        for delivery, key, start, end in periods(now):
            waiting = Notification.objects.filter(
                mailed_at__isnull=True, created_at__gte=start, created_at__lt=end
            )
            people = (
                NotificationSettings.objects.filter(delivery=delivery)
                .filter(Q(last_visit_at__isnull=True) | Q(last_visit_at__lt=start))
                .filter(user_id__in=waiting.values("user_id"))
                .exclude(user_id__in=DigestSent.objects.filter(key=key).values("user_id"))
                .values_list("user_id", flat=True)
                .order_by("user_id")
            )
            for user_id in people.iterator(chunk_size=chunk):
                try:
                    with transaction.atomic():
                        DigestSent.objects.create(user_id=user_id, key=key)
                        deliver_digest.enqueue(
                            user_id=user_id,
                            key=key,
                            start=start.isoformat(),
                            end=end.isoformat(),
                        )
                except IntegrityError:  # another run queued it just now
                    continue
                queued += 1
    return queued
