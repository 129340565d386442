"""Networks and working groups (Netzwerke, Arbeitskreise) of an organisation: what they are
for, who belongs to them, and who may see which part of them.

A person's membership is one row per network and person that lives on through applying,
being declined, applying again, joining, leaving: every step stays in its history
(``MembershipStep``), with who took it, when, and the message or reason that came with it.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from mitwirken.core import uploads
from mitwirken.core.fields import URLField
from mitwirken.organisations.models import Organisation
from mitwirken.questionnaires.models import Questionnaire, Response

from .profiles import municipalities


class Audience(models.TextChoices):
    """Who may see a section of a network (members list, discussion, documents, notes)."""

    PUBLIC = "public", _("Everyone")
    MEMBERS = "members", _("Members only")
    COORDINATORS = "coordinators", _("Coordinators only")


class Network(models.Model):
    class Kind(models.TextChoices):
        NETWORK = "network", _("Network")
        WORKING_GROUP = "working_group", _("Working group")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        CONCLUDED = "concluded", _("Concluded")

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Open: anyone with an account joins")
        APPLICATION = "application", _("On application")
        INVITATION = "invitation", _("By invitation only")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NETWORK)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    name = models.CharField(_("name"), max_length=200)
    teaser = models.CharField(_("teaser"), max_length=300, blank=True)
    description = models.TextField(
        _("description"),
        max_length=20000,
        blank=True,
        help_text=_("Markdown: # heading, - list, [link](https://…)"),
    )
    goal = models.TextField(
        _("goal"),
        max_length=5000,
        blank=True,
        help_text=_("What the members want to achieve, e.g. as written at the founding meeting."),
    )
    term_from = models.PositiveSmallIntegerField(
        _("term from (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2200)],
    )
    term_until = models.PositiveSmallIntegerField(
        _("term until (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2200)],
        help_text=_("Leave empty for an open-ended network."),
    )
    meeting_rhythm = models.CharField(
        _("meeting rhythm"), max_length=200, blank=True, help_text=_("E.g. three times a year")
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    image = models.ImageField(_("image"), upload_to=uploads.RandomName("networks"), blank=True)
    image_alt = models.CharField(
        _("text alternative for the image"),
        max_length=300,
        blank=True,
        help_text=_("Describes the image for people using a screen reader."),
    )

    join_policy = models.CharField(
        _("joining"), max_length=20, choices=JoinPolicy.choices, default=JoinPolicy.APPLICATION
    )
    # The network's own questions to applicants (made with the first question).
    application_questionnaire = models.OneToOneField(
        Questionnaire,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
    )

    # Description, goal, guiding questions, topics and results are always public; these
    # sections are as open as the network chooses. A visitor of a closed section sees that
    # it exists and how to join, never its content.
    members_audience = models.CharField(
        _("members list visible to"),
        max_length=20,
        choices=Audience.choices,
        default=Audience.MEMBERS,
    )
    discussion_audience = models.CharField(
        _("discussion visible to"),
        max_length=20,
        choices=Audience.choices,
        default=Audience.MEMBERS,
    )
    documents_audience = models.CharField(
        _("documents visible to"),
        max_length=20,
        choices=Audience.choices,
        default=Audience.MEMBERS,
    )
    notes_audience = models.CharField(
        _("meeting notes visible to"),
        max_length=20,
        choices=Audience.choices,
        default=Audience.PUBLIC,
    )
    mail_excerpts = models.BooleanField(
        _("excerpts in mails from public sections"),
        default=False,
        help_text=_(
            "Mails about posts in public sections may quote the beginning of the text. Mails "
            "from closed sections never carry the text, only title, author and link."
        ),
    )

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_until__isnull=True)
                | Q(term_from__isnull=True)
                | Q(term_until__gte=models.F("term_from")),
                name="network_term_in_order",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("networks:detail", kwargs={"org": self.organisation.slug, "pk": self.pk})

    @property
    def is_public(self) -> bool:
        """Visitors see active and concluded networks; drafts only the organisation's staff."""
        return self.status != self.Status.DRAFT

    @property
    def is_concluded(self) -> bool:
        return self.status == self.Status.CONCLUDED


