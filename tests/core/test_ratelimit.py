"""The one rate-limit mechanism (core.ratelimit on django-ratelimit): per address or per
account, each action on its own."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from mitwirken.core.ratelimit import allow

from ..factories import UserFactory


def _request(address="192.0.2.10", user=None, **meta):
    request = RequestFactory().post("/", REMOTE_ADDR=address, **meta)
    request.user = user or AnonymousUser()
    return request


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "test": (3, 60), "other": (3, 60)}


def test_an_address_is_limited_and_others_are_not():
    assert [allow(_request(), "test") for _ in range(4)] == [True, True, True, False]
    assert allow(_request("192.0.2.11"), "test")
    assert allow(_request(), "other")  # each action counts on its own


def test_an_ipv6_client_cannot_dodge_the_limit_within_its_network():
    addresses = [f"2001:db8:1:2::{n}" for n in range(1, 5)]
    assert [allow(_request(a), "test") for a in addresses] == [True, True, True, False]


@pytest.mark.django_db
def test_per_account_a_person_is_limited_from_every_address():
    person = UserFactory()
    answers = [allow(_request(f"192.0.2.{n}", person), "test", per="account") for n in range(4)]
    assert answers == [True, True, True, False]
    assert allow(_request("192.0.2.1", UserFactory(email="b@example.org")), "test", per="account")


def test_behind_a_trusted_proxy_the_forwarded_address_counts(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    forwarded = {"HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    assert [allow(_request("127.0.0.1", **forwarded), "test") for _ in range(4)][-1] is False
    assert allow(_request("127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8"), "test")


@pytest.mark.django_db
def test_the_honeypot_refuses_a_filled_field_in_every_anonymous_form(client, org_a):
    """One mixin for the barrier report and the event registration; its field comes last."""
    from ..events.factories import make_event

    event = make_event(org_a)
    data = {"name": "Bot", "email": "bot@example.org", "accept_privacy": "on"}
    response = client.post(event.get_absolute_url(), {**data, "homepage": "http://spam.example"})
    assert response.status_code == 200
    assert "Ihre Anmeldung konnte nicht gesendet werden" in response.content.decode()
    page = client.get(event.get_absolute_url()).content.decode()
    form = page[page.index('name="name"') :]
    assert form.index('name="accept_privacy"') < form.index('name="homepage"')
    assert client.post(event.get_absolute_url(), data).status_code == 302  # people pass
