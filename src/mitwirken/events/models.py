"""Events (Veranstaltungen) with registration, waiting list, materials and certificates.

Seats are never counted in a field that could drift: availability is computed from the
registration rows, under a row lock on the event (see services.py).
"""

import os
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_scopes import ScopedManager

from mitwirken.core import uploads
from mitwirken.core.fields import URLField
from mitwirken.organisations.models import Organisation
from mitwirken.questionnaires.models import Questionnaire, Response


class Format(models.TextChoices):
    COFFEE_LECTURE = "coffee_lecture", _("Coffee Lecture")
    SEMINAR = "seminar", _("Seminar")
    NETWORK_MEETING = "network_meeting", _("Network meeting")
    CONFERENCE = "conference", _("Conference")


class Mode(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid")


class Tag(models.Model):
    """A topic or a target group (Zielgruppe) of an organisation's events."""

    class Kind(models.TextChoices):
        TOPIC = "topic", _("Topic")
        TARGET_GROUP = "target_group", _("Target group")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind", "name"], name="unique_tag")
        ]

    def __str__(self):
        return self.name


class Series(models.Model):
    """A series (Reihe) such as 'Coffee Lectures 2025'."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["title"]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self):
        return self.title


class Event(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    class Promotion(models.TextChoices):
        AUTO = "auto", _("Confirm the next person automatically")
        OFFER = "offer", _("Offer the seat with a deadline")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    series = models.ForeignKey(
        Series,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("series"),
    )
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    title = models.CharField(_("title"), max_length=200)
    teaser = models.CharField(_("teaser"), max_length=300, blank=True)
    description = models.TextField(_("description"), max_length=20000, blank=True)
    starts_at = models.DateTimeField(_("start"), db_index=True)
    ends_at = models.DateTimeField(_("end"))
    mode = models.CharField(_("venue type"), max_length=10, choices=Mode.choices)

    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_street = models.CharField(_("street and number"), max_length=200, blank=True)
    venue_postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    venue_city = models.CharField(_("city"), max_length=100, blank=True)
    online_provider = models.CharField(
        _("online meeting service"),
        max_length=50,
        blank=True,
        help_text=_("E.g. WebEx, Zoom, BigBlueButton, Jitsi"),
    )
    join_url = URLField(_("join link"), max_length=500, blank=True)
    access_code = models.CharField(_("access code"), max_length=100, blank=True)
    dial_in = models.CharField(_("dial-in"), max_length=300, blank=True)

    tags = models.ManyToManyField(Tag, blank=True, related_name="events")
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)

    capacity = models.PositiveIntegerField(
        _("seats"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit."),
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    waiting_list = models.BooleanField(_("waiting list"), default=True)
    promotion = models.CharField(
        _("promotion from the waiting list"),
        max_length=10,
        choices=Promotion.choices,
        default=Promotion.AUTO,
    )
    offer_hours = models.PositiveIntegerField(
        _("hours to accept an offered seat"),
        default=48,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 14)],
    )
    promotion_cutoff_hours = models.PositiveIntegerField(
        _("no promotions in the last hours before the start"),
        default=2,
        validators=[MaxValueValidator(24 * 14)],
    )
    requires_approval = models.BooleanField(_("registrations need approval"), default=False)
    is_recorded = models.BooleanField(_("the event is recorded"), default=False)
    # Who may register: blank for everyone, else a code of events.eligibility (registered
    # by an app higher up, e.g. the members of a network).
    eligibility = models.CharField(_("who may register"), max_length=50, blank=True)
    check_in_code = models.CharField(_("check-in code"), max_length=20, blank=True)
    # The registration questions, made when the first one is added (none: no questions).
    # RESTRICT: a questionnaire an event asks is never deleted from under it (its answers
    # hold the seats of the options), but deleting the organisation deletes both (PROTECT
    # would refuse that, SET_NULL would lose the questions silently).
    questionnaire = models.OneToOneField(
        Questionnaire,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="event",
        editable=False,
    )

    created_at = models.DateTimeField(auto_now_add=True)
    # The planned time of the last reminder sent, so that one planned twice goes out once.
    last_reminder_for = models.DateTimeField(null=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"org": self.organisation.slug, "pk": self.pk})

    def touch(self) -> None:
        """Mark a change of what belongs to the event (questions, materials): the event page
        caches its parts per ``updated_at``."""
        self.save(update_fields=["updated_at"])

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at

    @property
    def is_online(self) -> bool:
        return self.mode in (Mode.ONLINE, Mode.HYBRID)

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def venue_address(self) -> str:
        city = f"{self.venue_postal_code} {self.venue_city}".strip()
        return ", ".join(p for p in [self.venue_name, self.venue_street, city] if p)

    @property
    def free_seats(self) -> int | None:
        """Seats still free; None without a limit. Uses the ``seats_taken`` annotation of
        the list queries (queries.py), so lists make no query per event."""
        if self.capacity is None:
            return None
        taken = getattr(self, "seats_taken", None)
        if taken is None:
            taken = self.registrations.filter(status__in=Registration.HOLDS_SEAT).count()
        return max(self.capacity - taken, 0)

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.status != self.Status.PUBLISHED or self.starts_at <= now:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        return not (self.registration_closes_at and now >= self.registration_closes_at)


class Speaker(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=150, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    bio = models.TextField(_("short biography"), max_length=2000, blank=True)

    objects = ScopedManager(organisation="event__organisation")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.name


class ProgrammeItem(models.Model):
    """One point of a conference's programme: a talk, a workshop round, the lunch break."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="programme")
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    details = models.CharField(
        _("speakers or details"),
        max_length=500,
        blank=True,
        help_text=_("E.g. who speaks, or the workshops of this round."),
    )
    room = models.CharField(_("room"), max_length=150, blank=True)

    objects = ScopedManager(organisation="event__organisation")

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self):
        return self.title


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Registration(models.Model):
    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("E-mail not confirmed yet")
        PENDING = "pending", _("Waiting for approval")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        OFFERED = "offered", _("Seat offered")
        CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")
        REJECTED = "rejected", _("Not admitted")

    # Statuses that hold a seat: a seat offered to someone is theirs until the offer ends.
    HOLDS_SEAT = (Status.CONFIRMED, Status.OFFERED, Status.PENDING)
    # Statuses of people who hold or wait for a seat: they are told when the event changes.
    ACTIVE = (Status.CONFIRMED, Status.WAITING, Status.OFFERED, Status.PENDING)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    status = models.CharField(max_length=12, choices=Status.choices, db_index=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    language = models.CharField(max_length=8, default="de")
    privacy_version = models.CharField(max_length=100)
    recording_consent = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)  # order on the waiting list
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(_("attended"), default=False)
    # The answers to the event's questions; none if it asked none.
    response = models.OneToOneField(
        Response,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registration",
        editable=False,
    )

    objects = ScopedManager(organisation="event__organisation")

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # One active registration per address and event; cancelled ones may be repeated.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~models.Q(status__in=["cancelled", "rejected"]) & ~models.Q(email=""),
                name="one_active_registration_per_email",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "queued_at"])]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"

    @property
    def can_be_cancelled_by_person(self) -> bool:
        return not self.attended and self.status in (
            self.Status.CONFIRMED,
            self.Status.WAITING,
            self.Status.PENDING,
        )

    @property
    def can_be_cancelled_through_link(self) -> bool:
        """What the personal link may cancel before the event: a seat, a place on the
        waiting list, a request, or an offered seat (declined)."""
        return not self.event.is_past and (
            self.can_be_cancelled_by_person or self.status == self.Status.OFFERED
        )

    @property
    def certificate_is_due(self) -> bool:
        """Attended with a seat, and the event took place and is over."""
        return (
            self.attended
            and self.status == self.Status.CONFIRMED
            and self.event.status == Event.Status.PUBLISHED
            and self.event.is_past
        )