class Topic(models.Model):
    """One of a network's topics (ordered), with a short text."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="topics")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(_("topic"), max_length=150)
    text = models.CharField(_("short text"), max_length=500, blank=True)

    objects = ScopedManager(organisation="network__organisation")

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name


class GuidingQuestion(models.Model):
    """A guiding question (Leitfrage) of a network (ordered)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="guiding_questions")
    position = models.PositiveIntegerField(default=0)
    text = models.CharField(_("guiding question"), max_length=500)

    objects = ScopedManager(organisation="network__organisation")

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("guiding question")
        verbose_name_plural = _("guiding questions")

    def __str__(self):
        return self.text


class Membership(models.Model):
    """A person in a network: one row per network and person, whatever happens to it. Only
    ``MEMBER`` counts as belonging to the network; the others are kept for the history and so
    that a declined person or one who left can apply again (the same row, a new step)."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        MEMBER = "member", _("Member")
        DECLINED = "declined", _("Declined")
        LEFT = "left", _("Left")
        REMOVED = "removed", _("Removed")

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        COORDINATOR = "coordinator", _("Coordination")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_memberships"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    # The latest application's answers to the network's questions (earlier ones stay with
    # their steps).
    response = models.OneToOneField(
        Response, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    joined_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="network__organisation")

    class Meta:
        ordering = ["network", "pk"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["network", "user"], name="one_membership_per_person"),
            # Only a member coordinates.
            models.CheckConstraint(
                condition=Q(role="member") | Q(status="member"),
                name="coordinators_are_members",
            ),
        ]
        indexes = [models.Index(fields=["network", "status"], name="membership_network_status")]

    def __str__(self):
        return f"{self.user} – {self.network}"

    @property
    def is_member(self) -> bool:
        return self.status == self.Status.MEMBER

    @property
    def is_coordinator(self) -> bool:
        return self.is_member and self.role == self.Role.COORDINATOR


class MembershipStep(models.Model):
    """One step in a membership's history: an application with its message and answers, a
    decision with its reason, who took it and when. Kept after approval, too."""

    class Kind(models.TextChoices):
        APPLIED = "applied", _("Applied")
        ACCEPTED = "accepted", _("Application accepted")
        DECLINED = "declined", _("Application declined")
        JOINED = "joined", _("Joined")
        INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
        LEFT = "left", _("Left")
        REMOVED = "removed", _("Removed")
        MADE_COORDINATOR = "made_coordinator", _("Made coordinator")
        COORDINATOR_ENDED = "coordinator_ended", _("No longer coordinator")

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The applicant's message, or the coordinator's reason (told to the person).
    text = models.TextField(blank=True, max_length=5000)
    response = models.ForeignKey(
        Response, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="membership__network__organisation")

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("membership step")
        verbose_name_plural = _("membership steps")

    def __str__(self):
        return f"{self.membership} – {self.get_kind_display()}"


def network_invitation_token() -> str:
    return secrets.token_urlsafe(32)


def network_invitation_expiry():
    return timezone.now() + timedelta(days=30)


class NetworkInvitation(models.Model):
    """A coordinator's invitation by e-mail address, with a personal link: accepted by the
    account that has this address confirmed (signed up through the link, if need be)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(
        max_length=64, unique=True, default=network_invitation_token, editable=False
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=network_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedManager(organisation="network__organisation")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation to a network")
        verbose_name_plural = _("invitations to networks")

    def __str__(self):
        return self.email

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


# --- Meetings, notes, photos, documents, results ---------------------------------------------
# A network's meetings are events of its organisation (networks may import events; events
# never import networks). Their notes (Protokoll) with the pinboard photos, the shared
# documents in folders with their versions, and the network's results and publications.


class Meeting(models.Model):
    """An event of the organisation that is a meeting of the network (one network per event)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="meetings")
    event = models.OneToOneField(
        "events.Event", on_delete=models.CASCADE, related_name="network_meeting"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="network__organisation")

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return str(self.event)


class MeetingNotes(models.Model):
    """The notes (Protokoll) of a meeting, visible per the network's ``notes_audience``."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(
        _("notes"),
        max_length=50000,
        blank=True,
        help_text=_("Markdown: # heading, - list, [link](https://…)"),
    )
    participant_count = models.PositiveIntegerField(
        _("number of participants"), null=True, blank=True
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="meeting__network__organisation")

    class Meta:
        verbose_name = _("meeting notes")
        verbose_name_plural = _("meeting notes")

    def __str__(self):
        return str(self.meeting)


