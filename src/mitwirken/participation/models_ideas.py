"""The idea collection (Ideensammlung): people submit ideas, support them and discuss them;
staff give each idea a status with a public reason. Every step is kept as a public status
trail (``StatusChange``): the project's accountability ledger is made of it.

Imported by ``participation/models.py`` (explicit names), so that Django finds the models.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from mitwirken.core import uploads

from .models import District, Module

IDEA_TITLE_MAX = 150
IDEA_TEXT_MAX = 5000
REASON_MAX = 2000


class IdeaCollection(models.Model):
    """The idea collection of a module (``Module.Kind.IDEAS``), with its categories."""

    module = models.OneToOneField(Module, on_delete=models.CASCADE, related_name="idea_collection")

    objects = ScopedManager(organisation="module__project__organisation")

    class Meta:
        verbose_name = _("idea collection")
        verbose_name_plural = _("idea collections")

    def __str__(self):
        return str(self.module)


class Category(models.Model):
    collection = models.ForeignKey(
        IdeaCollection, on_delete=models.CASCADE, related_name="categories"
    )
    name = models.CharField(_("category"), max_length=100)
    position = models.PositiveIntegerField(default=0)

    objects = ScopedManager(organisation="collection__module__project__organisation")

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["collection", "name"], name="idea_category_once")
        ]

    def __str__(self):
        return self.name


class Idea(models.Model):
    """An idea, submitted online by a person with an account or entered by staff from a
    letter, a call or a workshop (then without author, with its channel)."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_REVIEW = "in_review", _("In review")
        ACCEPTED = "accepted", _("Accepted")
        PARTLY_ACCEPTED = "partly_accepted", _("Partly accepted")
        NOT_PURSUED = "not_pursued", _("Not pursued")
        IMPLEMENTED = "implemented", _("Implemented")

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        LETTER = "letter", _("Letter")
        PHONE = "phone", _("Phone")
        WORKSHOP = "workshop", _("Workshop")

    collection = models.ForeignKey(IdeaCollection, on_delete=models.CASCADE, related_name="ideas")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
    )
    title = models.CharField(_("title"), max_length=IDEA_TITLE_MAX)
    text = models.TextField(_("your idea"), max_length=IDEA_TEXT_MAX)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
    )
    image = models.ImageField(_("image"), upload_to=uploads.RandomName("ideas"), blank=True)
    image_alt = models.CharField(
        _("text alternative for the image"),
        max_length=300,
        blank=True,
        help_text=_("Describes the image for people using a screen reader."),
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ideas",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    entered_by = models.ForeignKey(  # the member of staff who typed in an offline idea
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(_("reason"), max_length=500, blank=True)

    objects = ScopedManager(organisation="collection__module__project__organisation")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        indexes = [
            models.Index(fields=["collection", "status"], name="idea_status"),
            models.Index(fields=["collection", "created_at"], name="idea_newest"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        module = self.collection.module
        return reverse(
            "participation:idea_detail",
            kwargs={
                "org": module.project.organisation.slug,
                "pk": module.project_id,
                "module": module.pk,
                "idea": self.pk,
            },
        )

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_active(self) -> bool:
        """Listed, and open to support and comments (if the module is open)."""
        return not (self.withdrawn or self.is_hidden or self.merged_into_id)

    @property
    def is_offline(self) -> bool:
        return self.channel != self.Channel.ONLINE


class Support(models.Model):
    """One person supports an idea; once (the constraint holds under concurrency)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_supports"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="idea__collection__module__project__organisation")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="idea_support_once_per_person")
        ]

    def __str__(self):
        return f"{self.user_id} → {self.idea_id}"


class StatusChange(models.Model):
    """One step of an idea's public status trail: a new status with its public reason, or
    the merge into another idea. Who decided is kept (``decided_by``) for the audit, but shown
    to the public as the organisation: the administration decides, not a person, and the
    names of its staff are not published (data minimisation)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Idea.Status.choices)
    to_status = models.CharField(max_length=20, choices=Idea.Status.choices)
    merged_into = models.ForeignKey(
        Idea, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("public reason"), max_length=REASON_MAX)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="idea__collection__module__project__organisation")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=models.F("to_status")) | Q(merged_into__isnull=False),
                name="status_change_changes_something",
            )
        ]

    def __str__(self):
        return f"{self.idea_id}: {self.from_status} → {self.to_status}"
