"""Staff use-cases: create events from a format preset, change, move, duplicate and cancel
them; decide registrations by hand. Every action is written to the audit log."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mitwirken.core.changes import changes_between, save_rows, shorten, snapshot
from mitwirken.organisations.models import register_audit_action
from mitwirken.organisations.services import record
from mitwirken.questionnaires import services as questionnaires
from mitwirken.questionnaires.models import Question

from .. import emails, tasks
from ..models import Event, Format, Mode, Registration, Tag
from .registrations import (
    RegistrationError,
    _announce,
    _locked,
    cancel,
    full_choices,
    next_place_in_queue,
    promote_next,
    seats_taken,
)

__all__ = [
    "PRESETS",
    "preset_values",
    "create_event",
    "update_event",
    "duplicate_as_next",
    "cancel_event",
    "add_question",
    "delete_question",
    "approve",
    "reject",
    "move_to_waiting_list",
    "admit_from_waiting_list",
    "cancel_by_staff",
    "overbooked_choices",
    "STAFF_ACTIONS",
]

Status = Registration.Status
EVENT_CREATED = register_audit_action("event_created", gettext_lazy("Event created"))
EVENT_CHANGED = register_audit_action("event_changed", gettext_lazy("Event changed"))
EVENT_CANCELLED = register_audit_action("event_cancelled", gettext_lazy("Event cancelled"))
REGISTRATION_DECIDED = register_audit_action(
    "registration_decided", gettext_lazy("Registration changed by staff")
)

# Sensible defaults per format (seed 000: a 40-minute online coffee lecture, 30 seats, recorded).
PRESETS = {
    Format.COFFEE_LECTURE: {
        "mode": Mode.ONLINE,
        "duration": timedelta(minutes=40),
        "capacity": 30,
        "is_recorded": True,
        "waiting_list": True,
        "online_provider": "WebEx",
    },
    Format.SEMINAR: {
        "mode": Mode.IN_PERSON,
        "duration": timedelta(hours=6, minutes=30),
        "capacity": 25,
        "is_recorded": False,
        "waiting_list": True,
        "online_provider": "",
    },
    Format.NETWORK_MEETING: {
        "mode": Mode.ONLINE,
        "duration": timedelta(hours=2),
        "capacity": 50,
        "is_recorded": False,
        "waiting_list": True,
        "online_provider": "BigBlueButton",
    },
    Format.CONFERENCE: {
        "mode": Mode.IN_PERSON,
        "duration": timedelta(hours=8),
        "capacity": 150,
        "is_recorded": False,
        "waiting_list": True,
        "online_provider": "",
    },
}

ACTIVE = Registration.ACTIVE


def preset_values(chosen_format, starts_at, organisation) -> dict:
    """The values a new event of ``chosen_format`` starts with (``PRESETS``): a draft with
    the organisation's contact address, ending after the format's usual duration."""
    preset = PRESETS[chosen_format]
    return {key: value for key, value in preset.items() if key != "duration"} | {
        "format": chosen_format,
        "starts_at": starts_at,
        "ends_at": starts_at + preset["duration"],
        "contact_email": organisation.contact_email,
        "status": Event.Status.DRAFT,
    }


# What staff set on an event (the fields of the staff form, in its order), and of its rows.
EVENT_FIELDS = (
    "format",
    "status",
    "title",
    "teaser",
    "description",
    "series",
    "starts_at",
    "ends_at",
    "mode",
    "venue_name",
    "venue_street",
    "venue_postal_code",
    "venue_city",
    "online_provider",
    "join_url",
    "access_code",
    "dial_in",
    "contact_name",
    "contact_email",
    "contact_phone",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "waiting_list",
    "promotion",
    "offer_hours",
    "promotion_cutoff_hours",
    "requires_approval",
    "is_recorded",
)
SPEAKER_FIELDS = ("name", "role", "organisation_name", "bio")
PROGRAMME_FIELDS = ("starts_at", "ends_at", "title", "details", "room")
TAG_KINDS = {"topics": Tag.Kind.TOPIC, "target_groups": Tag.Kind.TARGET_GROUP}
TAG_LABELS = {"topics": gettext_lazy("Topics"), "target_groups": gettext_lazy("Target groups")}


def _check_fields(fields) -> None:
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"Not a field staff set on an event: {', '.join(sorted(unknown))}")


@transaction.atomic
def create_event(
    actor, organisation, *, topics=(), target_groups=(), speakers=(), programme=(), **fields
) -> Event:
    """A new event from plain data: its fields (``EVENT_FIELDS``) as keyword arguments, the
    names of its topics and target groups, and its ``speakers`` and ``programme`` items as
    rows (dicts of ``SPEAKER_FIELDS`` / ``PROGRAMME_FIELDS``, see ``core.changes.save_rows``).
    """
    _check_fields(fields)
    event = Event(organisation=organisation, **fields)
    event.save()
    _set_tags(event, {"topics": topics, "target_groups": target_groups})
    save_rows(event.speakers, speakers, SPEAKER_FIELDS)
    save_rows(event.programme, programme, PROGRAMME_FIELDS)
    if event.status == Event.Status.PUBLISHED:
        tasks.schedule_reminders(event)
    record(organisation, actor, EVENT_CREATED, event.title)
    return event


@transaction.atomic
def update_event(
    actor, event, *, topics=None, target_groups=None, speakers=(), programme=(), **fields
) -> Event:
    """Save staff changes: the fields given (``EVENT_FIELDS``; the others stay), the tags
    given (None: unchanged), and the rows of speakers and programme given (new, changed or
    deleted; rows not given stay). A new date is announced to everyone registered, and the
    programme moves with it. Publishing or moving plans the reminders; old ones see the
    changed start and stay silent. More seats go to the waiting list first; the status
    "cancelled" tells everyone registered, like ``cancel_event``. The audit log gets what
    changed, read from the event before and after."""
    _check_fields(fields)
    event = _locked(event.pk, event.organisation)
    before = snapshot(event)
    for name, value in fields.items():
        setattr(event, name, value)
    event.save()
    changes = changes_between(before, event, sorted(fields, key=_form_order))
    changes |= _set_tags(event, {"topics": topics, "target_groups": target_groups})
    _touched, speakers_changed = save_rows(event.speakers, speakers, SPEAKER_FIELDS)
    just_set, programme_changed = save_rows(event.programme, programme, PROGRAMME_FIELDS)
    old_start, old_end, old_status = before.starts_at, before.ends_at, before.status
    moved = (event.starts_at, event.ends_at) != (old_start, old_end)
    if event.starts_at != old_start:  # the programme moves along, except what was just set
        event.programme.exclude(pk__in=just_set).update(
            starts_at=F("starts_at") + (event.starts_at - old_start),
            ends_at=F("ends_at") + (event.starts_at - old_start),
        )
    if moved:
        for registration in event.registrations.filter(status__in=ACTIVE).select_related(
            "event__organisation"
        ):
            emails.event_moved(registration, old_start=old_start)
    published = event.status == Event.Status.PUBLISHED
    if published and (moved or old_status != Event.Status.PUBLISHED):
        tasks.schedule_reminders(event)
    if before.capacity is not None and (event.capacity is None or event.capacity > before.capacity):
        promote_next(event)  # new seats go to the waiting list before newcomers
    if event.status == Event.Status.CANCELLED and old_status != Event.Status.CANCELLED:
        _tell_cancelled(event)
    if changes or speakers_changed or programme_changed:
        record(event.organisation, actor, EVENT_CHANGED, event.title, changes)
    return event


def _form_order(name) -> int:
    """The fields in the order of the model (and the form), for the audit log."""
    return [field.name for field in Event._meta.fields].index(name)


def _set_tags(event, names_by_kind) -> dict:
    """Set the topics and target groups given (None: leave them as they are); returns what
    changed, as {label: [before, after]} with the names as the form shows them."""
    current = list(event.tags.all())
    kept = list(current)
    changes = {}
    for key, names in names_by_kind.items():
        if names is None:
            continue
        kind = TAG_KINDS[key]
        old = [tag for tag in current if tag.kind == kind]
        new = [
            Tag.objects.get_or_create(organisation=event.organisation, kind=kind, name=name)[0]
            for name in dict.fromkeys(names)
        ]
        kept = [tag for tag in kept if tag.kind != kind] + new
        if {tag.pk for tag in old} != {tag.pk for tag in new}:
            changes[str(TAG_LABELS[key])] = [
                shorten(", ".join(tag.name for tag in old)),
                shorten(", ".join(tag.name for tag in new)),
            ]
    if changes:
        event.tags.set(kept)
    return changes


@transaction.atomic
def duplicate_as_next(actor, event, starts_at) -> Event:
    """A copy as the next event of its series: same texts, speakers, programme, questions;
    new date, a draft without registrations."""
    shift = starts_at - event.starts_at
    source_pk = event.pk
    tags = list(event.tags.all())
    speakers = list(event.speakers.all())
    programme = list(event.programme.all())
    questionnaire = (
        questionnaires.copy_questionnaire(event.questionnaire) if event.questionnaire_id else None
    )
    event.pk = None
    event._state.adding = True
    event.status = Event.Status.DRAFT
    event.starts_at += shift
    event.ends_at += shift
    for name in ("registration_opens_at", "registration_closes_at"):
        if getattr(event, name):
            setattr(event, name, getattr(event, name) + shift)
    event.check_in_code = ""
    event.last_reminder_for = None
    event.questionnaire = questionnaire
    event.save()
    event.tags.set(tags)
    for speaker in speakers:
        speaker.pk, speaker.event = None, event
        speaker.save()
    for item in programme:
        item.pk, item.event = None, event
        item.starts_at += shift
        item.ends_at = item.ends_at + shift if item.ends_at else None
        item.save()
    record(
        event.organisation,
        actor,
        EVENT_CREATED,
        event.title,
        {str(_("Copy of")): ["", f"#{source_pk}"]},
    )
    return event


@transaction.atomic
def add_question(
    event, *, kind, label, help_text="", required=False, options=(), config=None
) -> Question:
    """Add a registration question; the event's questionnaire is made with the first (under
    the event's lock, so that two first questions at once make one questionnaire)."""
    event.questionnaire_id = _locked(event.pk, event.organisation).questionnaire_id
    if event.questionnaire_id is None:
        event.questionnaire = questionnaires.new_questionnaire(event.organisation)
    question = questionnaires.add_question(
        event.questionnaire,
        kind=kind,
        label=label,
        help_text=help_text,
        required=required,
        options=options,
        config=config,
    )
    event.save(update_fields=["questionnaire", "updated_at"])  # and the cached parts renew
    return question


