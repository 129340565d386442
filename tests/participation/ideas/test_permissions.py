"""Every URL of the idea collection for every kind of person: a visitor, a participant
without a verified address, a participant, the author, the organisation's editor, moderator
and admin, and the admin of another organisation. Public pages of a draft or internal
project look as if they did not exist; only moderators decide."""

import pytest
from django_scopes import scopes_disabled

from mitwirken.organisations.models import Role
from mitwirken.participation.models import Project
from mitwirken.participation.models_ideas import Category, Idea, StatusChange, Support

from ...factories import make_staff
from .helpers import make_collection, make_idea, project_url, url

pytestmark = pytest.mark.django_db

PEOPLE = ["visitor", "unverified", "participant", "author", "editor", "moderator", "admin", "other"]


@pytest.fixture
def people(org_b, staff_a, participant, author, unverified):
    return {
        "visitor": None,
        "unverified": unverified,
        "participant": participant,
        "author": author,
        "editor": staff_a[Role.EDITOR],
        "moderator": staff_a[Role.MODERATOR],
        "admin": staff_a[Role.ADMIN],
        "other": make_staff(org_b, Role.ADMIN),
    }


@pytest.fixture
def as_(client, people):
    def login(who):
        client.logout()
        if people[who] is not None:
            client.force_login(people[who])
        return client

    return login


def _to_login(response):
    return response.status_code == 302 and "/konto/" in response["Location"]


@pytest.mark.parametrize("who", PEOPLE)
def test_public_pages_of_a_published_project(as_, who, collection, author):
    idea = make_idea(collection, author, channel="online")
    client = as_(who)
    for path in (
        collection.module.get_absolute_url(),
        idea.get_absolute_url(),
        project_url("ideas_ledger_csv", collection),
        project_url("ideas_ledger_json", collection),
    ):
        assert client.get(path).status_code == 200, path
    submit = client.get(url("idea_submit", collection))
    report = client.get(url("idea_report", collection, idea=idea.pk))
    edit = client.get(url("idea_edit", collection, idea=idea.pk))
    withdraw = client.get(url("idea_withdraw", collection, idea=idea.pk))
    if who == "visitor":
        assert all(_to_login(r) for r in (submit, report, edit, withdraw))
        return
    assert submit.status_code == 200 and report.status_code == 200
    expected = 200 if who == "author" else 403
    assert (edit.status_code, withdraw.status_code) == (expected, expected)


@pytest.mark.parametrize("who", PEOPLE)
def test_submit_and_support_need_a_verified_account(as_, who, collection, author):
    idea = make_idea(collection, author)
    client = as_(who)
    submitted = client.post(url("idea_submit", collection), {"title": "Neu", "text": "Text"})
    supported = client.post(url("idea_support", collection, idea=idea.pk))
    with scopes_disabled():
        made = Idea.objects.filter(title="Neu").exists()
        supports = Support.objects.filter(idea=idea).count()
    if who == "visitor":
        assert _to_login(submitted) and _to_login(supported)
    may = who not in ("visitor", "unverified")
    assert (made, supports) == (may, 1 if may else 0)


STAFF_POSTS = {
    "staff_idea_status": lambda o: {"status": "in_review", "reason": "Wir prüfen."},
    "staff_idea_merge": lambda o: {"target": o["target"].pk, "reason": "Dasselbe"},
    "staff_idea_offline": lambda o: {
        "channel": "letter",
        "received_on": "2025-01-02",
        "title": "Per Brief",
        "text": "Text",
    },
    "staff_idea_categories": lambda o: {"names": "Nur eine"},
}


def _state(collection):
    with scopes_disabled():
        return (
            StatusChange.objects.count(),
            Idea.objects.filter(collection=collection).count(),
            list(Category.objects.filter(collection=collection).values_list("name", flat=True)),
        )


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("name", sorted(STAFF_POSTS))
def test_only_moderators_decide(as_, who, name, collection, author):
    idea = make_idea(collection, author)
    target = make_idea(collection, author, title="Ziel")
    found = {"target": target}
    kwargs = {"idea": idea.pk} if name in ("staff_idea_status", "staff_idea_merge") else {}
    before = _state(collection)
    response = as_(who).post(url(name, collection, **kwargs), STAFF_POSTS[name](found))
    after = _state(collection)
    if who in ("moderator", "admin"):
        assert response.status_code == 302 and "/verwaltung/" in response["Location"]
        assert before != after or name == "staff_idea_merge"
        if name == "staff_idea_merge":
            idea.refresh_from_db()
            assert idea.merged_into_id == target.pk
    else:
        if who == "visitor":
            assert _to_login(response)
        else:
            assert response.status_code in (403, 404)
        assert before == after
        idea.refresh_from_db()
        assert idea.merged_into_id is None


@pytest.mark.parametrize(
    "status, access", [(Project.Status.DRAFT, "public"), (Project.Status.PUBLISHED, "internal")]
)
@pytest.mark.parametrize("who", ["visitor", "participant", "other"])
def test_a_draft_or_internal_project_does_not_exist_for_outsiders(
    as_, who, org_a, author, status, access
):
    collection = make_collection(org_a, status=status, access=access, title="Nicht öffentlich")
    idea = make_idea(collection, author)
    client = as_(who)
    for path in (
        collection.module.get_absolute_url(),
        idea.get_absolute_url(),
        url("idea_submit", collection),
        project_url("ideas_ledger_csv", collection),
        project_url("ideas_ledger_json", collection),
    ):
        assert client.get(path).status_code == 404, path
    assert client.post(url("idea_support", collection, idea=idea.pk)).status_code == 404


def test_an_invited_project_lets_only_the_invited_support(as_, org_a, author, participant):
    from django_scopes import scope

    from mitwirken.participation.models import Invitation

    collection = make_collection(org_a, access="invited", title="Nur mit Einladung")
    idea = make_idea(collection, author)
    client = as_("participant")
    assert client.get(idea.get_absolute_url()).status_code == 200
    assert client.post(url("idea_support", collection, idea=idea.pk)).status_code == 403
    with scope(organisation=org_a):
        Invitation.objects.create(project=collection.module.project, email=participant.email)
    assert client.post(url("idea_support", collection, idea=idea.pk)).status_code == 302
    with scopes_disabled():
        assert Support.objects.filter(idea=idea, user=participant).exists()
