"""The survey's figures on the project's dashboard: responses (online, and offline by
channel) and responses per day (anonymous ones carry only their day)."""

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils.translation import gettext as _

from mitwirken.questionnaires.models import Response

from ..dashboard import ModuleStatistics
from ..models_surveys import OfflineResponse
from .queries import survey_of


def statistics(module) -> ModuleStatistics:
    survey = survey_of(module)
    if survey is None:
        return ModuleStatistics()
    responses = Response.objects.filter(questionnaire_id=survey.questionnaire_id)
    per_day = {
        row["day"]: row["count"]
        for row in responses.annotate(day=TruncDate("submitted_at"))
        .values("day")
        .annotate(count=Count("pk"))
        .order_by()
    }
    total = sum(per_day.values())
    offline = dict(
        OfflineResponse.objects.filter(survey=survey)
        .values_list("channel")
        .annotate(count=Count("pk"))
        .order_by()
    )
    figures = [(_("Responses"), total), (_("of them online"), total - sum(offline.values()))]
    for value, label in OfflineResponse.Channel.choices:
        if offline.get(value):
            figures.append((_("by %(channel)s") % {"channel": label}, offline[value]))
    url = reverse(
        "participation:survey_staff_results",
        kwargs={
            "org": module.project.organisation.slug,
            "pk": module.project_id,
            "module": module.pk,
        },
    )
    return ModuleStatistics(figures=figures, per_day=per_day, url=url)
