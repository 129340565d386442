"""The e-mails of events. Each is queued as a task that carries IDs and plain values only
(the mail kind "events.registration", ``core.mail.queue_mail``), written in the transaction of
the change it reports; the task renders the mail when it runs (``build_for``), in the
recipient's language, from '<Organisation> | mitwirken'. So nothing is rendered while the
event's lock is held, and a mail's numbers (a waiting-list position) are counted when it is
written."""

from datetime import datetime

from django.conf import settings
from django.urls import reverse

from mitwirken.core.mail import queue_mail, render_mail

from .ics import event_ics
from .models import EventMessage, Registration

Status = Registration.Status

# The status mail for each status a person can be told about.
STATUS_TEMPLATES = {
    Status.CONFIRMED: "confirmed",
    Status.WAITING: "waiting",
    Status.OFFERED: "offered",
    Status.PENDING: "pending",
    Status.REJECTED: "rejected",
}
WITH_CALENDAR_FILE = {"confirmed", "reminder"}
WITH_POSITION = {"waiting", "moved_to_waiting_list"}


def manage_url(registration) -> str:
    return settings.SITE_URL + reverse(
        "events:registration",
        kwargs={"org": registration.event.organisation.slug, "token": registration.token},
    )


def _send(template, registration, *, status: str = "", **params):
    """Queue the mail ``template`` to the person behind ``registration``. ``params`` are
    plain values (JSON). With ``status``, the mail is dropped if the registration has moved
    on to another status before it is written (the later change has its own mail)."""
    queue_mail(
        "events.registration",
        organisation_id=registration.event.organisation_id,
        registration_id=registration.pk,
        template=template,
        status=status,
        params=params,
    )


def build_for(*, registration_id, template, status, params):
    """The mail as the task writes it (registered in apps.py), or None if the registration
    is gone, anonymised, or has moved on to another status since."""
    registration = (
        Registration.objects.select_related("event__organisation")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or not registration.email:
        return None
    if status and registration.status != status:
        return None
    return build(template, registration, params)


def build(template, registration, params) -> object:
    """The mail ``template`` for ``registration`` (its event and organisation loaded),
    rendered now: the task calls this when it runs."""
    from .services import waiting_position

    event = registration.event
    context = dict(params)
    if template in WITH_POSITION and "position" not in context:
        context["position"] = waiting_position(registration)
    if context.get("old_start"):
        context["old_start"] = datetime.fromisoformat(context["old_start"])
    if context.get("message_id"):
        context["message"] = EventMessage.objects.get(pk=context["message_id"], event=event)
    if template == "confirm_address":
        context["confirm_url"] = manage_url(registration) + "bestaetigen/"
    attachments = []
    if template in WITH_CALENDAR_FILE or context.get("show_join_data"):
        attachments.append(
            ("veranstaltung.ics", event_ics(event, with_join_data=True), "text/calendar")
        )
    return render_mail(
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
    _send("confirm_address", registration)


def already_registered(registration):
    _send("already_registered", registration)


def status_changed(registration, *, full_option=""):
    """Tell the person where they stand: seat (with calendar file and join data), waiting
    list (their position then), offered seat, waiting for approval, or rejected."""
    template = STATUS_TEMPLATES.get(registration.status)
    if template is None:
        return
    params = {"full_option": full_option} if template == "waiting" else {}
    _send(template, registration, status=registration.status, **params)


def cancelled(registration, *, by_staff=False):
    _send("cancelled_by_staff" if by_staff else "cancelled", registration)


def moved_to_waiting_list(registration):
    """Staff moved the person to the waiting list: say so, and their position."""
    _send("moved_to_waiting_list", registration, status=Status.WAITING)


def preview(template, registration, **params) -> tuple[str, str]:
    """The subject and text of a mail as ``registration`` would get it now, for staff to
    read before they confirm an action (``position``: where they would stand). Nothing is
    sent."""
    message = build(template, registration, params)
    return message.subject, message.body


def offer_expired(registration):
    _send("offer_expired", registration)


def event_cancelled(registration):
    _send("event_cancelled", registration)


def event_moved(registration, *, old_start):
    confirmed = registration.status == Status.CONFIRMED
    _send(
        "event_moved",
        registration,
        show_join_data=confirmed,
        old_start=old_start.isoformat(),
    )


def reminder(registration):
    _send("reminder", registration)


def materials_online(registration):
    _send("materials_online", registration)


def staff_message(registration, message):
    _send("staff_message", registration, message_id=message.pk)
