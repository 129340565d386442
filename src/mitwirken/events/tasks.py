from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled
from django_tasks import task

from mitwirken.core.tasks import schedule
from mitwirken.core.tenancy import in_scope_of

REMINDERS_BEFORE = (timedelta(days=1), timedelta(hours=1))


@task()
def send_reminders(
    *, event_id: int, starts_at: str, planned_for: str, organisation_id: int | None = None
) -> int:
    """Remind everyone with a seat, one task per event and reminder. Skipped when the event
    was cancelled or moved since the reminder was planned (a moved event plans new ones), and
    when this reminder has gone out already (planned twice, e.g. moved there and back)."""
    from . import emails
    from .models import Event, Registration

    planned_for = datetime.fromisoformat(planned_for)
    if organisation_id is None:
        organisation_id = _organisation_of_event(event_id)
        if organisation_id is None:
            return 0  # the event is gone
    with in_scope_of(organisation_id), transaction.atomic():
        claimed = (
            Event.objects.filter(
                pk=event_id,
                status=Event.Status.PUBLISHED,
                starts_at=datetime.fromisoformat(starts_at),
            )
            .exclude(last_reminder_for=planned_for)
            .update(last_reminder_for=planned_for)
        )
        if not claimed:
            return 0
        event = Event.objects.select_related("organisation").get(pk=event_id)
        confirmed = list(event.registrations.filter(status=Registration.Status.CONFIRMED))
        for registration in confirmed:
            registration.event = event
            emails.reminder(registration)
    return len(confirmed)


@task()
def expire_offers(*, event_id: int, organisation_id: int | None = None) -> int:
    from . import services

    if organisation_id is None:
        organisation_id = _organisation_of_event(event_id)
        if organisation_id is None:
            return 0  # the event is gone
    with in_scope_of(organisation_id):
        return services.expire_offers(event_id)


def _organisation_of_event(event_id) -> int | None:
    """For a task queued before tasks carried their organisation's id. (None: the event is
    gone.)"""
    from .models import Event

    with scopes_disabled():
        return Event.objects.filter(pk=event_id).values_list("organisation_id", flat=True).first()


def schedule_reminders(event) -> None:
    """Plan the reminders of a published event (by default one day and one hour before the
    start), in the transaction that publishes or moves it; the ones already due are left
    out."""
    now = timezone.now()
    for before in REMINDERS_BEFORE:
        run_after = event.starts_at - before
        if run_after > now:
            schedule(
                send_reminders,
                run_after,
                event_id=event.pk,
                organisation_id=event.organisation_id,
                starts_at=event.starts_at.isoformat(),
                planned_for=run_after.isoformat(),
            )


def schedule_offer_expiry(registration) -> None:
    """Plan the hand-on of an offered seat at its deadline, in the transaction that offers
    it."""
    schedule(
        expire_offers,
        registration.offer_expires_at,
        event_id=registration.event_id,
        organisation_id=registration.event.organisation_id,
    )
