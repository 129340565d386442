"""Participation processes with citizens (Beteiligungsverfahren) of an organisation: a project
with its participation concept, its phases on a timeline, who may take part, and the modules
(survey, idea collection, …) in which people contribute while a module's phase runs.

What a module collects lives in the module's own models (``Survey``, ``IdeaCollection``, …),
each a one-to-one extension of ``Module``.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from mitwirken.core import uploads
from mitwirken.organisations.models import Organisation


class Project(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CONCLUDED = "concluded", _("Concluded")
        ARCHIVED = "archived", _("Archived")

    class Access(models.TextChoices):
        PUBLIC = "public", _("Public: everyone can take part")
        INVITED = "invited", _("Invited people only (personal link by e-mail)")
        CODE = "code", _("Holders of an access code only (e.g. printed on letters)")
        INTERNAL = "internal", _("Employees of the organisation only")

    class Level(models.TextChoices):
        """The level of participation, as German participation practice names it."""

        INFORMATION = "information", _("Information")
        CONSULTATION = "consultation", _("Consultation")
        COOPERATION = "cooperation", _("Cooperation")
        CODECISION = "codecision", _("Co-decision")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    title = models.CharField(_("title"), max_length=200)
    teaser = models.CharField(_("teaser"), max_length=300, blank=True)
    description = models.TextField(
        _("description"),
        max_length=20000,
        blank=True,
        help_text=_("Markdown: # heading, - list, [link](https://…)"),
    )
    image = models.ImageField(_("image"), upload_to=uploads.RandomName("projects"), blank=True)
    image_alt = models.CharField(
        _("text alternative for the image"),
        max_length=300,
        blank=True,
        help_text=_("Describes the image for people using a screen reader."),
    )
    area = models.CharField(
        _("area"),
        max_length=200,
        blank=True,
        help_text=_("The district or quarter concerned; empty for the whole municipality."),
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)

    # The participation concept (Beteiligungskonzept): required before publishing, shown as
    # "Worum es geht". What the quality criteria of German participation practice ask for.
    subject = models.TextField(
        _("subject"),
        max_length=5000,
        blank=True,
        help_text=_("What the project is about and what the participation is for."),
    )
    open_to_decision = models.TextField(
        _("what is open to decision"),
        max_length=5000,
        blank=True,
        help_text=_("What the contributions can still change."),
    )
    already_fixed = models.TextField(
        _("what is already fixed"),
        max_length=5000,
        blank=True,
        help_text=_("What has been decided already or is set by law, budget or council."),
    )
    level = models.CharField(
        _("level of participation"), max_length=20, choices=Level.choices, blank=True
    )
    decision_makers = models.TextField(
        _("who decides and how the results are used"),
        max_length=5000,
        blank=True,
        help_text=_("E.g. “The city council decides in spring; the administration …”"),
    )
    target_groups = models.TextField(
        _("target groups"),
        max_length=2000,
        blank=True,
        help_text=_("Who should take part, and how they are reached."),
    )

    access = models.CharField(
        _("who can take part"), max_length=10, choices=Access.choices, default=Access.PUBLIC
    )
    internal_domains = models.CharField(
        _("e-mail domains of the employees"),
        max_length=500,
        blank=True,
        help_text=_(
            "For internal participation: people with a verified address at one of these "
            "domains take part, e.g. “stk.example.de, lra.example.de”. Staff of the "
            "organisation always can."
        ),
    )

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    concluded_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-published_at", "-created_at", "pk"]
        verbose_name = _("participation project")
        verbose_name_plural = _("participation projects")
        indexes = [models.Index(fields=["status", "organisation"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "participation:detail", kwargs={"org": self.organisation.slug, "pk": self.pk}
        )

    @property
    def is_public(self) -> bool:
        """Visitors see published, concluded and archived projects; drafts only staff."""
        return self.status != self.Status.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    CONCEPT_FIELDS = (
        "subject",
        "open_to_decision",
        "already_fixed",
        "level",
        "decision_makers",
        "target_groups",
    )

    def missing_concept(self) -> list[str]:
        """The labels of the concept's parts that are still empty (none may be, to publish)."""
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in self.CONCEPT_FIELDS
            if not str(getattr(self, name)).strip()
        ]

    def internal_domain_list(self) -> list[str]:
        return [
            part.strip().lower().lstrip("@")
            for part in self.internal_domains.replace(";", ",").split(",")
            if part.strip()
        ]