class NotesItem(models.Model):
    """One of the expectations or results collected at a meeting (ordered)."""

    class Kind(models.TextChoices):
        EXPECTATION = "expectation", _("Expectation")
        RESULT = "result", _("Result")

    notes = models.ForeignKey(MeetingNotes, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    position = models.PositiveIntegerField(default=0)
    text = models.CharField(_("text"), max_length=1000)

    objects = ScopedManager(organisation="notes__meeting__network__organisation")

    class Meta:
        ordering = ["kind", "position", "pk"]

    def __str__(self):
        return self.text


class Photo(models.Model):
    """A photo of the meeting's pinboards: re-encoded (no EXIF, no GPS), in the private
    storage with a thumbnail, served only by a view that checks ``networks.view_notes``."""

    notes = models.ForeignKey(MeetingNotes, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(
        upload_to=uploads.RandomName("network-photos"), storage=uploads.private_storage
    )
    thumbnail = models.FileField(
        upload_to=uploads.RandomName("network-photos/thumbnails"),
        storage=uploads.private_storage,
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt_text = models.CharField(_("text alternative"), max_length=300)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="notes__meeting__network__organisation")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.alt_text

    @property
    def thumbnail_size(self) -> tuple[int, int] | None:
        """The thumbnail's width and height (made to fit 480 × 480 px), for the img tag."""
        if not self.width or not self.height:
            return None
        scale = min(480 / self.width, 480 / self.height, 1)
        return max(round(self.width * scale), 1), max(round(self.height * scale), 1)


class Folder(models.Model):
    """A folder of the network's documents, visible to its own audience (within the
    network's ``documents_audience``)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="folders")
    name = models.CharField(_("name"), max_length=200)
    audience = models.CharField(
        _("visible to"), max_length=20, choices=Audience.choices, default=Audience.MEMBERS
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="network__organisation")

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("folder")
        verbose_name_plural = _("folders")

    def __str__(self):
        return self.name


class Document(models.Model):
    """A document of a folder; its file is its latest version (all are kept)."""

    folder = models.ForeignKey(Folder, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="folder__network__organisation")

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(
        upload_to=uploads.RandomName("network-documents"), storage=uploads.private_storage
    )
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    comment = models.CharField(_("what changed"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="document__folder__network__organisation")

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="one_version_number")
        ]

    def __str__(self):
        return f"{self.document} ({self.number})"


class Result(models.Model):
    """A result or publication of the network (always public): a PDF or a link, and the
    event where it was presented."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="results")
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), max_length=5000, blank=True)
    file = models.FileField(
        _("PDF"),
        upload_to=uploads.RandomName("network-results"),
        storage=uploads.private_storage,
        blank=True,
    )
    original_name = models.CharField(max_length=255, blank=True)
    url = URLField(_("link"), max_length=500, blank=True)
    date = models.DateField(_("date"))
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("presented at"),
    )
    # Where it was presented if that event is not on the platform (e.g. before it existed).
    occasion = models.CharField(
        _("presented at (if not an event here)"),
        max_length=300,
        blank=True,
        help_text=_("E.g. Fachtagung am 28. November 2013 in Berlin"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="network__organisation")

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self):
        return self.title


