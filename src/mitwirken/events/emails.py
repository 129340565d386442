"""The e-mails of events, each in the recipient's language, from '<Organisation> | mitwirken'."""

from django.conf import settings
from django.urls import reverse

from mitwirken.core.mail import send_templated_mail

from .ics import event_ics
from .models import Registration

Status = Registration.Status


def manage_url(registration) -> str:
    return settings.SITE_URL + reverse(
        "events:registration",
        kwargs={"org": registration.event.organisation.slug, "token": registration.token},
    )


def _send(template, registration, *, attach_ics=False, **context):
    event = registration.event
    attachments = []
    if attach_ics:
        attachments.append(
            ("veranstaltung.ics", event_ics(event, with_join_data=True), "text/calendar")
        )
    send_templated_mail(
        f"events/email/{template}",
        registration.email,
        {
            "registration": registration,
            "event": event,
            "manage_url": manage_url(registration),
            "event_url": settings.SITE_URL + event.get_absolute_url(),
            **context,
        },
        language=registration.language,
        organisation_name=event.organisation.name,
        attachments=attachments,
    )


def confirm_address(registration):
    _send("confirm_address", registration, confirm_url=manage_url(registration) + "bestaetigen/")


def already_registered(registration):
    _send("already_registered", registration)


def status_changed(registration):
    """Tell the person where they stand: seat (with calendar file and join data), waiting
    list, offered seat, or waiting for approval."""
    from .services import waiting_position

    if registration.status == Status.CONFIRMED:
        _send("confirmed", registration, attach_ics=True)
    elif registration.status == Status.WAITING:
        _send(
            "waiting",
            registration,
            position=waiting_position(registration),
            full_option=getattr(registration, "full_option", ""),
        )
    elif registration.status == Status.OFFERED:
        _send("offered", registration)
    elif registration.status == Status.PENDING:
        _send("pending", registration)
    elif registration.status == Status.REJECTED:
        _send("rejected", registration)


def cancelled(registration, *, by_staff=False):
    _send("cancelled_by_staff" if by_staff else "cancelled", registration)


def moved_to_waiting_list(registration):
    """Staff moved the person to the waiting list: say so, and their position."""
    from .services import waiting_position

    _send("moved_to_waiting_list", registration, position=waiting_position(registration))


def preview(template, registration, **context) -> tuple[str, str]:
    """The subject and text of a mail as ``registration`` would get it now, for staff to
    read before they confirm an action. Nothing is sent."""
    from django.template import Context
    from django.template.loader import get_template
    from django.utils import translation

    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "manage_url": manage_url(registration),
        "event_url": settings.SITE_URL + event.get_absolute_url(),
        "site_url": settings.SITE_URL,
        **context,
    }
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        subject, text = (
            get_template(f"events/email/{template}_{part}.txt").template.render(
                Context(context, autoescape=False)
            )
            for part in ("subject", "message")
        )
    return " ".join(subject.split()), text


def offer_expired(registration):
    _send("offer_expired", registration)


def event_cancelled(registration):
    _send("event_cancelled", registration)


def event_moved(registration, *, old_start):
    confirmed = registration.status == Status.CONFIRMED
    _send(
        "event_moved",
        registration,
        attach_ics=confirmed,
        show_join_data=confirmed,
        old_start=old_start,
    )


def reminder(registration):
    _send("reminder", registration, attach_ics=True)


def materials_online(registration):
    _send("materials_online", registration)


def staff_message(registration, message):
    _send("staff_message", registration, message=message)
