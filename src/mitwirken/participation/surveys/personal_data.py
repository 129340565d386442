"""What the survey module keeps about a person (registered as "surveys"), and the person's
surveys in "Meine Beteiligung".

- Drafts saved with the account (answers so far, until they expire).
- The marks that the person answered a survey (account, or an invitation or access code of
  theirs is not looked up here: those belong to ``participation``'s invitations).
- Their responses to surveys that are not anonymous (the mark points to the response).

Answers to **anonymous** surveys cannot be found: nothing links the mark to the response (see
``models_surveys``). The export says so; they stay, as no one can tell which they are."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scopes_disabled

from mitwirken.core import personal_data
from mitwirken.questionnaires import services as questionnaires
from mitwirken.questionnaires.models import Answer

from ..mine import Contribution
from ..models_surveys import SurveyDraft, SurveyParticipation

ANONYMOUS_NOTE = gettext_lazy(
    "Your answers to anonymous surveys are stored without any link to you or your account: "
    "they cannot be found, exported or deleted for a person, and they stay in the results."
)


def _marks(user):
    return (
        SurveyParticipation.objects.filter(user=user)
        .select_related("survey__module__project__organisation")
        .order_by("survey__module__project__title", "survey__module__position", "pk")
    )


def _drafts(user):
    return (
        SurveyDraft.objects.filter(user=user)
        .select_related("survey__module__project__organisation")
        .order_by("expires_at")
    )


def _answers_of(response_ids) -> dict:
    answers = (
        Answer.objects.filter(response_id__in=response_ids)
        .select_related("question")
        .order_by("question__position", "question__pk")
    )
    found = {}
    for answer in answers:
        found.setdefault(answer.response_id, []).append(
            {"question": answer.question.label, "answer": answer.text}
        )
    return found


def export(user) -> dict:
    with scopes_disabled():
        marks = list(_marks(user))
        answers = _answers_of([m.response_id for m in marks if m.response_id is not None])
        surveys = []
        for mark in marks:
            survey = mark.survey
            entry = {
                "project": survey.module.project.title,
                "survey": survey.module.title,
                "organisation": survey.module.project.organisation.name,
                "anonymous": survey.anonymous,
            }
            if survey.anonymous:
                entry["answers"] = _("not linked to you (anonymous survey)")
            else:
                entry["answers"] = answers.get(mark.response_id, [])
            surveys.append(entry)
        drafts = [
            {
                "project": draft.survey.module.project.title,
                "survey": draft.survey.module.title,
                "page": draft.page + 1,
                "expires_at": draft.expires_at.isoformat(),
                "answers_so_far": draft.answers,
            }
            for draft in _drafts(user)
        ]
    return {
        "surveys_answered": surveys,
        "saved_drafts": drafts,
        "note": str(ANONYMOUS_NOTE),
    }


def erase(user) -> None:
    """The drafts go; the responses to surveys that are not anonymous go with their answers
    and their marks; the marks of anonymous surveys no longer name the person (their
    responses stay: nothing links them to anyone)."""
    with scopes_disabled():
        SurveyDraft.objects.filter(user=user).delete()
        marks = SurveyParticipation.objects.filter(user=user)
        named = marks.filter(survey__anonymous=False)
        responses = [pk for pk in named.values_list("response_id", flat=True) if pk is not None]
        named.delete()
        if responses:
            questionnaires.erase_responses(responses)
        # An anonymous survey's mark stays (someone took part), naming no one.
        marks.update(user=None)


personal_data.register("surveys", export=export, erase=erase)


def contributions_of(user) -> list[Contribution]:
    """The surveys the person answered with their account (for an anonymous survey only that
    they took part: the mark names the survey, never the answers, and carries no time), and
    the drafts their account holds, linked to the survey's page, which continues the
    account's draft. Two queries."""
    if user is None or not user.is_authenticated:
        return []
    found = []
    with scopes_disabled():
        for mark in _marks(user).select_related("response"):
            module = mark.survey.module
            anonymous = mark.survey.anonymous
            found.append(
                Contribution(
                    project=module.project,
                    kind=_("Survey"),
                    title=module.title,
                    status=_("taken part (anonymously)") if anonymous else _("taken part"),
                    url=module.get_absolute_url(),
                    when=None if anonymous or mark.response is None else mark.response.submitted_at,
                )
            )
        for draft in _drafts(user).filter(expires_at__gt=timezone.now()):
            module = draft.survey.module
            found.append(
                Contribution(
                    project=module.project,
                    kind=_("Survey"),
                    title=module.title,
                    status=_("started and saved: continue until %(date)s")
                    % {"date": date_format(timezone.localtime(draft.expires_at).date())},
                    url=module.get_absolute_url(),
                )
            )
    return found
