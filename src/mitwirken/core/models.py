from django.db import models
from django.utils.translation import gettext_lazy as _

from .fields import URLField


class PlatformPage(models.Model):
    """Portal-wide information pages the platform admin edits, e.g. the explanations in
    Leichte Sprache and Gebärdensprache that BITV 2.0 § 4 asks for."""

    class Key(models.TextChoices):
        EASY_LANGUAGE = "leichte-sprache", _("Easy-to-read information (Leichte Sprache)")
        SIGN_LANGUAGE = "gebaerdensprache", _("Information in German Sign Language")

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
