"""Every e-mail leaves through here, in the recipient's language, from a task.

A task that sends a mail is enqueued inside the transaction of the change it reports: the task
table is in the same database, so the task exists if and only if the change does, and a
rolled-back action sends nothing. The worker sees it only once it is committed. Running a
mail task twice sends the mail once (``send_once``)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation


def sender(organisation_name: str | None = None) -> str:
    """'<Organisation> | mitwirken <noreply@…>' so recipients see who writes to them."""
    if not organisation_name:
        return settings.DEFAULT_FROM_EMAIL
    address = settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">")
    # One line whatever is stored: a line break in a header fails every mail (BadHeaderError);
    # the forms refuse them, names stored before may still have one.
    printable = "".join(c if c.isprintable() else " " for c in organisation_name)
    name = " ".join(printable.replace('"', "").split())
    return f'"{name} | mitwirken" <{address}>'


def _render_text(template_name: str, context: dict) -> str:
    """A plain-text template, without HTML escaping: “Bürger & Verwaltung” stays as it is.
    (The HTML part escapes the text itself.)"""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def signed(text: str, sender_name: str | None = None) -> str:
    """The text with the signature every mail of the portal ends with (in the active
    language): the sender (the organisation, or the portal) and the portal's name."""
    signature = _render_text("core/email/signature.txt", {"sender_name": sender_name})
    return f"{text.rstrip()}\n\n{signature}"


def render_mail(
    template_prefix: str,
    to: str,
    context: dict,
    *,
    language: str | None = None,
    organisation_name: str | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMultiAlternatives:
    """Render ``<prefix>_subject.txt``, ``<prefix>_message.txt`` and ``<prefix>_message.html``
    (or the HTML wrapper) for one recipient. ``attachments`` are (filename, text, mimetype),
    e.g. an .ics file; ``headers`` extra mail headers (``List-Unsubscribe``)."""
    context = {**context, "site_url": settings.SITE_URL}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(_render_text(f"{template_prefix}_subject.txt", context).split())
        text = signed(_render_text(f"{template_prefix}_message.txt", context), organisation_name)
        try:  # its own HTML part includes "core/email/signature.html"
            html = render_to_string(
                f"{template_prefix}_message.html", {**context, "sender_name": organisation_name}
            )
        except TemplateDoesNotExist:  # most mails are text; the HTML part wraps it
            html = render_to_string(
                "core/email/wrapper.html", {**context, "text": text, "subject": subject}
            )
    message = EmailMultiAlternatives(
        subject, text, sender(organisation_name), [to], headers=headers or None
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    return message


def send_once(key: str, message: EmailMultiAlternatives) -> bool:
    """Send ``message`` unless a mail with this ``key`` (the task's id) went out already.
    Recorded after the mail server accepted it: a worker killed in between sends it again
    when the task is taken up anew (at least once, never lost); any later run sends
    nothing."""
    from .models import SentMail

    if SentMail.objects.filter(key=key).exists():
        return False
    message.send()
    try:
        with transaction.atomic():
            SentMail.objects.create(key=key)
    except IntegrityError:  # a second run of the same task finished at the same moment
        pass
    return True


# --- Mail kinds: each app registers how to build its mails; a task builds one when it runs ---


@dataclass(frozen=True)
class MailKind:
    build: Callable[..., EmailMultiAlternatives | None]  # (**params) -> message, or None
    sent: Callable[..., None] | None = None  # (**params) after the mail went out


_kinds: dict[str, MailKind] = {}


def register_mail(kind: str, build, *, sent=None) -> None:
    """An app's kind of mail (in its AppConfig.ready()): ``build(**params)`` renders the
    message in the recipient's language from IDs, or returns None when what it is about is
    gone (deleted, anonymised, superseded)."""
    _kinds[kind] = MailKind(build, sent)


def mail_kind(kind: str) -> MailKind:
    return _kinds[kind]


def queue_mail(kind: str, *, organisation_id: int | None = None, **params) -> None:
    """Queue one mail to one recipient: a task with the kind and plain values (IDs, a
    template name, a language), written in the current transaction, so it exists if and
    only if the change it reports does. The task builds the mail when it runs, inside the
    organisation's scope; the task table holds no address, name, text or link."""
    from .tasks import send_mail

    send_mail.enqueue(kind=kind, organisation_id=organisation_id, params=params)


def queue_rendered(message: EmailMultiAlternatives) -> None:
    """Queue a mail that must be rendered now: allauth's, whose links carry keys made at
    this moment. It waits in ``OutgoingMail`` (deleted once sent, or with the account)."""
    from .models import OutgoingMail

    alternatives = getattr(message, "alternatives", [])
    html = next((body for body, mime in alternatives if mime == "text/html"), "")
    (to,) = message.to
    mail = OutgoingMail.objects.create(
        to=to, from_email=message.from_email, subject=message.subject, text=message.body, html=html
    )
    queue_mail("core.rendered", mail_id=mail.pk)


def _build_rendered(mail_id) -> EmailMultiAlternatives | None:
    from .models import OutgoingMail

    mail = OutgoingMail.objects.filter(pk=mail_id).first()
    if mail is None:
        return None  # sent already, or deleted with the account
    message = EmailMultiAlternatives(mail.subject, mail.text, mail.from_email, [mail.to])
    if mail.html:
        message.attach_alternative(mail.html, "text/html")
    return message


def _rendered_sent(mail_id) -> None:
    from .models import OutgoingMail

    OutgoingMail.objects.filter(pk=mail_id).delete()


register_mail("core.rendered", _build_rendered, sent=_rendered_sent)
