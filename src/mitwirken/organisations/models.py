import calendar
import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from mitwirken.core import uploads
from mitwirken.core.fields import URLField


def one_month_later(moment):
    """The same day of the next month (the last day if that month is shorter)."""
    year, month = (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def validate_slug_not_reserved(value):
    if value in settings.RESERVED_SLUGS:
        raise ValidationError(_("This address is reserved by the portal. Please choose another."))


class OrganisationQuerySet(models.QuerySet):
    def listed(self):
        """Organisations shown to the public (the platform operator only has legal pages)."""
        return self.filter(is_platform_operator=False, is_active=True)


class Organisation(models.Model):
    """A tenant (Mandant): ministry, city, network office. Runs its own sub-portal under
    /<slug>/ and must publish its own legal pages."""

    class AccessibilityStatus(models.TextChoices):
        FULL = "full", _("fully compliant")
        PARTIAL = "partial", _("partially compliant")
        NONE = "none", _("not compliant")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("web address"),
        max_length=60,
        unique=True,
        validators=[validate_slug_not_reserved],
        help_text=_("Part of the address of the sub-portal, e.g. 'stadt-musterstadt'."),
    )
    is_platform_operator = models.BooleanField(default=False, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    teaser = models.CharField(_("short description"), max_length=300, blank=True)
    description = models.TextField(_("description"), max_length=10000, blank=True)
    # Checked and re-encoded by core.uploads, stored under a random name.
    logo = models.ImageField(_("logo"), upload_to=uploads.RandomName("logos"), blank=True)
    logo_alt = models.CharField(
        _("text alternative for the logo"),
        max_length=200,
        blank=True,
        help_text=_("Describes the logo for people using a screen reader."),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    website = URLField(_("website"), blank=True)

    # Impressum (§ 5 DDG, § 18 MStV)
    legal_name = models.CharField(_("legal name"), max_length=200, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    representative = models.CharField(
        _("represented by"),
        max_length=200,
        blank=True,
        help_text=_("The person who legally represents the organisation, with their office."),
    )
    imprint_email = models.EmailField(_("e-mail (imprint)"), blank=True)
    imprint_phone = models.CharField(_("phone (imprint)"), max_length=50, blank=True)
    supervisory_authority = models.CharField(_("supervisory authority"), max_length=300, blank=True)
    editorial_responsible = models.CharField(
        _("responsible for the content (§ 18 para. 2 MStV)"), max_length=300, blank=True
    )
    vat_id = models.CharField(_("VAT identification number"), max_length=30, blank=True)

    # Datenschutzerklärung
    privacy_text = models.TextField(_("privacy notice"), max_length=50000, blank=True)
    data_protection_officer = models.CharField(
        _("data protection officer (contact)"), max_length=300, blank=True
    )
    privacy_version = models.PositiveIntegerField(default=1, editable=False)
    privacy_updated_at = models.DateTimeField(default=timezone.now, editable=False)

    # Erklärung zur Barrierefreiheit (BITV 2.0 § 7, EU 2018/1523)
    accessibility_status = models.CharField(
        _("compliance status"),
        max_length=10,
        choices=AccessibilityStatus.choices,
        default=AccessibilityStatus.PARTIAL,
    )
    accessibility_method = models.CharField(
        _("assessment method"),
        max_length=300,
        blank=True,
        help_text=_("E.g. self-assessment, or a BITV test by an external body."),
    )
    accessibility_assessed_on = models.DateField(_("date of assessment"), null=True, blank=True)
    accessibility_statement_date = models.DateField(
        _("date of this statement"), null=True, blank=True
    )
    accessibility_contact = models.CharField(
        _("feedback contact"),
        max_length=300,
        blank=True,
        help_text=_("Who answers reports of barriers (name, e-mail, phone)."),
    )
    arbitration_body_name = models.CharField(
        _("arbitration body"),
        max_length=300,
        default="Schlichtungsstelle nach § 16 Behindertengleichstellungsgesetz (BGG)",
    )
    arbitration_body_url = URLField(
        _("arbitration body web address"), default="https://www.schlichtungsstelle-bgg.de"
    )

    registration_retention_days = models.PositiveIntegerField(
        _("keep registration data for (days after the event)"),
        default=90,
        validators=[MaxValueValidator(3650)],
        help_text=_("Then names, e-mail addresses and answers are deleted automatically."),
    )

    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["is_platform_operator"],
                condition=models.Q(is_platform_operator=True),
                name="one_platform_operator",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        """The sub-portal; the platform operator has none, its public face is the portal."""
        if self.is_platform_operator:
            return reverse("home")
        return reverse("organisations:detail", kwargs={"org": self.slug})

    @property
    def version(self) -> str:
        """Names this saved state of the organisation (every field of it), for the keys of
        cached page parts that show any of it: a rename, a new logo or legal text gives new
        keys, in every process, without anything to delete. Computed from the loaded fields
        of the object, no query."""
        deferred = self.get_deferred_fields()
        values = tuple(
            (field.attname, str(field.value_from_object(self)))
            for field in self._meta.concrete_fields
            if field.attname not in deferred
        )
        return hashlib.sha256(repr(values).encode()).hexdigest()[:16]

    @property
    def postal_address(self) -> str:
        return ", ".join(p for p in [self.street, f"{self.postal_code} {self.city}".strip()] if p)

    def legal_url(self, name: str) -> str:
        """URL of one of the legal pages; the operator's live at the portal root."""
        if self.is_platform_operator:
            return reverse(f"organisations:portal_{name}")
        return reverse(f"organisations:{name}", kwargs={"org": self.slug})

    # For templates, which cannot pass arguments.
    legal_url_impressum = property(lambda self: self.legal_url("impressum"))
    legal_url_datenschutz = property(lambda self: self.legal_url("datenschutz"))
    legal_url_barrierefreiheit = property(lambda self: self.legal_url("barrierefreiheit"))
    legal_url_barriere_melden = property(lambda self: self.legal_url("barriere_melden"))


class KnownBarrier(models.Model):
    """A part of the offer that is not yet accessible, listed in the accessibility statement."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="known_barriers"
    )
    part = models.CharField(_("non-accessible part"), max_length=300)
    reason = models.CharField(_("reason"), max_length=500)
    alternative = models.CharField(_("accessible alternative"), max_length=500, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["id"]
        verbose_name = _("known barrier")
        verbose_name_plural = _("known barriers")

    def __str__(self):
        return self.part


class Role(models.TextChoices):
    ADMIN = "admin", _("Administration")
    EDITOR = "editor", _("Editor")
    MODERATOR = "moderator", _("Moderation")


class StaffRole(models.Model):
    """A staff role of a person in one organisation. Admins may do what editors and
    moderators may do."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="staff_roles"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_roles"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["organisation", "user__display_name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_role_per_person")
        ]
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} ({self.organisation})"


def invitation_token() -> str:
    return secrets.token_urlsafe(32)


def invitation_expiry():
    return timezone.now() + timedelta(days=14)


class Invitation(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    token = models.CharField(max_length=64, unique=True, default=invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return self.email

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class BarrierReport(models.Model):
    """Feedback about a barrier (BITV 2.0 § 7 para. 1): must be answered within a month."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="barrier_reports"
    )
    page_url = models.CharField(_("page concerned"), max_length=500, blank=True)
    message = models.TextField(_("description of the barrier"), max_length=5000)
    name = models.CharField(_("name (optional)"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address for our answer"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["answered_at", "created_at"]
        verbose_name = _("barrier report")
        verbose_name_plural = _("barrier reports")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d} {self.page_url}"

    @property
    def answer_due(self):
        return one_month_later(self.created_at)

    @property
    def is_overdue(self) -> bool:
        return self.answered_at is None and self.answer_due < timezone.now()


# Labels of audit-log actions. Apps above organisations add theirs with register_audit_action
# (organisations must not import them); the field itself stays a plain code.
AUDIT_ACTION_LABELS: dict[str, str] = {}


def register_audit_action(code: str, label) -> str:
    AUDIT_ACTION_LABELS[code] = label
    return code


class AuditLogEntry(models.Model):
    """One staff action, readable by the organisation's admins."""

    class Action(models.TextChoices):
        ORG_CREATED = "org_created", _("Organisation created")
        PROFILE_CHANGED = "profile_changed", _("Profile changed")
        LEGAL_CHANGED = "legal_changed", _("Legal pages changed")
        INVITED = "invited", _("Person invited")
        INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
        INVITATION_REVOKED = "invitation_revoked", _("Invitation withdrawn")
        ROLE_CHANGED = "role_changed", _("Role changed")
        ROLE_REMOVED = "role_removed", _("Role removed")
        BARRIER_ANSWERED = "barrier_answered", _("Barrier report answered")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="audit_log"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150)
    action = models.CharField(max_length=30)
    subject = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)  # {field label: [before, after]}
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name}: {self.action_label}"

    @property
    def action_label(self) -> str:
        return str(AUDIT_ACTION_LABELS.get(self.action, self.action))


for _code, _label in AuditLogEntry.Action.choices:
    register_audit_action(_code, _label)
