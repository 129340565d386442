"""Seed 003: under the public notes of a network meeting, "Bitte loggen Sie sich rechts oben
ein, um Kommentare zu schreiben": visitors read the comments and see the login prompt, people
with an account comment, and members-only notes keep their comments closed too."""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django_scopes import scopes_disabled

from mitwirken.networks.models import MeetingNotes

from .meeting_helpers import make_meeting, setup, url


def _notes(network):
    meeting = make_meeting(network)
    with scopes_disabled():
        notes = MeetingNotes.objects.create(meeting=meeting, text="Erwartungen gesammelt")
    return meeting, notes


def test_visitors_read_comments_under_public_notes_and_are_asked_to_log_in(org_a):
    network, people = setup(org_a)  # notes are public by default
    meeting, notes = _notes(network)
    page_url = url("meeting", network, meeting=meeting.pk)
    visitor = people.client("visitor")
    page = visitor.get(page_url).content.decode()
    assert "Bitte melden Sie sich an, um zu kommentieren" in page
    participant = people.client("participant")
    with scopes_disabled():
        content_type = ContentType.objects.get_for_model(MeetingNotes)
    post_url = reverse(
        "comments:post",
        kwargs={"org": org_a.slug, "content_type_id": content_type.pk, "object_id": notes.pk},
    )
    response = participant.post(post_url, {"text": "Danke für den Bericht aus Köln!"})
    assert response.status_code == 302
    assert "Danke für den Bericht aus Köln!" in visitor.get(page_url).content.decode()


def test_comments_under_members_only_notes_stay_closed(org_a):
    network, people = setup(org_a, notes_audience="members")
    meeting, notes = _notes(network)
    with scopes_disabled():
        content_type = ContentType.objects.get_for_model(MeetingNotes)
    post_url = reverse(
        "comments:post",
        kwargs={"org": org_a.slug, "content_type_id": content_type.pk, "object_id": notes.pk},
    )
    response = people.client("participant").post(post_url, {"text": "Von außen"})
    assert response.status_code in (403, 404)
    member = people.client("member")
    assert member.post(post_url, {"text": "Von innen"}).status_code == 302
    page = people.client("visitor").get(url("meeting", network, meeting=meeting.pk))
    assert "Von innen" not in page.content.decode()


def test_a_result_has_a_page_with_its_comments_and_deleting_it_asks_first(org_a):
    from mitwirken.networks.models import Result

    network, people = setup(org_a)
    with scopes_disabled():
        result = Result.objects.create(
            network=network,
            title="Behörden beteiligen Bürger",
            url="https://example.org/publikation.pdf",
            date="2013-11-28",
        )
    page = people.client("visitor").get(url("result", network, result=result.pk))
    text = page.content.decode()
    assert page.status_code == 200 and "Behörden beteiligen Bürger" in text
    assert "Bitte melden Sie sich an, um zu kommentieren" in text
    assert "Netzwerk-Profil anlegen" in text
    coordinator = people.client("coordinator")
    confirm = coordinator.get(url("result_delete", network, result=result.pk))
    assert confirm.status_code == 200 and "Ja, Ergebnis löschen" in confirm.content.decode()
    with scopes_disabled():
        assert Result.objects.filter(pk=result.pk).exists()  # asking deletes nothing


def test_deleting_a_result_deletes_its_comments(org_a):
    from mitwirken.comments.models import Comment
    from mitwirken.networks.models import Result

    network, people = setup(org_a)
    with scopes_disabled():
        result = Result.objects.create(
            network=network, title="Leitfaden", url="https://example.org/l.pdf", date="2014-01-01"
        )
        Comment.objects.create(
            organisation=org_a,
            content_type=ContentType.objects.get_for_model(Result),
            object_id=result.pk,
            author=people.users["member"],
            text="Sehr hilfreich",
        )
    people.client("coordinator").post(url("result_delete", network, result=result.pk))
    with scopes_disabled():
        assert not Result.objects.filter(pk=result.pk).exists()
        assert not Comment.objects.filter(text="Sehr hilfreich").exists()
