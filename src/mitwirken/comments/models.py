"""Comments on any registered content (``registry``), reports of them, and each
organisation's choice of pre- or post-moderation."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from mitwirken.organisations.models import Organisation


class Comment(models.Model):
    """A comment on one object, or a reply to a comment (one level deep: a reply to a reply
    belongs to the top comment). After its author's account is deleted it stays, without
    author ("deleted account"); deleted by its author it stays as a placeholder, without
    text, so that the replies keep their place."""

    class Status(models.TextChoices):
        VISIBLE = "visible", _("visible")
        PENDING = "pending", _("waiting for approval")
        HIDDEN = "hidden", _("hidden by the moderators")
        DELETED = "deleted", _("deleted by its author")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="comments"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    text = models.TextField(_("comment"), max_length=settings.COMMENT_MAX_LENGTH, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VISIBLE)
    hidden_reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "parent", "created_at"],
                name="comment_thread",
            ),
            models.Index(fields=["organisation", "status"], name="comment_status"),
        ]

    def __str__(self):
        return f"#{self.pk}"

    @property
    def anchor(self) -> str:
        return f"kommentar-{self.pk}"

    @property
    def is_shown(self) -> bool:
        return self.status == self.Status.VISIBLE

    def editable_until(self):
        return self.created_at + timedelta(minutes=settings.COMMENT_EDIT_MINUTES)

    def may_be_edited_by(self, user, now=None) -> bool:
        return (
            user.is_authenticated
            and self.author_id == user.pk
            and self.status in (self.Status.VISIBLE, self.Status.PENDING)
            and (now or timezone.now()) <= self.editable_until()
        )

    def may_be_deleted_by(self, user) -> bool:
        return (
            user.is_authenticated
            and self.author_id == user.pk
            and self.status != self.Status.DELETED
        )


class Report(models.Model):
    """Someone reports content (a comment today; discussion posts can use it too: the
    reported object is a generic relation) to the moderators, who keep it or hide it."""

    class Reason(models.TextChoices):
        INSULT = "insult", _("Insult")
        SPAM = "spam", _("Spam")
        MISINFORMATION = "misinformation", _("False information")
        PRIVACY = "privacy", _("Data protection")
        OTHER = "other", _("Other")

    class Decision(models.TextChoices):
        OPEN = "", _("open")
        KEPT = "kept", _("kept")
        HIDDEN = "hidden", _("hidden")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="content_reports"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="content_reports",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    text = models.TextField(_("what is wrong with it?"), max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(
        max_length=10, choices=Decision.choices, default=Decision.OPEN, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(_("reason"), max_length=500, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [
            models.Index(fields=["organisation", "decision"], name="report_open"),
            models.Index(fields=["content_type", "object_id"], name="report_target"),
        ]

    def __str__(self):
        return f"#{self.pk}"


class CommentSettings(models.Model):
    """How an organisation moderates comments: afterwards (the default) or before they
    appear."""

    class Moderation(models.TextChoices):
        POST = "post", _("Comments appear at once; moderators look at reported ones")
        PRE = "pre", _("Comments appear only after a moderator has released them")

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="comment_settings"
    )
    moderation = models.CharField(
        _("moderation"), max_length=4, choices=Moderation.choices, default=Moderation.POST
    )

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("comment settings")
        verbose_name_plural = _("comment settings")

    def __str__(self):
        return str(self.organisation)
