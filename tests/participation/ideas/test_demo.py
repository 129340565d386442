"""The demo filler: 40 ideas at every status, with supports, comments, offline channels,
a merged duplicate, a withdrawn idea; the pages show them."""

import pytest
from django_scopes import scopes_disabled

from mitwirken.comments.models import Comment
from mitwirken.participation.demo_ideas import fill_ideas
from mitwirken.participation.models_ideas import Idea, StatusChange, Support

from ...factories import UserFactory
from .helpers import project_url

pytestmark = pytest.mark.django_db


def test_fill_ideas_makes_every_status_and_the_pages_show_them(client, collection, staff_a):
    from mitwirken.organisations.models import Role

    authors = [UserFactory() for _ in range(6)]
    ideas = fill_ideas(collection, authors, count=40, decided_by=staff_a[Role.MODERATOR])
    assert len(ideas) == 40
    with scopes_disabled():
        assert set(Idea.objects.values_list("status", flat=True)) == set(Idea.Status.values)
        assert set(Idea.objects.values_list("channel", flat=True)) == set(Idea.Channel.values)
        assert Idea.objects.filter(merged_into__isnull=False).count() == 1
        assert Idea.objects.filter(withdrawn_at__isnull=False).count() == 1
        assert Support.objects.count() > 40 and Comment.objects.count() > 10
        assert StatusChange.objects.exclude(reason="").count() == StatusChange.objects.count()
    assert client.get(collection.module.get_absolute_url()).status_code == 200
    for idea in ideas[:8]:
        assert client.get(idea.get_absolute_url()).status_code == 200
    assert client.get(project_url("ideas_ledger_csv", collection)).status_code == 200
