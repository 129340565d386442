from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .fields import URLField


class PlatformPage(models.Model):
    """Portal-wide information pages the platform admin edits, e.g. the explanations in
    Leichte Sprache and Gebärdensprache that BITV 2.0 § 4 asks for."""

    class Key(models.TextChoices):
        EASY_LANGUAGE = "leichte-sprache", _("Easy-to-read information (Leichte Sprache)")
        SIGN_LANGUAGE = "gebaerdensprache", _("Information in German Sign Language")
        NETIQUETTE = "netiquette", _("Netiquette: the rules for comments")

    key = models.CharField(max_length=30, choices=Key.choices, unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"), max_length=50000, help_text=_("Markdown: # heading, - list, [link](https://…)")
    )
    video_url = URLField(
        _("video link"),
        blank=True,
        help_text=_(
            "Link to a sign-language video. It is linked, never embedded from another host."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("platform page")
        verbose_name_plural = _("platform pages")

    def __str__(self):
        return self.title


class SentMail(models.Model):
    """An e-mail task that has handed its message to the mail server. A task that runs again
    (its worker was killed before it could mark the task done, and another worker took it
    up) finds its row here and sends nothing a second time. Holds no personal data."""

    key = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return self.key


class OutgoingMail(models.Model):
    """A mail rendered before it was queued (allauth's: their links carry keys made when the
    mail is written), waiting for its task. Deleted once sent, or with the account it is
    addressed to; the task itself holds only this row's id."""

    to = models.EmailField()
    from_email = models.CharField(max_length=300)
    subject = models.CharField(max_length=998)
    text = models.TextField()
    html = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.subject


class JobRun(models.Model):
    """When a periodic job (core.jobs) last succeeded. Holds no personal data."""

    name = models.CharField(max_length=100, unique=True)
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_success_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.name
