"""Use-cases of the survey module: its settings and questions (staff), answering it (one
response per person), drafts to continue later, answers entered from letters, phone calls
and workshops, and the reference figures of "who took part". Plain data in, one transaction
each."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mitwirken.core.changes import changes_between, snapshot
from mitwirken.core.tenancy import check_scope_of
from mitwirken.organisations.models import Organisation, register_audit_action
from mitwirken.organisations.services import record
from mitwirken.questionnaires import services as questionnaires
from mitwirken.questionnaires.models import Question, Response

from ..models import FeedbackSubscription
from ..models_surveys import (
    DEMOGRAPHICS_MAX,
    DemographicQuestion,
    OfflineResponse,
    Survey,
    SurveyDraft,
    SurveyParticipation,
    draft_token,
    hash_token,
)

SURVEY_CHANGED = register_audit_action("survey_changed", gettext_lazy("Survey changed"))
SURVEY_QUESTIONS_CHANGED = register_audit_action(
    "survey_questions_changed", gettext_lazy("Survey questions changed")
)
OFFLINE_RESPONSE_ENTERED = register_audit_action(
    "survey_offline_response", gettext_lazy("Survey answers entered (letter, phone, workshop)")
)
DEMOGRAPHICS_CHANGED = register_audit_action(
    "survey_demographics_changed", gettext_lazy("Reference figures of a survey changed")
)

SETTINGS = ("anonymous", "answerers", "results_public", "draft_days", "margin")


class SurveyError(Exception):
    """A step that cannot be taken; the message is shown to the person (German)."""


class AlreadyAnswered(SurveyError):
    pass


def module_created(module) -> None:
    """The Survey of a new survey module, with its (empty) questionnaire."""
    questionnaire = questionnaires.new_questionnaire(module.project.organisation)
    Survey.objects.create(module=module, questionnaire=questionnaire)


def has_responses(survey) -> bool:
    return Response.objects.filter(questionnaire_id=survey.questionnaire_id).exists()


def _locked(survey) -> Survey:
    return (
        Survey.objects.select_for_update(of=("self",))
        .select_related("module__project__organisation")
        .get(pk=survey.pk)
    )


@transaction.atomic
def update_survey(actor, survey, **fields) -> Survey:
    """Staff change the survey's settings (the fields given). Whether it is anonymous cannot
    change once answers exist: people answered under that promise."""
    unknown = set(fields) - set(SETTINGS)
    if unknown:
        raise TypeError(f"Not a setting of a survey: {', '.join(sorted(unknown))}")
    survey = _locked(survey)
    if "anonymous" in fields and fields["anonymous"] != survey.anonymous and has_responses(survey):
        raise SurveyError(
            _(
                "Answers exist already: whether the survey is anonymous cannot be changed any "
                "more (people answered under that promise)."
            )
        )
    before = snapshot(survey)
    for name, value in fields.items():
        setattr(survey, name, value)
    survey.save()
    changes = changes_between(before, survey, [name for name in SETTINGS if name in fields])
    if changes:
        record(_organisation(survey), actor, SURVEY_CHANGED, survey.module.title, changes)
    return survey


def _organisation(survey) -> Organisation:
    return survey.module.project.organisation


def _questions_changed(actor, survey, what) -> None:
    survey.touch()
    record(_organisation(survey), actor, SURVEY_QUESTIONS_CHANGED, survey.module.title, what)


# The questions (the builder of ``questionnaires``) --------------------------------------------


@transaction.atomic
def add_question(actor, survey, **data) -> Question:
    """A question at the end (``QuestionForm.question_data()``); ``ValidationError`` in
    German from the questionnaire if it does not fit."""
    survey = _locked(survey)
    question = questionnaires.add_question(survey.questionnaire, **data)
    _questions_changed(actor, survey, {str(_("Question added")): ["", question.label]})
    return question


@transaction.atomic
def update_question(actor, survey, question, **data) -> Question:
    survey = _locked(survey)
    question = questionnaires.update_question(question, **data)
    _questions_changed(actor, survey, {str(_("Question changed")): ["", question.label]})
    return question


@transaction.atomic
def set_condition(actor, survey, question, *, on_question, values) -> Question:
    survey = _locked(survey)
    question = questionnaires.set_condition(question, on_question, values)
    _questions_changed(actor, survey, {str(_("Condition changed")): ["", question.label]})
    return question


@transaction.atomic
def move_question(actor, survey, question, direction) -> bool:
    survey = _locked(survey)
    moved = questionnaires.move_question(question, direction)
    if moved:
        _questions_changed(actor, survey, {str(_("Question moved")): ["", question.label]})
    return moved


@transaction.atomic
def delete_question(actor, survey, question) -> bool:
    """False if it has been answered (it stays); ``ValidationError`` if others depend on
    it."""
    survey = _locked(survey)
    label = question.label
    if not questionnaires.delete_question(question):
        return False
    DemographicQuestion.objects.filter(question_id=question.pk).delete()
    _questions_changed(actor, survey, {str(_("Question deleted")): [label, ""]})
    return True


# Answering -----------------------------------------------------------------------------------


def start_of_day(now=None) -> datetime.datetime:
    """Midnight (Europe/Berlin) of today: the only time an anonymous response carries."""
    today = timezone.localdate(now)
    return timezone.make_aware(datetime.datetime.combine(today, datetime.time()))


def already_answered(survey, participant) -> bool:
    """Has this person (account, invitation or code) answered already?"""
    if participant is None or participant.is_anonymous:
        return False
    marks = SurveyParticipation.objects.filter(survey=survey)
    conditions = []
    if participant.user is not None:
        conditions.append(marks.filter(user=participant.user))
    if participant.invitation is not None:
        conditions.append(marks.filter(invitation=participant.invitation))
    if participant.access_code is not None:
        conditions.append(marks.filter(access_code=participant.access_code))
    return any(query.exists() for query in conditions)


@transaction.atomic
def submit(survey, participant, answers: dict, *, token="", feedback_email="") -> None:
    """Record one person's answers (``answers``: Question → cleaned value, of every
    question; hidden ones are dropped by ``record_response``) and the mark that they
    answered, in one transaction: the mark's unique constraints make it one response per
    account, invitation and access code, also when the same person sends many at once
    (``AlreadyAnswered``). The draft they continued (by its token, or their account's) goes.

    Anonymous surveys: the mark has a random key, no time and no link to the response, and
    the response carries only the day (midnight). Nothing else written here (no audit entry,
    no task) names the person together with the answers."""
    check_scope_of(_organisation(survey))
    mark = SurveyParticipation(
        survey=survey,
        user=participant.user,
        invitation=participant.invitation,
        access_code=participant.access_code,
    )
    try:
        with transaction.atomic():
            mark.save(force_insert=True)
    except IntegrityError:
        raise AlreadyAnswered(
            _("You have already taken part in this survey. Your first response counts.")
        ) from None
    response = questionnaires.record_response(
        survey.questionnaire_id,
        answers,
        submitted_at=start_of_day() if survey.anonymous else None,
    )
    if response is not None and not survey.anonymous:
        SurveyParticipation.objects.filter(pk=mark.pk).update(response=response)
    drafts = SurveyDraft.objects.filter(survey=survey)
    if token:
        drafts.filter(token_hash=hash_token(token)).delete()
    if participant.user is not None:
        drafts.filter(user=participant.user).delete()
    if feedback_email:
        project = survey.module.project
        FeedbackSubscription.objects.get_or_create(
            project=project,
            email=feedback_email.strip().lower(),
            defaults={"user": participant.user},
        )


@transaction.atomic
def save_draft(survey, *, answers: dict, page: int, user=None, token="") -> str:
    """Keep the answers so far to continue later; returns the token of the personal resume
    link (only its hash is stored). The same draft is saved again when its token is given, or
    the account's draft; a draft found by the account gets a new token (the old link stops
    working: we cannot show it again)."""
    check_scope_of(_organisation(survey))
    expires_at = timezone.now() + datetime.timedelta(days=survey.draft_days)
    drafts = SurveyDraft.objects.select_for_update().filter(survey=survey)
    draft = drafts.filter(token_hash=hash_token(token)).first() if token else None
    if draft is None and user is not None:
        draft = drafts.filter(user=user).first()
        token = ""
    if draft is None:
        draft = SurveyDraft(survey=survey, user=user)
    if not token:
        token = draft_token()
        draft.token_hash = hash_token(token)
    if user is not None and draft.user_id is None:
        SurveyDraft.objects.filter(survey=survey, user=user).exclude(pk=draft.pk).delete()
        draft.user = user
    draft.answers, draft.page, draft.expires_at = answers, page, expires_at
    draft.save()
    return token


def find_draft(survey, token) -> SurveyDraft | None:
    """The draft of this resume token (expired ones too: the page says so)."""
    if not token or len(token) > 100:
        return None
    return SurveyDraft.objects.filter(survey=survey, token_hash=hash_token(token)).first()


def draft_of_account(survey, user) -> SurveyDraft | None:
    if user is None or not user.is_authenticated:
        return None
    return SurveyDraft.objects.filter(
        survey=survey, user=user, expires_at__gt=timezone.now()
    ).first()


def purge_expired_drafts(now=None) -> int:
    """Delete the drafts whose time has run out, of every organisation (each in its scope).
    ``manage.py purge_survey_drafts`` runs it."""
    from django_scopes import scope

    now = now or timezone.now()
    deleted = 0
    for organisation in Organisation.objects.all().iterator():
        with scope(organisation=organisation), transaction.atomic():
            count, _by_model = SurveyDraft.objects.filter(
                survey__module__project__organisation=organisation, expires_at__lte=now
            ).delete()
            deleted += count
    return deleted


# Offline answers -----------------------------------------------------------------------------


@transaction.atomic
def enter_offline(actor, survey, answers: dict, channel: str) -> Response | None:
    """Staff enter the answers that came by letter, phone or at a workshop (``channel``):
    a response like any other (the day only, for an anonymous survey), marked with its
    channel."""
    if channel not in OfflineResponse.Channel.values:
        raise ValueError(f"No channel {channel!r}.")
    response = questionnaires.record_response(
        survey.questionnaire_id,
        answers,
        submitted_at=start_of_day() if survey.anonymous else None,
    )
    if response is None:
        return None
    OfflineResponse.objects.create(survey=survey, response=response, channel=channel)
    label = str(OfflineResponse.Channel(channel).label)
    record(
        _organisation(survey),
        actor,
        OFFLINE_RESPONSE_ENTERED,
        survey.module.title,
        {str(_("Channel")): ["", label]},
    )
    return response


# Who took part: the reference figures --------------------------------------------------------


def _percent(value) -> Decimal:
    try:
        number = Decimal(str(value).replace(",", ".").strip())
    except InvalidOperation:
        raise ValidationError(_("Please give a share in percent, e.g. 12.5.")) from None
    if not number.is_finite() or not Decimal(0) <= number <= Decimal(100):
        raise ValidationError(_("A share must be between 0 and 100 percent."))
    return number.quantize(Decimal("0.1"))


@transaction.atomic
def set_demographics(actor, survey, rows) -> None:
    """The demographic questions of the survey (at most three single-choice questions of
    its own) with the population's share of each option: ``rows`` of dicts with
    ``question`` (id), ``shares`` ({option id: percent, empty: unknown}) and ``source``.
    ``ValidationError`` in German for anything that does not fit; nothing changes then."""
    survey = _locked(survey)
    rows = list(rows)
    if len(rows) > DEMOGRAPHICS_MAX:
        raise ValidationError(
            _("At most %(count)d questions can describe who took part.")
            % {"count": DEMOGRAPHICS_MAX}
        )
    questions = {
        question.pk: question
        for question in Question.objects.filter(
            questionnaire_id=survey.questionnaire_id, kind="single_choice"
        ).prefetch_related("choices")
    }
    kept = []
    for row in rows:
        question = questions.get(row["question"])
        if question is None:
            raise ValidationError(_("Only single choice questions of this survey can be chosen."))
        if question.pk in (q.pk for q, _s, _source in kept):
            raise ValidationError(_("“%(question)s” is chosen twice.") % {"question": question})
        options = {choice.pk for choice in question.choices.all()}
        shares = {}
        for choice_id, value in (row.get("shares") or {}).items():
            if int(choice_id) not in options:
                raise ValidationError(_("Please give shares only for the options offered."))
            if value in (None, ""):
                continue
            shares[str(choice_id)] = str(_percent(value))
        if sum(Decimal(v) for v in shares.values()) > Decimal("100.5"):
            raise ValidationError(
                _("The shares of “%(question)s” add up to more than 100 percent.")
                % {"question": question.label}
            )
        kept.append((question, shares, str(row.get("source") or "")[:300]))
    DemographicQuestion.objects.filter(survey=survey).exclude(
        question_id__in=[q.pk for q, _s, _source in kept]
    ).delete()
    for question, shares, source in kept:
        DemographicQuestion.objects.update_or_create(
            question=question, defaults={"survey": survey, "reference": shares, "source": source}
        )
    record(
        _organisation(survey),
        actor,
        DEMOGRAPHICS_CHANGED,
        survey.module.title,
        {str(_("Questions")): ["", ", ".join(q.label for q, _s, _source in kept)]},
    )
