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