@transaction.atomic
def delete_question(event, question) -> bool:
    """Delete a question nobody has answered yet; answered ones stay (False)."""
    if not questionnaires.delete_question(question):
        return False
    event.touch()
    return True


@transaction.atomic
def cancel_event(actor, event) -> Event:
    event = _locked(event.pk)
    if event.status == Event.Status.CANCELLED:
        return event
    event.status = Event.Status.CANCELLED
    event.save(update_fields=["status", "updated_at"])
    _tell_cancelled(event)
    record(event.organisation, actor, EVENT_CANCELLED, event.title)
    return event


def _tell_cancelled(event) -> None:
    for registration in event.registrations.filter(status__in=ACTIVE):
        emails.event_cancelled(registration)


def _decide(actor, registration, allowed_from, new_status, *, promote=False, announce=True):
    event = _locked(registration.event_id)
    registration.refresh_from_db()
    if registration.status not in allowed_from:
        raise RegistrationError(_("This registration cannot be changed this way."))
    before = registration.get_status_display()
    registration.status = new_status
    if new_status == Status.WAITING:
        registration.queued_at = next_place_in_queue(event, timezone.now())
    registration.offer_expires_at = None
    registration.save()
    registration.event = event
    if announce:
        _announce(registration)
    _record_decision(actor, registration, before)
    if promote:
        promote_next(event)
    return registration


