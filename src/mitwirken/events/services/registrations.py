"""Write use-cases of events. Every seat decision happens inside one transaction holding a row
lock on the event (``_locked``); e-mails and offer deadlines are enqueued after commit.

Lock order: the event first, then its registrations. Never lock to free a seat on its own:
a freed seat is handed on (``promote_next``) in the same locked transaction that freed it.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mitwirken.core.tenancy import check_scope_of
from mitwirken.questionnaires.models import Choice
from mitwirken.questionnaires.services import record_response

from .. import eligibility, emails, tasks
from ..models import Event, Registration
from ..queries import choices_with_seats_taken, limited_choice_ids, questions_of, seats_held

__all__ = [
    "RegistrationError",
    "register",
    "confirm_address",
    "cancel",
    "accept_offer",
    "expire_offers",
    "seats_taken",
    "seats_left",
    "waiting_position",
    "promote_next",
    "full_choices",
]

Status = Registration.Status
UNCONFIRMED_LIFETIME = timedelta(hours=24)


class RegistrationError(Exception):
    """The registration was refused; the message is shown to the person as it is."""


def _locked(event_id, organisation=None) -> Event:
    """The event, locked, read in the scope the caller has entered. Pass its
    ``organisation`` if it is loaded already.

    PostgreSQL: ``FOR NO KEY UPDATE`` of the event's row, which seat decisions queue behind,
    while sign-ups that only insert a registration pointing to the event (``FOR KEY SHARE``)
    and readers go on. SQLite: the IMMEDIATE transaction already serialises writers."""
    events = Event.objects.select_for_update(no_key=True, of=("self",))
    if organisation is None:
        return events.select_related("organisation").get(pk=event_id)
    event = events.get(pk=event_id, organisation=organisation)
    event.organisation = organisation
    return event


def seats_taken(event) -> int:
    return seats_held(event.pk)


def seats_left(event) -> int | None:
    if event.capacity is None:
        return None
    return max(event.capacity - seats_taken(event), 0)


def waiting_position(registration) -> int | None:
    """Counted from the event's side, like ``queries.seats_held``: one join, the scope's
    condition on the event row."""
    if registration.status != Status.WAITING:
        return None
    ahead = Event.objects.filter(  # one filter(): every condition on the same registration
        Q(registrations__queued_at__lt=registration.queued_at)
        | Q(registrations__queued_at=registration.queued_at, registrations__pk__lt=registration.pk),
        pk=registration.event_id,
        registrations__status=Status.WAITING,
    )
    return ahead.count() + 1


def full_choices(event, registration) -> list:
    """The options this registration chose whose own seat limit is reached (e.g. a workshop
    session). No query if the event has no option with a limit (its questions are cached),
    two if the registration chose one, else one."""
    if registration.response_id is None or not limited_choice_ids(questions_of(event)):
        return []
    limited_ids = list(
        Choice.objects.filter(
            answers__response=registration.response_id, seat_limit__isnull=False
        ).values_list("pk", flat=True)
    )
    if not limited_ids:
        return []
    limited = choices_with_seats_taken(Choice.objects.filter(pk__in=limited_ids))
    return [choice for choice in limited if choice.taken >= choice.seat_limit]


def _place(event, registration, now) -> None:
    """Give the registration a seat, a waiting-list place, or refuse it. Event is locked."""
    has_seat = event.capacity is None or seats_taken(event) < event.capacity
    choices_full = full_choices(event, registration)
    registration.full_option = ""
    if has_seat and not choices_full:
        registration.status = Status.PENDING if event.requires_approval else Status.CONFIRMED
    elif event.waiting_list:
        registration.status = Status.WAITING
        registration.queued_at = next_place_in_queue(event, now)
        # For the e-mail: the event has a seat, but an option they chose has none.
        registration.full_option = choices_full[0].label if has_seat and choices_full else ""
    elif choices_full:
        raise RegistrationError(
            _("The option “%(choice)s” is fully booked.") % {"choice": choices_full[0].label}
        )
    else:
        raise RegistrationError(_("This event is fully booked."))


def next_place_in_queue(event, now):
    """The time that puts a newcomer behind everyone on the waiting list. Taken under the
    event's lock, so the list is in the order the lock was taken, even if a clock (of another
    app server) lags or two arrive in the same microsecond: the position a person is told is
    the one they keep until someone ahead of them leaves."""
    # From the event's side, like ``queries.seats_held`` (one join, the scope on the event).
    last = Event.objects.filter(pk=event.pk, registrations__status=Status.WAITING).aggregate(
        last=Max("registrations__queued_at")
    )
    if last["last"] is not None and last["last"] >= now:
        return last["last"] + timedelta(microseconds=1)
    return now


def _save_answers(registration, answers: dict) -> None:
    """``answers`` maps a Question of the event to its cleaned value; the response is kept
    before the registration is saved, so that it is one INSERT, and none without questions.
    """
    if answers:
        registration.response = record_response(registration.event.questionnaire_id, answers)


def register(
    event,
    *,
    name,
    email,
    answers,
    privacy_version,
    recording_consent=False,
    user=None,
    language="de",
) -> Registration:
    """A registration through the form. Without an account the address is confirmed first
    (double opt-in) and the seat decided then; with an account the seat is decided now."""
    check_scope_of(event.organisation_id)
    now = timezone.now()
    if not event.registration_is_open(now):
        raise RegistrationError(_("Registration for this event is not open."))
    if event.is_recorded and not recording_consent:
        raise RegistrationError(_("This event is recorded. Please agree to the recording."))
    refused = eligibility.refusal(event, user)
    if refused:
        raise RegistrationError(refused)
    email = (user.email if user else email).strip().lower()
    registration = Registration(
        event=event,
        user=user,
        name=name,
        email=email,
        status=Status.UNCONFIRMED,
        privacy_version=privacy_version,
        recording_consent=recording_consent,
        language=language,
        created_at=now,
    )
    try:
        if user is None:
            _sign_up(registration, answers)
        else:
            _register_with_account(registration, answers)
    except IntegrityError:
        # The unique constraint: this address is already registered.
        _tell_already_registered(event, email)
        if user is not None:  # their own verified address: they may know
            raise RegistrationError(
                _(
                    "This e-mail address is already registered. We have sent you the link to "
                    "your registration again."
                )
            ) from None
        # A visitor gets the same answer as for a new address, so the form does not tell
        # whether someone is registered; the owner of the address learns it by e-mail. The
        # returned registration is not saved.
    return registration


def _tell_already_registered(event, email) -> None:
    """The rolled-back transaction is over, so this mail really goes out."""
    existing = event.registrations.exclude(status__in=[Status.CANCELLED, Status.REJECTED]).get(
        email=email
    )
    if existing.status == Status.UNCONFIRMED:  # the first e-mail got lost: send it again
        emails.confirm_address(existing)
    else:
        emails.already_registered(existing)


@transaction.atomic
def _sign_up(registration, answers) -> None:
    """Without an account nothing is decided yet, so no lock is taken: the unique
    constraint refuses a second sign-up, and the seat waits for the confirmed address."""
    _save_answers(registration, answers)
    registration.save()
    emails.confirm_address(registration)


@transaction.atomic
def _register_with_account(registration, answers) -> None:
    event = _locked(registration.event_id)
    now = timezone.now()  # after the lock: the order of the waiting list is the lock's
    if not event.registration_is_open(now):
        raise RegistrationError(_("Registration for this event is not open."))
    registration.event = event
    _save_answers(registration, answers)
    registration.save()
    registration.email_confirmed_at = now
    _place(event, registration, now)
    registration.save(update_fields=["status", "email_confirmed_at", "queued_at"])
    _announce(registration)


@transaction.atomic
def confirm_address(registration, organisation=None) -> Registration:
    """The link from the opt-in e-mail: now the seat or the waiting-list place is decided.
    Pass the event's ``organisation`` if it is loaded already."""
    if organisation is not None:
        check_scope_of(organisation)  # the lock below reads the event by its id alone
    event = _locked(registration.event_id, organisation)
    now = timezone.now()  # after the lock: the order of the waiting list is the lock's
    registration.refresh_from_db(fields=["status", "created_at", "email_confirmed_at", "queued_at"])
    registration.event = event
    if registration.status != Status.UNCONFIRMED:
        return registration  # clicked twice: nothing changes
    if registration.created_at < now - UNCONFIRMED_LIFETIME:
        raise RegistrationError(_("This confirmation link has expired. Please register again."))
    if event.status != Event.Status.PUBLISHED or event.starts_at <= now:
        raise RegistrationError(_("Registration for this event is not open."))
    registration.email_confirmed_at = now
    _place(event, registration, now)
    registration.save(update_fields=["status", "email_confirmed_at", "queued_at"])
    _announce(registration)
    return registration


