"""A questionnaire: questions of registered kinds (``kinds.py``), their options, and the
responses people gave. Owners (an event's registration, a survey, a poll) point to their
questionnaire and to a response; this app never points back."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from mitwirken.organisations.models import Organisation


class Questionnaire(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    def __str__(self):
        return f"#{self.pk}"


class Question(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    # A code of ``kinds.py`` ("short_text", …); no choices here, so that a new kind needs no
    # migration. The builder offers the registered kinds.
    kind = models.CharField(_("type"), max_length=20)
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveIntegerField(default=0)
    # Settings of a kind beyond the fields above (a scale's bounds, a matrix's rows, …).
    config = models.JSONField(default=dict, blank=True)

    objects = ScopedManager(organisation="questionnaire__organisation")

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.label

    @property
    def kind_handler(self):
        from .kinds import get_kind

        return get_kind(self.kind)

    @property
    def has_options(self) -> bool:
        from .kinds import find_kind

        return getattr(find_kind(self.kind), "has_options", False)

    @property
    def is_question(self) -> bool:
        """Asked and answered (not a section, nor of a kind no longer registered)."""
        from .kinds import is_question

        return is_question(self)

    def get_kind_display(self) -> str:
        from .kinds import find_kind

        kind = find_kind(self.kind)
        return kind.label if kind is not None else self.kind


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    label = models.CharField(_("option"), max_length=200)
    seat_limit = models.PositiveIntegerField(
        _("seat limit"),
        null=True,
        blank=True,
        help_text=_("E.g. the seats of a workshop session. Empty for no limit."),
    )

    objects = ScopedManager(organisation="question__questionnaire__organisation")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.label


class Response(models.Model):
    """One person's answers to a questionnaire (who they are is the owner's business: a
    registration points to its response)."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="responses"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="questionnaire__organisation")

    class Meta:
        ordering = ["submitted_at", "pk"]

    def __str__(self):
        return f"#{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    # As the person gave it, readable (an option's label, "ja"); what the exports show.
    text = models.TextField(blank=True, max_length=5000)
    choices = models.ManyToManyField(Choice, blank=True, related_name="answers")
    # Structured answers of kinds that need them (a date, a matrix's row → column).
    value = models.JSONField(null=True, blank=True)

    objects = ScopedManager(organisation="response__questionnaire__organisation")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]

    def __str__(self):
        return self.text[:50]
