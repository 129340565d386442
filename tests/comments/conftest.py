"""No app registers a commentable yet: these tests register events (published ones may be
read and commented by everyone with a verified address; a named person moderates them, as
a network's coordinator will) and unregister them afterwards."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from mitwirken.comments.registry import register_commentable, unregister_commentable
from mitwirken.events.models import Event

from ..events.factories import make_event
from ..factories import UserFactory


@pytest.fixture
def event_moderator(db):
    return UserFactory(email="koordination@example.org", display_name="Koordinatorin")


@pytest.fixture
def commentable(event_moderator):
    register_commentable(
        Event,
        can_read=lambda user, event: event.status == Event.Status.PUBLISHED,
        can_write=lambda user, event: True,
        moderators=lambda event: get_user_model().objects.filter(pk=event_moderator.pk),
        url=lambda event: reverse(
            "events:detail", kwargs={"org": event.organisation.slug, "pk": event.pk}
        ),
        title=lambda event: event.title,
        organisation=lambda event: event.organisation,
        signup=lambda request, event: ("/netzwerk-profil/", "Netzwerk-Profil anlegen"),
    )
    yield Event
    unregister_commentable(Event)


@pytest.fixture
def event(org_a, commentable):
    return make_event(org_a, title="Bürgerhaushalt 2027")
