"""The list of ideas: a constant number of queries whatever the number of ideas, supports
and comments, for every sort; the random order is the visitor's own, the same on every page
and visit of their session, and another visitor's differs; hostile query strings and ids
get a page or a 404, never an error."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django_scopes import scope

from mitwirken.comments.models import Comment
from mitwirken.participation import ideas_queries
from mitwirken.participation.models_ideas import Idea, Support

from ...factories import UserFactory
from .helpers import url

pytestmark = pytest.mark.django_db


def _fill(collection, count, people):
    organisation = collection.module.project.organisation
    with scope(organisation=organisation):
        categories = list(collection.categories.all())
        districts = list(collection.module.project.districts.all())
        ideas = Idea.objects.bulk_create(
            [
                Idea(
                    collection=collection,
                    author=people[n % len(people)],
                    title=f"Idee {n:03d}",
                    text="Text",
                    category=categories[n % len(categories)],
                    district=districts[n % len(districts)],
                )
                for n in range(count)
            ]
        )
        Support.objects.bulk_create(
            [Support(idea=idea, user=person) for idea in ideas for person in people[: idea.pk % 4]]
        )
        idea_type = ContentType.objects.get_for_model(Idea)
        Comment.objects.bulk_create(
            [
                Comment(
                    organisation=organisation,
                    content_type=idea_type,
                    object_id=idea.pk,
                    author=people[0],
                    text="Kommentar",
                )
                for idea in ideas[::2]
            ]
        )
    return ideas


def _titles(response) -> list[str]:
    return re.findall(r">(Idee \d{3})</a>", response.content.decode())


@pytest.mark.parametrize("sort", ideas_queries.SORTS)
def test_the_list_makes_the_same_number_of_queries_for_5_and_60_ideas(
    client, org_a, collection, sort, django_assert_max_num_queries, participant
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    people = [UserFactory() for _ in range(4)]
    _fill(collection, 5, people)
    client.force_login(participant)
    page = collection.module.get_absolute_url()
    client.get(page)  # the session's seed
    with CaptureQueriesContext(connection) as small:
        response = client.get(page, {"sortierung": sort})
    assert response.status_code == 200 and len(_titles(response)) == 5
    _fill(collection, 55, people)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(page, {"sortierung": sort, "status": "received"})
    assert len(_titles(response)) == ideas_queries.IDEAS_PER_PAGE


def test_sorted_by_support_and_discussion(client, collection, author):
    ideas = _fill(collection, 8, [UserFactory() for _ in range(4)])
    page = collection.module.get_absolute_url()
    supported = _titles(client.get(page, {"sortierung": "unterstuetzt"}))
    counts = {idea.title: idea.pk % 4 for idea in ideas}
    assert [counts[t] for t in supported] == sorted(counts.values(), reverse=True)
    discussed = _titles(client.get(page, {"sortierung": "diskutiert"}))
    commented = {idea.title for idea in ideas[::2]}
    assert set(discussed[: len(commented)]) == commented


def _cards(response) -> list[tuple[str, int, int]]:
    """(title, supporters, comments) of each card, in the order of the page."""
    text = response.content.decode()
    return [
        (title, int(supports), int(comments))
        for title, supports, comments in re.findall(
            r">(Idee \d{3})</a>.*?(\d+) Unterstützung.*?(\d+) Kommentar", text, re.S
        )
    ]


@pytest.mark.parametrize("sort", ideas_queries.SORTS)
def test_a_late_page_shows_its_ideas_in_order_with_their_counts(client, collection, sort):
    """The page's ideas are read apart from their order (the counts for the 20 of the page
    only): the last page holds the rest of the order, each idea with its own counts."""
    people = [UserFactory() for _ in range(4)]
    ideas = _fill(collection, 45, people)
    page = collection.module.get_absolute_url()
    client.get(page)  # the session's seed
    shown = []
    for number in (1, 2, 3):
        shown += _cards(client.get(page, {"sortierung": sort, "seite": number}))
    assert sorted(title for title, _s, _c in shown) == sorted(i.title for i in ideas)
    expected = {i.title: (i.pk % 4, 1 if n % 2 == 0 else 0) for n, i in enumerate(ideas)}
    assert all(expected[title] == (s, c) for title, s, c in shown)
    if sort == ideas_queries.SORT_SUPPORTED:
        assert [s for _t, s, _c in shown] == sorted((s for _t, s, _c in shown), reverse=True)
    if sort == ideas_queries.SORT_DISCUSSED:
        assert [c for _t, _s, c in shown] == sorted((c for _t, _s, c in shown), reverse=True)


def test_the_counts_do_not_join_the_scope_again_for_every_idea(client, collection):
    """The outer query is scoped to one collection; the counts' subqueries read supports
    and comments by the idea alone (the scoped manager joined idea, collection, module and
    project once more per idea: 181 of 313 ms at 10,000 ideas, bench/ideas.py)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _fill(collection, 3, [UserFactory() for _ in range(2)])
    with CaptureQueriesContext(connection) as captured:
        client.get(collection.module.get_absolute_url(), {"sortierung": "unterstuetzt"})
    counted = [q["sql"] for q in captured.captured_queries if "participation_support" in q["sql"]]
    assert counted
    for sql in counted:
        assert sql.count('JOIN "participation_project"') <= 1, sql


