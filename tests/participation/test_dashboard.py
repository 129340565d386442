"""The evaluation dashboard: each module's figures and the contributions week by week, as a
chart with its table, for every staff role of the organisation."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from mitwirken.organisations.models import Role
from mitwirken.participation.dashboard import weeks_of
from mitwirken.participation.surveys import services
from mitwirken.questionnaires.models import Response

from .surveys.factories import ask, make_survey

pytestmark = pytest.mark.django_db


def test_weeks_without_contributions_are_shown_as_gaps():
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    weeks = weeks_of({monday: 2, monday + timedelta(days=1): 3, monday + timedelta(weeks=2): 1})
    assert [w.count for w in weeks] == [5, 0, 1]
    assert weeks_of({}) == []


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.EDITOR])
def test_staff_see_responses_by_channel_and_per_week(client, org_a, staff_a, role):
    survey = make_survey(org_a)
    question = ask(survey, "short_text", "Was fehlt im Quartier?")
    with scope(organisation=org_a):
        for answer in ("Bänke", "Bäume", "Licht"):
            services.enter_offline(None, survey, {question: answer}, "letter")
        services.enter_offline(None, survey, {question: "Ruhe"}, "workshop")
    with scopes_disabled():
        earlier = Response.objects.filter(questionnaire=survey.questionnaire_id).first()
        earlier.submitted_at -= timedelta(weeks=3)
        earlier.save()
    client.force_login(staff_a[role])
    project = survey.module.project
    response = client.get(
        reverse("participation:staff_dashboard", kwargs={"org": org_a.slug, "pk": project.pk})
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Antworten" in html and "per Brief" in html and "per Workshop" in html
    assert "4 Beiträge in allen Modulen" in html
    assert 'role="img"' in html and "Beiträge pro Woche" in html
    assert html.count('<tr class="kern-table__row">') >= 1 + 4  # header and four weeks


def test_the_idea_collection_counts_ideas_by_channel_and_status(client, org_a, staff_a):
    from mitwirken.participation.demo_ideas import fill_ideas
    from mitwirken.participation.models import Module

    from ..factories import UserFactory
    from .factories import make_module, make_project

    project = make_project(org_a)
    module = make_module(project, kind=Module.Kind.IDEAS, title="Ideen")
    with scopes_disabled():
        collection = module.idea_collection
    fill_ideas(collection, [UserFactory(), UserFactory()], 18)
    client.force_login(staff_a[Role.MODERATOR])
    html = client.get(
        reverse("participation:staff_dashboard", kwargs={"org": org_a.slug, "pk": project.pk})
    ).content.decode()
    assert "Ideen" in html and "per Brief" in html and "Status: Umgesetzt" in html
    assert "Unterstützungen" in html and "18 Beiträge in allen Modulen" in html
