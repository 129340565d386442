import re
import secrets
from datetime import date

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


def generate_pseudonym() -> str:
    """A public name that reveals nothing about the person, e.g. 'Mitwirkende-7F3K'."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "Mitwirkende-" + "".join(secrets.choice(alphabet) for _ in range(5))


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account. Logs in with the e-mail address; shown publicly under a
    display name (a pseudonym unless they choose otherwise). A superuser is a platform admin."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=60,
        default=generate_pseudonym,
        help_text=_("Shown next to your contributions. A pseudonym is fine."),
    )
    real_name = models.CharField(_("full name"), max_length=150, blank=True)
    show_real_name = models.BooleanField(
        _("show my full name publicly instead of the display name"), default=False
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=[("de", _("German")), ("en", _("English"))],
        default="de",
    )
    privacy_accepted_version = models.CharField(
        _("accepted privacy notice version"), max_length=100, blank=True
    )
    privacy_accepted_at = models.DateTimeField(_("privacy notice accepted at"), null=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.public_name

    @property
    def public_name(self) -> str:
        if self.show_real_name and self.real_name:
            return self.real_name
        return self.display_name

    @property
    def privacy_notice_date(self) -> date | None:
        """The date of the privacy notice the person accepted, from its stored version
        ("betrieb/v1 (2026-12-01)", see ``services.current_privacy_version``)."""
        match = re.search(r"\((\d{4}-\d{2}-\d{2})\)", self.privacy_accepted_version)
        return date.fromisoformat(match.group(1)) if match else None

    def get_full_name(self):
        return self.real_name or self.display_name

    def get_short_name(self):
        return self.display_name
