"""Every e-mail leaves through here: rendered now, in the recipient's language, sent by a task
after the transaction commits (so a rolled-back action never sends mail)."""

from django.conf import settings
from django.db import transaction
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation

from .tasks import send_email


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


def send_templated_mail(
    template_prefix: str,
    to: str,
    context: dict,
    *,
    language: str | None = None,
    organisation_name: str | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
) -> None:
    """Render ``<prefix>_subject.txt``, ``<prefix>_message.txt`` and ``<prefix>_message.html``
    and send them to one recipient once the current transaction commits. ``attachments`` are
    (filename, text content, mimetype), e.g. an .ics file."""
    context = {**context, "site_url": settings.SITE_URL}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(_render_text(f"{template_prefix}_subject.txt", context).split())
        text = _render_text(f"{template_prefix}_message.txt", context)
        try:
            html = render_to_string(f"{template_prefix}_message.html", context)
        except TemplateDoesNotExist:  # most mails are text; the HTML part wraps it
            html = render_to_string(
                "core/email/wrapper.html", {**context, "text": text, "subject": subject}
            )
    enqueue_email(subject, text, html, to, sender(organisation_name), attachments)


def enqueue_email(
    subject: str,
    text: str,
    html: str | None,
    to: str,
    from_email: str,
    attachments: list[tuple[str, str, str]] | None = None,
) -> None:
    transaction.on_commit(
        lambda: send_email.enqueue(
            subject=subject,
            text=text,
            html=html,
            to=[to],
            from_email=from_email,
            attachments=[list(a) for a in attachments or []],
        )
    )
