"""The survey module (Umfrage): a ``Survey`` is the one-to-one extension of a ``Module`` of
the kind "survey", with its questionnaire (the questions live in ``questionnaires``) and its
settings; ``SurveyParticipation`` is the mark that a person answered; ``SurveyDraft`` holds
answers saved to be continued later.

Anonymous surveys store no link between a person and their answers, not even for staff or in
the database: the mark that prevents a second answer (``SurveyParticipation``) has a random
key, no timestamp and no link to the response; the response itself carries only the day it
was given (``surveys.services.submit``); nothing else (tasks, audit log) names both.
"""

import hashlib
import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from mitwirken.questionnaires.models import Question, Questionnaire, Response

from .models import AccessCode, Invitation, Module

DRAFT_DAYS_DEFAULT = 30
MARGIN_DEFAULT = 5
DEMOGRAPHICS_MAX = 3


class Survey(models.Model):
    class Answerers(models.TextChoices):
        ANYONE = "anyone", _("Everyone who may take part, also without an account")
        ACCOUNT = "account", _("Only people who are logged in with an account")

    module = models.OneToOneField(Module, on_delete=models.CASCADE, related_name="survey")
    questionnaire = models.OneToOneField(
        Questionnaire, on_delete=models.RESTRICT, related_name="survey"
    )
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_(
            "Nobody, not even the administration, can see who gave which answers. Cannot be "
            "changed once answers exist."
        ),
    )
    answerers = models.CharField(
        _("who can answer"), max_length=10, choices=Answerers.choices, default=Answerers.ANYONE
    )
    results_public = models.BooleanField(
        _("publish the results"),
        default=False,
        help_text=_("Everyone who can see the project sees the results of the survey."),
    )
    draft_days = models.PositiveSmallIntegerField(
        _("days a saved draft is kept"),
        default=DRAFT_DAYS_DEFAULT,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Answers saved to be continued later are deleted after this many days."),
    )
    margin = models.PositiveSmallIntegerField(
        _("margin for under-represented groups (percentage points)"),
        default=MARGIN_DEFAULT,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_(
            "A group counts as under-represented when its share among the respondents is "
            "this many percentage points below its share in the population."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organisation="module__project__organisation")

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self):
        return self.module.title

    def touch(self) -> None:
        """A change to its questions: the cached parts renew."""
        self.save(update_fields=["updated_at"])


class SurveyParticipation(models.Model):
    """The mark that a person answered a survey: what makes one response per person hold
    (a unique constraint on the account, the invitation or the access code). For an
    anonymous survey it is kept apart from the answers: a random key, no timestamp, and no
    ``response``. For a survey that is not anonymous it points to the response, so that staff
    see who answered."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    invitation = models.ForeignKey(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    access_code = models.ForeignKey(
        AccessCode, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Only for surveys that are not anonymous.
    response = models.OneToOneField(
        Response, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedManager(organisation="survey__module__project__organisation")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"],
                condition=Q(user__isnull=False),
                name="survey_answered_once_per_account",
            ),
            models.UniqueConstraint(
                fields=["survey", "invitation"],
                condition=Q(invitation__isnull=False),
                name="survey_answered_once_per_invitation",
            ),
            models.UniqueConstraint(
                fields=["survey", "access_code"],
                condition=Q(access_code__isnull=False),
                name="survey_answered_once_per_code",
            ),
        ]

    def __str__(self):
        return str(self.pk)


class OfflineResponse(models.Model):
    """A response that came by letter, by phone or at a workshop and was entered by staff
    (no person behind it in the database), so that the evaluation counts every voice."""

    class Channel(models.TextChoices):
        LETTER = "letter", _("Letter")
        PHONE = "phone", _("Phone")
        WORKSHOP = "workshop", _("Workshop")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="offline_responses")
    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)

    objects = ScopedManager(organisation="survey__module__project__organisation")

    def __str__(self):
        return self.get_channel_display()


def draft_token() -> str:
    return secrets.token_urlsafe(24)


def hash_token(token: str) -> str:
    return hashlib.sha256(str(token).encode()).hexdigest()


class SurveyDraft(models.Model):
    """Answers saved to be continued later ("Zwischenspeichern"): reached by a personal
    resume link whose token is stored only as its hash (the link is shown once, and mailed
    if the person asks), and for people with an account also from their account. Deleted
    when the survey is submitted, and after ``expires_at`` by ``purge_survey_drafts``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="drafts")
    token_hash = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    # {question id: {form key: [values as posted]}}: only questions shown at the time.
    answers = models.JSONField(default=dict, blank=True)
    page = models.PositiveSmallIntegerField(default=0)
    expires_at = models.DateTimeField()

    objects = ScopedManager(organisation="survey__module__project__organisation")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"],
                condition=Q(user__isnull=False),
                name="survey_draft_once_per_account",
            )
        ]
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self):
        return str(self.pk)


class DemographicQuestion(models.Model):
    """A single-choice question of the survey that says who answered (age group, gender,
    district), with the population's share of each option (census figures, in percent) in
    ``reference``: {choice id as string: percent}. At most ``DEMOGRAPHICS_MAX`` per
    survey."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="demographics")
    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="+")
    reference = models.JSONField(default=dict, blank=True)
    source = models.CharField(
        _("source of the figures"),
        max_length=300,
        blank=True,
        help_text=_("E.g. “Zensus 2022, Stadt Musterstadt”."),
    )

    objects = ScopedManager(organisation="survey__module__project__organisation")

    class Meta:
        ordering = ["question__position", "pk"]

    def __str__(self):
        return str(self.question_id)