@transaction.atomic
def cancel(registration, *, by_staff=False, notify=True) -> Registration:
    """The person cancels through their link, or staff cancel (``by_staff``: the e-mail says
    so). A held seat goes to the next person. ``notify=False``: no e-mail (account deletion)."""
    event = _locked(registration.event_id)
    registration.refresh_from_db()
    if registration.status in (Status.CANCELLED, Status.REJECTED):
        return registration
    freed = registration.status in Registration.HOLDS_SEAT
    registration.status = Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.offer_expires_at = None
    registration.save()
    if notify:
        emails.cancelled(registration, by_staff=by_staff)
    if freed:
        promote_next(event)
    return registration


def _announce(registration) -> None:
    """Tell the person their new status; plan the expiry of an offer. (Reminders are planned
    per event, ``tasks.send_reminders``.) The mail's task is written in this transaction
    and renders the mail when it runs: nothing is rendered while the event is locked, and the
    task exists if and only if the change does."""
    emails.status_changed(registration, full_option=getattr(registration, "full_option", ""))
    if registration.status == Status.OFFERED:
        tasks.schedule_offer_expiry(registration)


def _promotion_allowed(event, now) -> bool:
    return now < event.starts_at - timedelta(hours=event.promotion_cutoff_hours)


def promote_next(event) -> list[Registration]:
    """Fill free seats from the waiting list, first come first served; the people promoted
    are told. The event must be locked (``_locked``) by the caller's transaction, the one
    that freed or added the seats."""
    now = timezone.now()
    if event.status != Event.Status.PUBLISHED or not _promotion_allowed(event, now):
        return []
    promoted = []
    free = None if event.capacity is None else event.capacity - seats_taken(event)
    waiting = event.registrations.filter(status=Status.WAITING).order_by("queued_at", "pk")
    for registration in waiting:
        if free is not None and free <= 0:
            break
        if full_choices(event, registration):
            continue  # their workshop is still full; the next person may fit
        if event.promotion == Event.Promotion.OFFER:
            registration.status = Status.OFFERED
            deadline = now + timedelta(hours=event.offer_hours)
            registration.offer_expires_at = min(
                deadline, event.starts_at - timedelta(hours=event.promotion_cutoff_hours)
            )
        else:
            registration.status = Status.PENDING if event.requires_approval else Status.CONFIRMED
        registration.save()
        _announce(registration)
        promoted.append(registration)
        if free is not None:
            free -= 1
    return promoted


def accept_offer(registration) -> Registration:
    if not _accept_open_offer(registration):
        # Raised after the commit: the expired offer has gone to the next person.
        raise RegistrationError(_("Sorry, this offer has expired."))
    return registration


@transaction.atomic
def _accept_open_offer(registration) -> bool:
    """Confirm the offered seat, or hand it on if its deadline has passed (False)."""
    event = _locked(registration.event_id)
    registration.refresh_from_db()
    if registration.status != Status.OFFERED:
        raise RegistrationError(_("There is no open offer for this registration."))
    if registration.offer_expires_at <= timezone.now():
        _expire(event, registration)
        return False
    registration.status = Status.CONFIRMED
    registration.offer_expires_at = None
    registration.save()
    _announce(registration)
    return True


def _expire(event, registration) -> None:
    registration.status = Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save()
    emails.offer_expired(registration)
    promote_next(event)


@transaction.atomic
def expire_offers(event_id) -> int:
    """Hand on every offer whose deadline has passed (task and management command)."""
    event = _locked(event_id)
    stale = list(
        event.registrations.filter(status=Status.OFFERED, offer_expires_at__lte=timezone.now())
    )
    for registration in stale:
        _expire(event, registration)
    return len(stale)