# --- Network profiles (one per person, used in all their networks) ---------------------------


class ProfileVisibility(models.TextChoices):
    """Who sees a field of a person's network profile, in each of the person's networks."""

    MEMBERS = "members", _("Members of my networks")
    COORDINATORS = "coordinators", _("Coordinators of my networks only")
    NOBODY = "nobody", _("Nobody")


def _visibility(label):
    return models.CharField(
        label,
        max_length=12,
        choices=ProfileVisibility.choices,
        default=ProfileVisibility.MEMBERS,
    )


class NetworkProfile(models.Model):
    """A person's network profile (seed 003's "Netzwerk-Profil"): what the other members of
    their networks may learn about them, each field with its own visibility.

    Not tenant content: it belongs to the person, like the account, and is the same in every
    network of every organisation the person belongs to. So it has no organisation and is not
    scoped (``GLOBAL_MODELS`` in tests/core/test_tenancy.py); what a viewer sees of it is
    decided per network by ``networks.profiles.queries`` (members: "members" fields;
    coordinators: "coordinators" fields too; "nobody": only the person)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_profile"
    )
    function = models.CharField(
        _("function"), max_length=200, blank=True, help_text=_("E.g. participation officer")
    )
    function_visibility = _visibility(_("who sees the function"))
    authority = models.CharField(_("organisation or authority"), max_length=200, blank=True)
    authority_visibility = _visibility(_("who sees the organisation or authority"))
    municipality_name = models.CharField(_("municipality"), max_length=150, blank=True)
    # The official municipality key (Amtlicher Gemeindeschlüssel): 2 digits state, 1 digit
    # government region, 2 digits district, 3 digits municipality.
    municipality_key = models.CharField(
        _("official municipality key"),
        max_length=8,
        blank=True,
        db_index=True,
        validators=[municipalities.validate_key],
        help_text=_("8 digits, e.g. 05315000 for Köln"),
    )
    municipality_visibility = _visibility(_("who sees the municipality"))
    topics_visibility = _visibility(_("who sees the topics"))
    offers = models.TextField(_("What I offer"), max_length=2000, blank=True)
    offers_visibility = _visibility(_("who sees “What I offer”"))
    seeks = models.TextField(_("What I am looking for"), max_length=2000, blank=True)
    seeks_visibility = _visibility(_("who sees “What I am looking for”"))
    about = models.TextField(_("about me"), max_length=1000, blank=True)
    about_visibility = _visibility(_("who sees the text about me"))
    photo = models.ImageField(
        _("photo"),
        upload_to=uploads.RandomName("network-profiles"),
        storage=uploads.private_storage,
        blank=True,
    )
    photo_alt = models.CharField(
        _("text alternative for the photo"),
        max_length=300,
        blank=True,
        help_text=_("Describes the photo for people using a screen reader."),
    )
    photo_visibility = _visibility(_("who sees the photo"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("network profile")
        verbose_name_plural = _("network profiles")

    def __str__(self):
        return str(self.user)


class ProfileTopic(models.Model):
    """A topic (free tag) of a network profile; part of the person's profile, not tenant
    content (see ``NetworkProfile``)."""

    profile = models.ForeignKey(NetworkProfile, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(_("topic"), max_length=60)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("topic of a network profile")
        verbose_name_plural = _("topics of network profiles")
        constraints = [
            models.UniqueConstraint(fields=["profile", "name"], name="one_topic_per_profile")
        ]
        indexes = [models.Index(fields=["name"], name="profile_topic_name")]

    def __str__(self):
        return self.name


# The discussion's models live in a module of their own (threads, posts, visits).
from .discussion_models import Post, PostAttachment, Thread, ThreadVisit  # noqa: E402, F401
from .notification_models import (  # noqa: E402, F401
    DigestSent,
    News,
    Notification,
    NotificationSettings,
    Subscription,
    ThreadMail,
)
