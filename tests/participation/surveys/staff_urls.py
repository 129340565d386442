"""The staff URLs of the survey module, for the permission matrix
(tests/permission_matrix.py), added to tests/participation/staff_urls.py."""

from django_scopes import scopes_disabled

from mitwirken.organisations.models import Role

from ...permission_matrix import StaffURL
from .factories import ask, make_survey

ADMIN, EDITOR, MODERATOR = Role.ADMIN.value, Role.EDITOR.value, Role.MODERATOR.value
CHANGE = {ADMIN, EDITOR}
EVALUATE = {ADMIN, EDITOR, MODERATOR}


def objects(organisation) -> dict:
    survey = make_survey(organisation, anonymous=False)
    first = ask(survey, "yes_no", "Erste Frage der Matrix")
    second = ask(survey, "short_text", "Zweite Frage der Matrix")
    return {"survey": survey, "first_question": first, "second_question": second}


def _module(o):
    return {"pk": o["survey"].module.project_id, "module": o["survey"].module.pk}


def _question(name):
    return lambda o: {**_module(o), "question": o[name].pk}


def _positions(o):
    with scopes_disabled():
        return list(
            o["survey"].questionnaire.questions.order_by("position").values_list("pk", flat=True)
        )


def _labels(o):
    with scopes_disabled():
        return sorted(o["survey"].questionnaire.questions.values_list("label", flat=True))


def _settings(o):
    with scopes_disabled():
        return o["survey"].__class__.objects.filter(pk=o["survey"].pk).values().get()["margin"]


def _config(o):
    with scopes_disabled():
        o["second_question"].refresh_from_db()
        return o["second_question"].config


def _responses(o):
    from mitwirken.questionnaires.models import Response

    with scopes_disabled():
        return Response.objects.filter(questionnaire_id=o["survey"].questionnaire_id).count()


def _demographics(o):
    from mitwirken.participation.models_surveys import DemographicQuestion

    with scopes_disabled():
        return DemographicQuestion.objects.filter(survey=o["survey"]).count()


STAFF_URLS = {
    "participation:survey_staff": StaffURL(
        CHANGE,
        "post",
        kwargs=_module,
        data=lambda o: {"anonymous": "", "answerers": "anyone", "draft_days": "30", "margin": "9"},
        effect=_settings,
    ),
    "participation:survey_staff_questions": StaffURL(
        CHANGE,
        "post",
        kwargs=_module,
        data=lambda o: {"kind": "short_text", "label": "Neu aus der Matrix", "help_text": ""},
        effect=_labels,
    ),
    "participation:survey_staff_question": StaffURL(
        CHANGE,
        "post",
        kwargs=_question("first_question"),
        data=lambda o: {"kind": "yes_no", "label": "Umbenannt", "help_text": ""},
        effect=_labels,
    ),
    "participation:survey_staff_question_condition": StaffURL(
        CHANGE,
        "post",
        kwargs=_question("second_question"),
        data=lambda o: {"answers": [f"{o['first_question'].pk}:true"]},
        effect=_config,
    ),
    "participation:survey_staff_question_delete": StaffURL(
        CHANGE, "post", kwargs=_question("second_question"), effect=_labels
    ),
    "participation:survey_staff_question_up": StaffURL(
        CHANGE, "post", kwargs=_question("second_question"), effect=_positions
    ),
    "participation:survey_staff_question_down": StaffURL(
        CHANGE, "post", kwargs=_question("first_question"), effect=_positions
    ),
    "participation:survey_staff_preview": StaffURL(CHANGE, kwargs=_module),
    "participation:survey_staff_offline": StaffURL(
        CHANGE,
        "post",
        kwargs=_module,
        data=lambda o: {"channel": "letter", f"q{o['second_question'].pk}": "per Brief"},
        effect=_responses,
    ),
    "participation:survey_staff_demographics": StaffURL(CHANGE, kwargs=_module),
    "participation:survey_staff_results": StaffURL(EVALUATE, kwargs=_module),
    "participation:survey_staff_csv": StaffURL(EVALUATE, kwargs=_module),
    "participation:survey_staff_xlsx": StaffURL(EVALUATE, kwargs=_module),
    "participation:survey_staff_codebook": StaffURL(EVALUATE, kwargs=_module),
    "participation:survey_staff_participants": StaffURL(EVALUATE, kwargs=_module),
}
