"""Who sees which events, asked through the registry (core.visibility) as the portal, the
search and the API will ask."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django_scopes import scopes_disabled

from mitwirken.core.visibility import registered, visible
from mitwirken.events.models import Event
from mitwirken.organisations.models import Role

from ..factories import OrganisationFactory
from .factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(org_a, org_b):
    inactive = OrganisationFactory(name="Alt", slug="alt", is_active=False)
    return {
        "a published": make_event(org_a),
        "a cancelled": make_event(org_a, status=Event.Status.CANCELLED),
        "a draft": make_event(org_a, status=Event.Status.DRAFT),
        "b published": make_event(org_b),
        "b draft": make_event(org_b, status=Event.Status.DRAFT),
        "inactive": make_event(inactive),
    }


def _seen(user, events):
    with scopes_disabled():
        ids = set(visible(Event, user).values_list("pk", flat=True))
    return {name for name, event in events.items() if event.pk in ids}


def test_events_register_their_rule():
    assert Event in registered()


def test_visitors_and_participants_see_what_is_published(events, participant):
    public = {"a published", "a cancelled", "b published"}
    assert _seen(None, events) == public
    assert _seen(AnonymousUser(), events) == public
    assert _seen(participant, events) == public


def test_staff_see_the_drafts_of_their_own_organisation_only(events, staff_a):
    for role in Role.values:
        assert _seen(staff_a[role], events) == {
            "a published",
            "a cancelled",
            "a draft",
            "b published",
        }


def test_the_platform_admin_sees_everything(events, platform_admin):
    assert _seen(platform_admin, events) == set(events)