def _record_decision(actor, registration, before) -> None:
    record(
        registration.event.organisation,
        actor,
        REGISTRATION_DECIDED,
        registration.name,
        {str(_("Status")): [before, registration.get_status_display()]},
    )


@transaction.atomic
def approve(actor, registration):
    return _decide(actor, registration, [Status.PENDING], Status.CONFIRMED)


@transaction.atomic
def reject(actor, registration):
    return _decide(
        actor, registration, [Status.PENDING, Status.WAITING], Status.REJECTED, promote=True
    )


@transaction.atomic
def move_to_waiting_list(actor, registration):
    """The person is told that the organisers moved them, and their position, not that the
    event is fully booked (it may not be). No automatic promotion here: staff freed the seat
    on purpose and decide who gets it."""
    registration = _decide(
        actor, registration, MOVABLE_TO_WAITING_LIST, Status.WAITING, announce=False
    )
    emails.moved_to_waiting_list(registration)  # counts the position when it is written
    return registration


@transaction.atomic
def admit_from_waiting_list(actor, registration):
    """Staff give a waiting person a seat if the event has one free. A chosen option (a
    workshop) may end up over its limit: that is the staff's call (``overbooked_choices``)."""
    event = _locked(registration.event_id)
    if event.capacity is not None and seats_taken(event) >= event.capacity:
        raise RegistrationError(
            _("No seat is free. Raise the number of seats first or move someone else.")
        )
    return _decide(actor, registration, [Status.WAITING, Status.OFFERED], Status.CONFIRMED)


