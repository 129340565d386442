from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled
from django_tasks import task

from mitwirken.core.tasks import schedule

REMINDERS_BEFORE = (timedelta(days=1), timedelta(hours=1))


@task()
def send_reminder(*, registration_id: int, starts_at: str) -> str:
    """Remind one confirmed participant. Skipped when the registration or event changed since
    the reminder was scheduled (cancelled, moved: a moved event schedules new reminders)."""
    from . import emails
    from .models import Event, Registration

    with scopes_disabled(), transaction.atomic():
        registration = (
            Registration.objects.select_related("event__organisation")
            .filter(pk=registration_id)
            .first()
        )
        if (
            registration is None
            or registration.status != Registration.Status.CONFIRMED
            or registration.event.status != Event.Status.PUBLISHED
            or registration.event.starts_at.isoformat() != starts_at
        ):
            return "skipped"
        emails.reminder(registration)
    return "sent"


@task()
def expire_offers(*, event_id: int) -> int:
    from . import services

    with scopes_disabled():
        return services.expire_offers(event_id)


def schedule_reminders(registration) -> None:
    now = timezone.now()
    starts_at = registration.event.starts_at
    for before in REMINDERS_BEFORE:
        if starts_at - before > now:
            transaction.on_commit(
                lambda run_after=starts_at - before: schedule(
                    send_reminder,
                    run_after,
                    registration_id=registration.pk,
                    starts_at=starts_at.isoformat(),
                )
            )


def schedule_offer_expiry(registration) -> None:
    transaction.on_commit(
        lambda: schedule(
            expire_offers, registration.offer_expires_at, event_id=registration.event_id
        )
    )
