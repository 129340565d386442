"""What participation keeps about a person is in "Meine Daten" and goes with the account;
"Meine Beteiligung" lists what the registered module kinds say the person contributed."""

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from mitwirken.core import personal_data as registry
from mitwirken.participation import feedback, invitations, mine
from mitwirken.participation.models import FeedbackSubscription, Invitation

from ..factories import UserFactory
from .factories import make_project

pytestmark = pytest.mark.django_db


def _handler():
    return next(h for h in registry.handlers() if h.section == "participation")


def test_invitations_and_wishes_to_be_told_are_exported_and_erased(org_a):
    person = UserFactory(email="Bürgerin@example.org".replace("ü", "ue"))
    project = make_project(org_a, access="invited")
    with scope(organisation=org_a):
        invitations.invite(None, project, ["BUERGERIN@example.org", "andere@example.org"])
        feedback.subscribe(project, "buergerin@example.org", person)
    data = _handler().export(person)
    assert [i["email"] for i in data["invitations"]] == ["BUERGERIN@example.org"]
    assert data["told_about_feedback"][0]["project"] == project.title
    _handler().erase(person)
    with scopes_disabled():
        assert list(Invitation.objects.values_list("email", flat=True)) == ["andere@example.org"]
        assert not FeedbackSubscription.objects.exists()


def test_my_participation_lists_what_the_modules_report(client, org_a, participant):
    project = make_project(org_a, title="Spielplätze")

    def source(user):
        if user != participant:
            return []
        return [mine.Contribution(project, "Idee", "Mehr Schaukeln", "Angenommen", "/x/")]

    mine.register_contributions(source)
    try:
        assert client.get(reverse("participation:mine")).status_code == 302  # login first
        client.force_login(participant)
        html = client.get(reverse("participation:mine")).content.decode()
        assert "Mehr Schaukeln" in html and "Angenommen" in html and "Spielplätze" in html
        client.force_login(UserFactory())
        html = client.get(reverse("participation:mine")).content.decode()
        assert "Mehr Schaukeln" not in html
        assert "noch nicht an einem Beteiligungsverfahren beteiligt" in html
    finally:
        mine._sources.remove(source)