class Material(models.Model):
    class Kind(models.TextChoices):
        SLIDES = "slides", _("Slides")
        PHOTOS = "photos", _("Photos")
        RECORDING = "recording", _("Recording")
        PROGRAMME = "programme", _("Programme")
        OTHER = "other", _("Other")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        REGISTERED = "registered", _("Registered participants")
        ATTENDED = "attended", _("Participants who attended")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    # Checked by core.uploads; stored outside the public media folder under a random name,
    # served only by the view that checks the person (views.material_download).
    file = models.FileField(
        _("file"),
        upload_to=uploads.RandomName("materials"),
        storage=uploads.private_storage,
        blank=True,
    )
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    url = URLField(_("link"), max_length=500, blank=True)
    visibility = models.CharField(
        _("visible to"), max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organisation="event__organisation")

    class Meta:
        ordering = ["kind", "pk"]

    def __str__(self):
        return self.title

    @property
    def download_name(self) -> str:
        """The name the file is offered under: the uploaded file's, or one made of the title."""
        if self.original_name:
            return self.original_name
        extension = os.path.splitext(self.file.name)[1]
        return (slugify(self.title) or "material") + extension


class Certificate(models.Model):
    """A certificate of attendance. Outlives the registration data: after the purge the
    public check still confirms event and date, without the name."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="certificates")
    registration = models.OneToOneField(
        Registration, on_delete=models.SET_NULL, null=True, related_name="certificate"
    )
    code = models.CharField(max_length=20, unique=True)
    holder_name = models.CharField(max_length=150, blank=True)
    issued_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="event__organisation")

    def __str__(self):
        return self.code


class EventMessage(models.Model):
    """A message staff sent to registrants through the platform (logged)."""

    class Audience(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed participants")
        WAITING = "waiting", _("People on the waiting list")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="messages")
    audience = models.CharField(max_length=12, choices=Audience.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=10000)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recipient_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organisation="event__organisation")

    def __str__(self):
        return self.subject