@transaction.atomic
def cancel_by_staff(actor, registration):
    """Staff cancel a registration: the person is told, the seat goes to the next person,
    the audit log names who did it."""
    registration.event = _locked(registration.event_id)
    registration.refresh_from_db(fields=["status"])
    if registration.status not in CANCELLABLE_BY_STAFF:
        raise RegistrationError(_("This registration cannot be changed this way."))
    before = registration.get_status_display()
    registration = cancel(registration, by_staff=True)
    _record_decision(actor, registration, before)
    return registration


MOVABLE_TO_WAITING_LIST = (Status.CONFIRMED, Status.OFFERED)
CANCELLABLE_BY_STAFF = (Status.CONFIRMED, Status.WAITING, Status.OFFERED, Status.PENDING)


@dataclass(frozen=True)
class StaffAction:
    """What staff can do with registrations in the list: the statuses it applies to, the
    use-case, and whether it takes something away (a seat, a place, the registration); those
    are confirmed first, with the e-mail the person will get (``mail``)."""

    label: str
    applies_to: tuple
    run: object
    becomes: str = ""
    takes_away: bool = False
    mail: str = ""


STAFF_ACTIONS = {
    "approve": StaffAction(gettext_lazy("Approve"), (Status.PENDING,), approve),
    "admit": StaffAction(
        gettext_lazy("Give a seat"), (Status.WAITING, Status.OFFERED), admit_from_waiting_list
    ),
    "to_waiting_list": StaffAction(
        gettext_lazy("Move to the waiting list"),
        MOVABLE_TO_WAITING_LIST,
        move_to_waiting_list,
        becomes=Status.WAITING,
        takes_away=True,
        mail="moved_to_waiting_list",
    ),
    "reject": StaffAction(
        gettext_lazy("Reject"),
        (Status.PENDING, Status.WAITING),
        reject,
        becomes=Status.REJECTED,
        takes_away=True,
        mail="rejected",
    ),
    "cancel": StaffAction(
        gettext_lazy("Cancel registration"),
        CANCELLABLE_BY_STAFF,
        cancel_by_staff,
        becomes=Status.CANCELLED,
        takes_away=True,
        mail="cancelled_by_staff",
    ),
}


def overbooked_choices(registration) -> list:
    """The options this registration chose that now have more seats held than their limit,
    each with ``taken``: after staff admitted someone over a workshop's limit."""
    return [
        choice
        for choice in full_choices(registration.event, registration)
        if choice.taken > choice.seat_limit
    ]