def test_random_order_is_stable_per_visitor_and_across_pages(collection):
    _fill(collection, 50, [UserFactory() for _ in range(2)])
    page = collection.module.get_absolute_url()

    def all_pages(client):
        titles = []
        for number in (1, 2, 3):
            titles += _titles(client.get(page, {"seite": number}))
        return titles

    first, second = Client(), Client()
    order = all_pages(first)
    assert sorted(order) == sorted(f"Idee {n:03d}" for n in range(50))  # each once
    assert all_pages(first) == order  # the same on the next visit
    other = all_pages(second)
    assert sorted(other) == sorted(order) and other != order
    assert order != sorted(order) and order != sorted(order, reverse=True)
    newest_first = sorted(order, reverse=True)
    early = set(newest_first[-10:])  # the ten first ideas are not all at the end or start
    assert not early <= set(order[:10]) and not early <= set(order[-10:])


@pytest.mark.parametrize(
    "query",
    [
        {"kategorie": "9" * 30},
        {"kategorie": "-1", "stadtteil": "abc"},
        {"status": "'; DROP TABLE x"},
        {"sortierung": "\x00"},
        {"seite": "999999999999999999999"},
        {"seite": "-3", "kategorie": "99999999999999999"},
    ],
)
def test_hostile_query_strings_get_a_page(client, collection, query):
    assert client.get(collection.module.get_absolute_url(), query).status_code == 200


@pytest.mark.parametrize("idea_id", ["0", "999999999999999999", "1" * 18])
def test_unknown_or_huge_ids_are_404(client, collection, idea_id, participant):
    client.force_login(participant)
    for name in ("idea_detail", "idea_edit", "idea_withdraw", "idea_report"):
        assert client.get(url(name, collection, idea=int(idea_id))).status_code == 404
    assert client.post(url("idea_support", collection, idea=int(idea_id))).status_code == 404


def test_overlong_text_and_foreign_choices_get_german_errors(client, collection, author):
    client.force_login(author)
    response = client.post(
        url("idea_submit", collection),
        {"title": "T" * 500, "text": "x" * 6000, "category": "9" * 25, "district": "abc"},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "höchstens 150 Zeichen" in text and "höchstens 5000 Zeichen" in text
    assert "Bitte wählen Sie einen der angebotenen Einträge." in text
    assert "T" * 500 in text  # what was typed is still there
    assert not Idea.objects.exists()


def test_hostile_staff_input_gets_german_errors(client, collection, author, staff_a):
    from mitwirken.organisations.models import Role

    from .helpers import make_idea

    idea = make_idea(collection, author)
    client.force_login(staff_a[Role.MODERATOR])
    response = client.post(
        url("staff_idea_status", collection, idea=idea.pk),
        {"status": "implemented", "reason": "x" * 3000},
    )
    text = response.content.decode()
    assert "Bitte wählen Sie einen der angebotenen Einträge." in text
    assert "höchstens 2000 Zeichen" in text
    merge = client.post(
        url("staff_idea_merge", collection, idea=idea.pk), {"target": idea.pk, "reason": "x"}
    )
    assert "Bitte wählen Sie einen der angebotenen Einträge." in merge.content.decode()
    offline = client.post(
        url("staff_idea_offline", collection),
        {"channel": "online", "received_on": "3000-01-01", "title": "x", "text": "y"},
    )
    assert "Zukunft" in offline.content.decode()