class ProjectTopic(models.Model):
    """A topic of a project (e.g. "Mobilität"): the project list filters by its name across
    organisations."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(_("topic"), max_length=100)

    objects = ScopedManager(organisation="project__organisation")

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="project_topic_once")
        ]

    def __str__(self):
        return self.name


class District(models.Model):
    """A district (Stadtteil, Quartier) of the project's area, for ideas and survey filters."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="districts")
    name = models.CharField(_("district"), max_length=100)
    position = models.PositiveIntegerField(default=0)

    objects = ScopedManager(organisation="project__organisation")

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="project_district_once")
        ]

    def __str__(self):
        return self.name


class Phase(models.Model):
    """A phase of the project's timeline (Information, Beteiligung, Auswertung,
    Rückmeldung, …), from its first to its last day (both included, Europe/Berlin)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="phases")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("short description"), max_length=500, blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))

    objects = ScopedManager(organisation="project__organisation")

    class Meta:
        ordering = ["position", "starts_on", "pk"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="phase_dates_in_order"
            )
        ]

    def __str__(self):
        return self.name

    def state(self, today=None) -> str:
        """ "past", "current" or "future", seen from today (Europe/Berlin)."""
        today = today or timezone.localdate()
        if today < self.starts_on:
            return "future"
        if today > self.ends_on:
            return "past"
        return "current"

    def is_running(self, today=None) -> bool:
        return self.state(today) == "current"


class Module(models.Model):
    """A part of a project in which people contribute (a survey, an idea collection, …),
    open while its phase runs and the project is published. What it collects is in the
    module kind's own model, a one-to-one extension (``survey``, ``idea_collection``)."""

    class Kind(models.TextChoices):
        SURVEY = "survey", _("Survey")
        IDEAS = "ideas", _("Idea collection")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="modules")
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="modules")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"),
        max_length=10000,
        blank=True,
        help_text=_("Markdown: # heading, - list, [link](https://…)"),
    )
    position = models.PositiveIntegerField(default=0)

    objects = ScopedManager(organisation="project__organisation")

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "participation:module",
            kwargs={
                "org": self.project.organisation.slug,
                "pk": self.project_id,
                "module": self.pk,
            },
        )

    def is_open(self, today=None) -> bool:
        """Open for contributions: the project is published and the module's phase runs."""
        return self.project.is_published and self.phase.is_running(today)


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """A personal invitation to a project with restricted access: the link it mails opens
    the project without an account. The token is what a one-per-person rule holds on to."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organisation="project__organisation")

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(fields=["project", "email"], name="project_invitation_once")
        ]

    def __str__(self):
        return self.email

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


# Access codes: 10 characters of an alphabet without look-alikes (0/O, 1/I/L), written in
# two groups of five on the letter: "K7QM-RX4TB".
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def new_access_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a person typed (lower case, spaces, dashes) as the stored code."""
    return "".join(ch for ch in str(text).upper() if ch.isalnum())[:32]


class AccessCode(models.Model):
    """A personal access code to a project (one per letter of a random sample of residents).
    Entering it opens the project in that browser; it counts as one person."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="access_codes")
    code = models.CharField(max_length=32, unique=True, default=new_access_code, editable=False)
    batch = models.CharField(_("batch"), max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organisation="project__organisation")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.display

    @property
    def display(self) -> str:
        return f"{self.code[:5]}-{self.code[5:]}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class FeedbackSubscription(models.Model):
    """Someone who contributed and wants to be told what became of it: they get one mail when
    the project's Rückmeldung is published. Kept apart from what they contributed (a random
    key, no timestamp), so that it never links a person to an anonymous answer."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="feedback_subscriptions"
    )
    email = models.EmailField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    notified = models.BooleanField(default=False)

    objects = ScopedManager(organisation="project__organisation")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "email"], name="feedback_subscription_once")
        ]

    def __str__(self):
        return self.email


class Feedback(models.Model):
    """The Rückmeldung: what became of the contributions. A project cannot be concluded
    without a published one; publishing it tells everyone who asked to be told."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="feedback")
    summary = models.TextField(_("summary"), max_length=10000)
    adopted = models.TextField(_("what was adopted, and why"), max_length=20000, blank=True)
    not_adopted = models.TextField(_("what was not adopted, and why"), max_length=20000, blank=True)
    next_steps = models.TextField(_("next steps"), max_length=10000, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organisation="project__organisation")

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self):
        return str(self.project)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


# The idea collection's models live in their own file (Django finds them through this import).
from .models_ideas import Category, Idea, IdeaCollection, StatusChange, Support  # noqa: E402, F401

# The survey module's models (their own file), imported here so that Django finds them.
from .models_surveys import (  # noqa: E402, F401
    DemographicQuestion,
    OfflineResponse,
    Survey,
    SurveyDraft,
    SurveyParticipation,
)
