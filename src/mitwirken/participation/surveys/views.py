"""The survey's public pages: answering it page by page (next, back, save and continue
later, submit: each its own URL, buttons with ``formaction``, no JavaScript), the resume
link, the thank-you page and the published results."""

import hashlib

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mitwirken.core import ratelimit
from mitwirken.organisations.tenancy import organisation_view

from .. import access
from ..models_surveys import Survey
from ..queries import project_page
from . import answering, emails, queries, services

SESSION_ANSWERED = "surveys_answered"  # the surveys this browser answered without an account


class FeedbackForm(forms.Form):
    """“Tell me what became of it” on the last page: not ticked unless the person ticks it."""

    rueckmeldung = forms.BooleanField(
        label=_("Tell me by e-mail what became of the results of this participation."),
        required=False,
    )
    rueckmeldung_email = forms.EmailField(
        label=_("E-mail address for the feedback"),
        required=False,
        max_length=254,
        help_text=_("Only used for this one message; kept apart from your answers."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("rueckmeldung") and not cleaned.get("rueckmeldung_email"):
            self.add_error(
                "rueckmeldung_email", _("Please give the address the feedback should go to.")
            )
        return cleaned


class MailLinkForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)


def _load(request, pk, module_pk):
    project = project_page(pk)
    if project is None or not access.can_view(request.user, project):
        raise Http404
    module = next((m for m in project.modules.all() if m.pk == module_pk), None)
    if module is None or module.kind != "survey":
        raise Http404
    module.project = project
    survey = queries.survey_of(module)
    if survey is None:
        raise Http404
    return project, module, survey


def _gate(request, project, module, survey) -> tuple[object, str | None]:
    """(who takes part, or None; why they cannot answer now, or None)."""
    participant = access.participant(request, project)
    if not module.is_open():
        return participant, _("This survey is not open for answers at the moment.")
    if participant is None:
        return None, _("You cannot take part in this project yet: see “Who can take part”.")
    if survey.answerers == Survey.Answerers.ACCOUNT and participant.user is None:
        return participant, _("Please log in to answer this survey.")
    if services.already_answered(survey, participant) or (
        participant.user is None
        and participant.is_anonymous
        and survey.pk in request.session.get(SESSION_ANSWERED, [])
    ):
        return participant, _("You have already taken part in this survey. Thank you!")
    return participant, None


def _render(request, project, module, survey, evaluation, index, *, errors, token, **extra):
    index = evaluation.nearest_page(index)
    number, count = evaluation.position(index)
    page = evaluation.pages[index] if evaluation.pages else None
    last = evaluation.next_page(index) is None
    form_html = _fresh_form_html(survey, evaluation, index, errors) if page else ""
    form = None if form_html or not page else evaluation.page_form(index, with_errors=errors)
    context = {
        "organisation": project.organisation,
        "project": project,
        "module": module,
        "survey": survey,
        "page": page,
        "index": index,
        "number": number,
        "count": count,
        "form": form,
        "form_html": form_html,
        "state": answering.sign_state(survey, evaluation.raw, token),
        "first": evaluation.previous_page(index) is None,
        "last": last,
        "feedback_form": extra.pop("feedback_form", None) or (FeedbackForm() if last else None),
        "results_url": _results_url(project, module) if survey.results_public else "",
        **extra,
    }
    return render(request, "participation/surveys/page.html", context, status=200)


FORM_CACHE_SECONDS = 3600


def _fresh_form_html(survey, evaluation, index, errors) -> str:
    """The page's questions as HTML, from the cache when nothing on the page is answered yet
    and there are no errors (the page as every new respondent gets it: it depends only on the
    questions shown, which the key names, and on the survey's last change); "" otherwise
    (the template renders the form). A page of 40 questions renders hundreds of options."""
    if errors:
        return ""
    shown = evaluation.page_questions(index)
    if any(str(question.pk) in evaluation.raw for question in shown):
        return ""
    ids = ".".join(str(question.pk) for question in shown)
    stamp = survey.updated_at.timestamp() if survey.updated_at else 0
    key = (
        "survey-form:"
        + hashlib.sha256(f"{survey.pk}:{stamp}:{index}:{get_language()}:{ids}".encode()).hexdigest()
    )
    html = cache.get(key)
    if html is None:
        html = str(evaluation.page_form(index, with_errors=False))
        cache.set(key, html, FORM_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308  rendered by the form itself


def _closed(request, project, module, survey, reason, status=200):
    return render(
        request,
        "participation/surveys/closed.html",
        {
            "organisation": project.organisation,
            "project": project,
            "module": module,
            "survey": survey,
            "reason": reason,
            "results_url": _results_url(project, module) if survey.results_public else "",
        },
        status=status,
    )


def _results_url(project, module) -> str:
    return reverse(
        "participation:survey_results",
        kwargs={"org": project.organisation.slug, "pk": project.pk, "module": module.pk},
    )


def module_page(request, organisation, project, module):
    """The survey's page (the module registry's ``page``): its header and page 1, or where
    the person's account draft left off."""
    survey = queries.survey_of(module)
    if survey is None:
        raise Http404
    participant, reason = _gate(request, project, module, survey)
    if reason:
        return _closed(request, project, module, survey, reason)
    questions = queries.questions_of(survey)
    draft = services.draft_of_account(survey, participant.user)
    raw = answering.clean_raw(draft.answers) if draft else {}
    evaluation = answering.evaluate(questions, raw)
    return _render(
        request,
        project,
        module,
        survey,
        evaluation,
        draft.page if draft else 0,
        errors=False,
        token="",
        resumed=draft is not None,
    )


def _step(request, pk, module_pk):
    """What every step reads: the survey, the gate, the answers so far with this page's."""
    project, module, survey = _load(request, pk, module_pk)
    participant, reason = _gate(request, project, module, survey)
    if reason:
        return None, _closed(request, project, module, survey, reason)
    questions = queries.questions_of(survey)
    raw, token = answering.read_state(survey, request.POST.get("state", ""))
    index = _index(request.POST.get("seite"))
    raw, shown = answering.merge_page(questions, raw, index, request.POST)
    evaluation = answering.evaluate(questions, raw)
    evaluation.asked_on_page = shown
    return (project, module, survey, participant, evaluation, index, token), None


def _index(text) -> int:
    text = str(text or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else 0


@require_POST
@organisation_view
def survey_next(request, organisation, pk, module):
    step, closed = _step(request, pk, module)
    if closed:
        return closed
    project, module, survey, _participant, evaluation, index, token = step
    errors = evaluation.errors_on(index)
    following = evaluation.next_page(index)
    new = {q.pk for q in evaluation.page_questions(index)} - evaluation.asked_on_page
    if new and index in evaluation.shown_pages:
        # An answer on this page showed another question on it: ask that first.
        return _render(
            request, project, module, survey, evaluation, index, errors=False, token=token
        )
    if errors or following is None:
        return _render(
            request, project, module, survey, evaluation, index, errors=True, token=token
        )
    return _render(
        request, project, module, survey, evaluation, following, errors=False, token=token
    )


@require_POST
@organisation_view
def survey_back(request, organisation, pk, module):
    step, closed = _step(request, pk, module)
    if closed:
        return closed
    project, module, survey, _participant, evaluation, index, token = step
    previous = evaluation.previous_page(index)
    return _render(
        request,
        project,
        module,
        survey,
        evaluation,
        index if previous is None else previous,
        errors=False,
        token=token,
    )


@require_POST
@organisation_view
def survey_save(request, organisation, pk, module):
    """“Zwischenspeichern”: the answers so far (of questions shown) become a draft; the page
    shows the personal resume link, and offers to mail it."""
    step, closed = _step(request, pk, module)
    if closed:
        return closed
    project, module, survey, participant, evaluation, index, token = step
    token = services.save_draft(
        survey,
        answers=evaluation.raw,
        page=evaluation.nearest_page(index),
        user=participant.user,
        token=token,
    )
    link = request.build_absolute_uri(_resume_url(project, module, token))
    return _render(
        request,
        project,
        module,
        survey,
        evaluation,
        index,
        errors=False,
        token=token,
        resume_link=link,
        mail_form=MailLinkForm(),
    )


def _resume_url(project, module, token) -> str:
    return reverse(
        "participation:survey_resume",
        kwargs={
            "org": project.organisation.slug,
            "pk": project.pk,
            "module": module.pk,
            "token": token,
        },
    )


@require_POST
@organisation_view
def survey_mail_link(request, organisation, pk, module):
    """Mail the resume link of a draft (its token is in the signed state) to the address
    given. The address is not kept with the draft: see ``emails.queue_resume_link``."""
    project, module, survey = _load(request, pk, module)
    _raw, token = answering.read_state(survey, request.POST.get("state", ""))
    draft = services.find_draft(survey, token)
    form = MailLinkForm(request.POST)
    if draft is None or draft.expires_at <= timezone.now():
        messages.error(request, _("This draft no longer exists. Please save your answers again."))
    elif not ratelimit.allow(request, "survey_resume_mail"):
        messages.error(request, _("Too many mails. Please wait a few minutes and try again."))
    elif form.is_valid():
        link = request.build_absolute_uri(_resume_url(project, module, token))
        emails.queue_resume_link(survey, form.cleaned_data["email"], link, draft.expires_at)
        messages.success(request, _("The link is on its way to you."))
        return redirect(_resume_url(project, module, token))
    else:
        messages.error(request, _("Please give a valid e-mail address."))
    return redirect(_resume_url(project, module, token) if draft else module.get_absolute_url())


@organisation_view
def survey_resume(request, organisation, pk, module, token):
    """The personal resume link: the draft's answers and page, without an account."""
    project, module, survey = _load(request, pk, module)
    participant, reason = _gate(request, project, module, survey)
    if reason:
        return _closed(request, project, module, survey, reason)
    draft = services.find_draft(survey, token)
    if draft is None or draft.expires_at <= timezone.now():
        reason = _(
            "This link to your saved answers is no longer valid: saved answers are deleted "
            "after %(days)d days, and once the survey was sent."
        ) % {"days": survey.draft_days}
        return _closed(request, project, module, survey, reason, status=404)
    evaluation = answering.evaluate(
        queries.questions_of(survey), answering.clean_raw(draft.answers)
    )
    return _render(
        request,
        project,
        module,
        survey,
        evaluation,
        draft.page,
        errors=False,
        token=token,
        resumed=True,
    )


@require_POST
@organisation_view
def survey_submit(request, organisation, pk, module):
    step, closed = _step(request, pk, module)
    if closed:
        return closed
    project, module, survey, participant, evaluation, index, token = step
    feedback = FeedbackForm(request.POST)
    wrong = evaluation.first_page_with_errors()
    if wrong is not None or not feedback.is_valid():
        return _render(
            request,
            project,
            module,
            survey,
            evaluation,
            wrong if wrong is not None else index,
            errors=True,
            token=token,
            feedback_form=feedback if wrong is None else None,
        )
    email = (
        feedback.cleaned_data["rueckmeldung_email"] if feedback.cleaned_data["rueckmeldung"] else ""
    )
    try:
        services.submit(
            survey, participant, evaluation.answers(), token=token, feedback_email=email
        )
    except services.AlreadyAnswered as error:
        return _closed(request, project, module, survey, str(error))
    if participant.is_anonymous:
        answered = request.session.get(SESSION_ANSWERED, [])
        request.session[SESSION_ANSWERED] = [*answered, survey.pk][-50:]
    return redirect(
        "participation:survey_thanks", org=organisation.slug, pk=project.pk, module=module.pk
    )


@organisation_view
def survey_thanks(request, organisation, pk, module):
    project, module, survey = _load(request, pk, module)
    return render(
        request,
        "participation/surveys/thanks.html",
        {
            "organisation": organisation,
            "project": project,
            "module": module,
            "survey": survey,
            "results_url": _results_url(project, module) if survey.results_public else "",
        },
    )


def module_summary(request, module):
    """The survey's box on the project page."""
    survey = queries.survey_of(module)
    if survey is None:
        return None
    return (
        "participation/surveys/summary.html",
        {
            "survey": survey,
            "is_open": module.is_open(),
            "results_url": _results_url(module.project, module) if survey.results_public else "",
        },
    )
