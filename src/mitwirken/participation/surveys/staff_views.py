"""Staff pages of a survey module, under
/<org>/verwaltung/beteiligung/<id:pk>/modul/<id:module>/umfrage/: its settings and questions
(editors), a preview, answers that came on paper (editors), results, exports and "who took
part" (all staff)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mitwirken.organisations.tenancy import organisation_view, staff_view
from mitwirken.questionnaires import exports
from mitwirken.questionnaires.forms import (
    ConditionForm,
    QuestionForm,
    answers_of,
    apply_conditions,
    question_fields,
)
from mitwirken.questionnaires.models import Question, Response
from mitwirken.questionnaires.pages import split_pages
from mitwirken.questionnaires.results import questionnaire_results

from .. import access
from ..models import Module, Project
from ..models_surveys import DEMOGRAPHICS_MAX, OfflineResponse, Survey, SurveyParticipation
from . import queries, representation, services

CHANGE = "participation.change_project"
EVALUATE = "participation.evaluate_project"


def _survey(pk, module) -> tuple[Project, Module, Survey]:
    project = get_object_or_404(Project.objects.select_related("organisation"), pk=pk)
    module = get_object_or_404(Module, pk=module, project=project, kind=Module.Kind.SURVEY)
    module.project = project
    survey = queries.survey_of(module)
    if survey is None:
        raise Http404
    return project, module, survey


def _context(request, project, module, survey, **extra) -> dict:
    return {
        "organisation": project.organisation,
        "project": project,
        "module": module,
        "survey": survey,
        "answered": services.has_responses(survey),
        **extra,
    }


def _posted(request):
    return request.POST if request.method == "POST" else None


def _back(project, module, name="participation:survey_staff_questions"):
    return redirect(name, org=project.organisation.slug, pk=project.pk, module=module.pk)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = list(services.SETTINGS)
        widgets = {"answerers": forms.RadioSelect}

    def __init__(self, *args, answered=False, **kwargs):
        super().__init__(*args, **kwargs)
        if answered:
            self.fields["anonymous"].disabled = True


@staff_view(CHANGE)
def survey_settings(request, organisation, pk, module):
    project, module, survey = _survey(pk, module)
    answered = services.has_responses(survey)
    form = SettingsForm(
        _posted(request), instance=Survey.objects.get(pk=survey.pk), answered=answered
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_survey(request.user, survey, **form.cleaned_data)
        except services.SurveyError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The survey's settings have been saved."))
        return _back(project, module, "participation:survey_staff")
    return render(
        request,
        "participation/surveys/staff/settings.html",
        _context(request, project, module, survey, form=form),
    )


@staff_view(CHANGE)
def survey_questions(request, organisation, pk, module):
    project, module, survey = _survey(pk, module)
    form = QuestionForm(_posted(request), seat_limits=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_question(request.user, survey, **form.question_data())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The question has been added."))
            return _back(project, module)
    return render(
        request,
        "participation/surveys/staff/questions.html",
        _context(
            request, project, module, survey, form=form, questions=queries.questions_of(survey)
        ),
    )


def _question(survey, question_id) -> Question:
    return get_object_or_404(
        Question.objects.filter(questionnaire_id=survey.questionnaire_id), pk=question_id
    )


@staff_view(CHANGE)
def survey_question_edit(request, organisation, pk, module, question):
    project, module, survey = _survey(pk, module)
    question = _question(survey, question)
    form = QuestionForm(_posted(request), instance=question, seat_limits=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_question(request.user, survey, question, **form.question_data())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The question has been saved."))
            return _back(project, module)
    questions = queries.questions_of(survey)
    condition = ConditionForm(next(q for q in questions if q.pk == question.pk), questions)
    return render(
        request,
        "participation/surveys/staff/question.html",
        _context(
            request,
            project,
            module,
            survey,
            form=form,
            question=question,
            condition=condition,
            question_answered=question.answers.exists(),
        ),
    )


@require_POST
@staff_view(CHANGE)
def survey_question_condition(request, organisation, pk, module, question):
    project, module, survey = _survey(pk, module)
    question = _question(survey, question)
    questions = queries.questions_of(survey)
    form = ConditionForm(next(q for q in questions if q.pk == question.pk), questions, request.POST)
    if form.is_valid():
        try:
            services.set_condition(request.user, survey, question, **form.condition_data())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The condition has been saved."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return _back(project, module)


@require_POST
@staff_view(CHANGE)
def survey_question_delete(request, organisation, pk, module, question):
    project, module, survey = _survey(pk, module)
    question = _question(survey, question)
    try:
        deleted = services.delete_question(request.user, survey, question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if deleted:
            messages.success(request, _("The question has been deleted."))
        else:
            messages.error(request, _("This question has already been answered and stays."))
    return _back(project, module)


def _move(request, pk, module, question, direction):
    project, module, survey = _survey(pk, module)
    question = _question(survey, question)
    try:
        services.move_question(request.user, survey, question, direction)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(project, module)


@require_POST
@staff_view(CHANGE)
def survey_question_up(request, organisation, pk, module, question):
    return _move(request, pk, module, question, "up")


@require_POST
@staff_view(CHANGE)
def survey_question_down(request, organisation, pk, module, question):
    return _move(request, pk, module, question, "down")


@staff_view(CHANGE)
def survey_preview(request, organisation, pk, module):
    """Every page as it will be asked (conditions not applied: all questions shown)."""
    project, module, survey = _survey(pk, module)
    pages = []
    for page in split_pages(queries.questions_of(survey)):
        form = forms.Form()
        form.fields = question_fields(page.questions)
        pages.append((page, form))
    return render(
        request,
        "participation/surveys/staff/preview.html",
        _context(request, project, module, survey, pages=pages),
    )


class OfflineForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("How the answers came"), choices=OfflineResponse.Channel.choices
    )

    def __init__(self, questions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.fields.update(question_fields(questions))

    def clean(self):
        cleaned = super().clean()
        apply_conditions(self, self.questions)
        return cleaned


@staff_view(CHANGE)
def survey_offline(request, organisation, pk, module):
    """Answers that came by letter, by phone or at a workshop, entered with the same
    questions (all on one page; conditions hold as online)."""
    project, module, survey = _survey(pk, module)
    questions = [q for q in queries.questions_of(survey) if q.is_question]
    form = OfflineForm(questions, _posted(request))
    if request.method == "POST" and form.is_valid():
        services.enter_offline(
            request.user, survey, answers_of(form, questions), form.cleaned_data["channel"]
        )
        messages.success(request, _("The answers have been entered."))
        return _back(project, module, "participation:survey_staff_offline")
    return render(
        request,
        "participation/surveys/staff/offline.html",
        _context(request, project, module, survey, form=form),
    )


def _responses(survey):
    return Response.objects.filter(questionnaire_id=survey.questionnaire_id)


@staff_view(EVALUATE)
def survey_results(request, organisation, pk, module):
    project, module, survey = _survey(pk, module)
    results = questionnaire_results(
        survey.questionnaire_id, params=request.GET, questions=queries.questions_of(survey)
    )
    offline = OfflineResponse.objects.filter(survey=survey).count()
    return render(
        request,
        "participation/surveys/staff/results.html",
        _context(
            request,
            project,
            module,
            survey,
            results=results,
            offline=offline,
            dimensions=representation.representation(survey),
        ),
    )


@staff_view(EVALUATE)
def survey_export_csv(request, organisation, pk, module):
    project, module, survey = _survey(pk, module)
    return exports.responses_csv(
        queries.questions_of(survey), _responses(survey), f"umfrage-{module.pk}.csv"
    )


@staff_view(EVALUATE)
def survey_export_xlsx(request, organisation, pk, module):
    project, module, survey = _survey(pk, module)
    return exports.responses_xlsx(
        queries.questions_of(survey), _responses(survey), f"umfrage-{module.pk}.xlsx"
    )


@staff_view(EVALUATE)
def survey_codebook_csv(request, organisation, pk, module):
    project, module, survey = _survey(pk, module)
    return exports.codebook_csv(queries.questions_of(survey), f"umfrage-{module.pk}-codebuch.csv")


@staff_view(EVALUATE)
def survey_participants(request, organisation, pk, module):
    """Who answered, for a survey that is not anonymous (for an anonymous one there is
    nothing to show: no mark names a response)."""
    project, module, survey = _survey(pk, module)
    if survey.anonymous:
        raise Http404
    marks = (
        SurveyParticipation.objects.filter(survey=survey, response__isnull=False)
        .select_related("user", "invitation", "access_code")
        .order_by("response_id")
    )
    page = Paginator(marks, 50).get_page(request.GET.get("seite"))
    return render(
        request,
        "participation/surveys/staff/participants.html",
        _context(request, project, module, survey, page=page),
    )


class DemographicsForm(forms.Form):
    """Up to three single-choice questions and the population's share of each option."""

    def __init__(self, survey, questions, demographics, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = [q for q in questions if q.kind == "single_choice"]
        chosen = {d.question_id: d for d in demographics}
        self.rows = []
        for question in self.candidates:
            known = chosen.get(question.pk)
            name = f"d{question.pk}"
            self.fields[name] = forms.BooleanField(
                label=_("“%(question)s” describes who took part") % {"question": question.label},
                required=False,
                initial=known is not None,
            )
            shares = []
            for choice in question.choices.all():
                share_name = f"d{question.pk}_{choice.pk}"
                self.fields[share_name] = forms.DecimalField(
                    label=_("Share of “%(option)s” in the population (percent)")
                    % {"option": choice.label},
                    required=False,
                    min_value=0,
                    max_value=100,
                    max_digits=5,
                    decimal_places=1,
                    initial=(known.reference.get(str(choice.pk)) if known else None),
                )
                shares.append((choice, share_name))
            self.fields[f"{name}_source"] = forms.CharField(
                label=_("Source of the figures"),
                required=False,
                max_length=300,
                initial=known.source if known else "",
            )
            self.rows.append((question, name, shares))

    def clean(self):
        cleaned = super().clean()
        if sum(1 for _q, name, _s in self.rows if cleaned.get(name)) > DEMOGRAPHICS_MAX:
            raise ValidationError(
                _("At most %(count)d questions can describe who took part.")
                % {"count": DEMOGRAPHICS_MAX}
            )
        return cleaned

    def demographic_rows(self) -> list:
        data = self.cleaned_data
        return [
            {
                "question": question.pk,
                "shares": {choice.pk: data.get(share) for choice, share in shares},
                "source": data.get(f"{name}_source", ""),
            }
            for question, name, shares in self.rows
            if data.get(name)
        ]

    def groups(self):
        """For the template: per question its tick, shares and source as bound fields."""
        return [
            (question, self[name], [self[share] for _c, share in shares], self[f"{name}_source"])
            for question, name, shares in self.rows
        ]


@staff_view(CHANGE)
def survey_demographics(request, organisation, pk, module):
    project, module, survey = _survey(pk, module)
    demographics = list(survey.demographics.all())
    form = DemographicsForm(survey, queries.questions_of(survey), demographics, _posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.set_demographics(request.user, survey, form.demographic_rows())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The reference figures have been saved."))
            return _back(project, module, "participation:survey_staff_demographics")
    return render(
        request,
        "participation/surveys/staff/demographics.html",
        _context(request, project, module, survey, form=form),
    )


@organisation_view
def public_results(request, organisation, pk, module):
    """The results for everyone who can see the project, once staff publish them."""
    project = get_object_or_404(Project.objects.select_related("organisation"), pk=pk)
    if not access.can_view(request.user, project):
        raise Http404
    project, module, survey = _survey(pk, module)
    if not survey.results_public:
        raise Http404
    results = questionnaire_results(
        survey.questionnaire_id, params=request.GET, questions=queries.questions_of(survey)
    )
    return render(
        request,
        "participation/surveys/results.html",
        {
            "organisation": organisation,
            "project": project,
            "module": module,
            "survey": survey,
            "results": results,
        },
    )
