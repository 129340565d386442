"""After the event: attendance, materials, certificates, messages, and deleting the personal
registration data a set time after the event."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scopes_disabled

from mitwirken.core import uploads
from mitwirken.core.tenancy import in_scope_of
from mitwirken.organisations.models import register_audit_action
from mitwirken.organisations.services import record
from mitwirken.questionnaires.services import erase_responses

from .. import emails
from ..models import Certificate, Event, EventMessage, Material, Registration
from .registrations import RegistrationError

__all__ = [
    "set_attendance",
    "new_check_in_code",
    "check_in",
    "add_material",
    "delete_material",
    "notify_materials",
    "send_message",
    "certificate_for",
    "purge_registrations",
]

Status = Registration.Status
ATTENDANCE_CHANGED = register_audit_action("attendance", gettext_lazy("Attendance recorded"))
MESSAGE_SENT = register_audit_action("event_message", gettext_lazy("Message sent to registrants"))
MATERIALS_ANNOUNCED = register_audit_action(
    "materials_announced", gettext_lazy("Participants told about materials")
)
CERTIFICATE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@transaction.atomic
def set_attendance(actor, event, attended_ids) -> int:
    confirmed = event.registrations.filter(status=Status.CONFIRMED)
    attended_ids = set(attended_ids)
    confirmed.filter(pk__in=attended_ids).update(attended=True)
    confirmed.exclude(pk__in=attended_ids).update(attended=False)
    count = confirmed.filter(attended=True).count()
    record(
        event.organisation,
        actor,
        ATTENDANCE_CHANGED,
        event.title,
        {str(_("Attended")): ["", str(count)]},
    )
    return count


def new_check_in_code(event) -> str:
    event.check_in_code = "".join(secrets.choice("0123456789") for _ in range(6))
    event.save(update_fields=["check_in_code", "updated_at"])
    return event.check_in_code


@transaction.atomic
def check_in(registration, code) -> Registration:
    """A participant enters the code shown during an online event."""
    event = registration.event
    if registration.status != Status.CONFIRMED:
        raise RegistrationError(_("Only confirmed participants can check in."))
    if not event.check_in_code or code.strip() != event.check_in_code:
        raise RegistrationError(_("This code is not correct."))
    if timezone.now() < event.starts_at - timedelta(minutes=30):
        raise RegistrationError(_("Check-in opens shortly before the event."))
    registration.attended = True
    registration.save(update_fields=["attended"])
    return registration


@transaction.atomic
def add_material(event, *, kind, title, visibility, file=None, url="") -> Material:
    """A material of the event: a ``file`` checked by ``core.uploads.check`` (a
    ``CheckedFile``, its original name kept for the download) or a link (``url``)."""
    material = Material(
        event=event,
        kind=kind,
        title=title,
        visibility=visibility,
        url=url or "",
        original_name=getattr(file, "original_name", ""),
    )
    if file:
        material.file = file  # stored under a random name when saved
    material.save()
    event.touch()
    return material


@transaction.atomic
def delete_material(event, material) -> None:
    stored, storage = material.file.name, material.file.storage
    material.delete()
    event.touch()
    uploads.delete_after_commit(storage, stored)


@transaction.atomic
def notify_materials(actor, event) -> int:
    recipients = list(event.registrations.filter(status=Status.CONFIRMED))
    for registration in recipients:
        emails.materials_online(registration)
    record(
        event.organisation,
        actor,
        MATERIALS_ANNOUNCED,
        event.title,
        {str(_("Recipients")): ["", str(len(recipients))]},
    )
    return len(recipients)


@transaction.atomic
def send_message(actor, event, *, audience, subject, body) -> EventMessage:
    """A message from the staff to everyone confirmed (or waiting), one mail each, logged."""
    status = Status.CONFIRMED if audience == EventMessage.Audience.CONFIRMED else Status.WAITING
    recipients = list(event.registrations.filter(status=status))
    message = EventMessage.objects.create(
        event=event,
        sent_by=actor,
        audience=audience,
        subject=subject,
        body=body,
        recipient_count=len(recipients),
    )
    for registration in recipients:
        emails.staff_message(registration, message)
    record(
        event.organisation,
        actor,
        MESSAGE_SENT,
        message.subject,
        {str(_("Recipients")): ["", str(len(recipients))]},
    )
    return message


@transaction.atomic
def certificate_for(registration) -> Certificate:
    """The certificate of an attended participant, created on first download."""
    if not (registration.attended and registration.status == Status.CONFIRMED):
        raise RegistrationError(_("A certificate is only issued after attendance."))
    if not registration.certificate_is_due:
        raise RegistrationError(_("A certificate is issued once the event has taken place."))
    existing = Certificate.objects.filter(registration=registration).first()
    if existing:
        return existing
    code = "-".join(
        "".join(secrets.choice(CERTIFICATE_ALPHABET) for _ in range(4)) for _ in range(3)
    )
    return Certificate.objects.create(
        event=registration.event,
        registration=registration,
        code=code,
        holder_name=registration.name,
    )


def purge_registrations(now=None) -> tuple[int, int]:
    """Delete name, e-mail and answers of registrations whose event ended longer ago than
    its organisation keeps them; counts and certificate checks stay (without the name).
    Delete sign-ups whose address was not confirmed within 24 hours.
    Returns (anonymised, deleted unconfirmed)."""
    now = now or timezone.now()
    purged = 0
    with scopes_disabled():  # what is due, in every organisation
        stale = Registration.objects.filter(
            status=Status.UNCONFIRMED, created_at__lt=now - timedelta(hours=24)
        )
        stale_responses = list(
            stale.filter(response__isnull=False).values_list("response_id", flat=True)
        )
        _total, deleted = stale.delete()
        erase_responses(stale_responses)
        unconfirmed = deleted.get("events.Registration", 0)
        # Only events that still hold personal data: the command runs every 15 minutes.
        holding = Registration.objects.filter(event=OuterRef("pk")).exclude(email="")
        events = (
            Event.objects.filter(ends_at__lt=now)
            .filter(Exists(holding))
            .select_related("organisation")
        )
        due = [
            (event.organisation_id, event.pk)
            for event in events.iterator()
            if event.ends_at + timedelta(days=event.organisation.registration_retention_days) <= now
        ]
    for organisation_id, event_id in due:
        with in_scope_of(organisation_id), transaction.atomic():
            registrations = Registration.objects.filter(event_id=event_id).exclude(email="")
            Certificate.objects.filter(registration__in=registrations).update(holder_name="")
            erase_responses(
                registrations.filter(response__isnull=False).values_list("response_id", flat=True)
            )
            purged += registrations.update(
                name="",
                email="",
                user=None,
                token=Concat(Value("purged-"), Cast("pk", CharField())),
            )
    return purged, unconfirmed
