"""Who may register: an event can be open only to the people a registered check lets in
(networks registers "members of the linked network"); a refused person sees the reason and
the way in, a visitor is asked to log in, and the service refuses them too."""

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from mitwirken.events import eligibility, services
from mitwirken.events.models import Registration

from ..factories import UserFactory
from .factories import make_event

INVITED = "invited@example.org"


@pytest.fixture
def invited_only():
    """A check of the tests' own: only one address may register."""

    def check(event, user):
        return None if user.email == INVITED else "Nur für eingeladene Personen."

    eligibility.register_eligibility(
        "test_invited",
        "Eingeladene",
        check,
        lambda event: ("/einladung/", "So werden Sie eingeladen"),
    )
    yield
    eligibility._registry.pop("test_invited")


@pytest.fixture
def event(org_a, invited_only):
    return make_event(org_a, capacity=5, eligibility="test_invited")


def _page(client, event):
    return client.get(
        reverse("events:detail", kwargs={"org": event.organisation.slug, "pk": event.pk})
    ).content.decode()


def _post(client, event, **data):
    return client.post(
        reverse("events:detail", kwargs={"org": event.organisation.slug, "pk": event.pk}),
        {"name": "Ina", "accept_privacy": "on", **data},
    )


def test_a_visitor_is_asked_to_log_in_and_cannot_sign_up(client, event):
    page = _page(client, event)
    assert "Bitte melden Sie sich an." in page
    assert 'name="email"' not in page  # no form
    _post(client, event, email="besuch@example.org")
    with scopes_disabled():
        assert not Registration.objects.filter(event=event).exists()
    with scope(organisation=event.organisation), pytest.raises(services.RegistrationError):
        services.register(
            event, name="Ina", email="besuch@example.org", answers={}, privacy_version="v1"
        )


def test_a_refused_person_sees_the_reason_and_the_way_in(client, event):
    client.force_login(UserFactory(email="andere@example.org"))
    page = _page(client, event)
    assert "Nur für eingeladene Personen." in page
    assert '<a class="kern-link" href="/einladung/">So werden Sie eingeladen</a>' in page
    response = _post(client, event)
    assert "Nur für eingeladene Personen." in response.content.decode()
    with scopes_disabled():
        assert not Registration.objects.filter(event=event).exists()


def test_an_eligible_person_registers(client, event):
    person = UserFactory(email=INVITED)
    client.force_login(person)
    assert "Nur für eingeladene Personen." not in _page(client, event)
    response = _post(client, event)
    assert response.status_code == 302
    with scopes_disabled():
        assert Registration.objects.get(event=event).user == person
        assert Registration.objects.get(event=event).status == Registration.Status.CONFIRMED


def test_an_unknown_code_refuses_registration(client, org_a):
    event = make_event(org_a, eligibility="gone")
    client.force_login(UserFactory())
    assert "Die Anmeldung zu dieser Veranstaltung ist nicht geöffnet." in _page(client, event)
    with scope(organisation=org_a), pytest.raises(services.RegistrationError):
        services.register(
            event, name="Ina", email="", answers={}, privacy_version="v1", user=UserFactory()
        )


def test_without_a_code_everyone_registers(client, org_a):
    event = make_event(org_a)
    assert eligibility.refusal(event, None) is None
    assert 'name="email"' in _page(client, event)
