"""Members-only content never appears where members are not: a unique word is planted in
every members-only field of a network (discussion, news, documents, meeting notes with their
items and photos, comments under them, profile fields for members, an application's message),
then the portal is crawled as a visitor and as a participant who is no member, every linked
page (lists, feeds, network pages, JSON) and the direct addresses of the planted things; and
no mail of the network's activity carries it, to anyone."""

import re
from collections import deque

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from mitwirken.comments.models import Comment
from mitwirken.networks import discussion
from mitwirken.networks.models import MeetingNotes, Membership, MembershipStep, NotesItem
from mitwirken.networks.news import publish_news
from mitwirken.networks.notification_models import News
from mitwirken.networks.profiles.services import save_profile

from ..factories import UserFactory
from .factories import make_member, make_network
from .meeting_helpers import make_document, make_meeting, make_photos

WORD = "Geheimwort7Q"  # in texts: never outside the network, never in a mail
TITLE = "Titelwort5K"  # in titles: members' mails may name them, nobody else sees them
CRAWL_LIMIT = 400
SKIP = ("/admin/", "/static/", "/konto/logout", "/konto/abmelden")


@pytest.fixture
def planted(org_a, django_capture_on_commit_callbacks):
    network = make_network(
        org_a,
        members_audience="members",
        discussion_audience="members",
        documents_audience="members",
        notes_audience="members",
    )
    coordinator = make_member(network, role=Membership.Role.COORDINATOR).user
    member = make_member(network, UserFactory(display_name="Erika Muster")).user
    save_profile(
        member,
        function=f"Beauftragte {WORD}",
        offers=f"Biete {WORD}",
        function_visibility="members",
        offers_visibility="members",
    )
    applicant = make_member(network, status=Membership.Status.APPLIED)
    with scopes_disabled():
        MembershipStep.objects.filter(membership=applicant).update(text=f"Bewerbung {WORD}")
    with django_capture_on_commit_callbacks(execute=True), scope(organisation=org_a):
        thread = discussion.start_thread(
            member, network, title=f"Thema {TITLE}", text=f"Text {WORD} @{coordinator.display_name}"
        )
        discussion.reply(coordinator, thread, text=f"Antwort {WORD}")
        publish_news(
            coordinator,
            network,
            title=f"Neuigkeit {TITLE}",
            text=f"Inhalt {WORD}",
            audience=News.Audience.MEMBERS,
        )
    make_document(network, folder_name=f"Ordner {WORD}", title=f"Dokument {WORD}")
    meeting = make_meeting(network)
    with scopes_disabled():
        notes = MeetingNotes.objects.create(meeting=meeting, text=f"Protokoll {WORD}")
        NotesItem.objects.create(notes=notes, kind="expectation", text=f"Erwartung {WORD}")
        Comment.objects.create(
            organisation=org_a,
            content_type=ContentType.objects.get_for_model(MeetingNotes),
            object_id=notes.pk,
            author=member,
            text=f"Kommentar {WORD}",
        )
    photos = make_photos(meeting, 1)
    with scopes_disabled():
        type(photos[0]).objects.filter(notes=notes).update(
            alt_text=f"Stellwand {WORD}", caption=f"Bildunterschrift {WORD}"
        )
    return network


def _links(body: str) -> list[str]:
    return [link for link in re.findall(r'href="(/[^"#?]*)"', body) if not link.startswith(SKIP)]


def _crawl(client, starts) -> dict:
    seen, queue, bodies = set(), deque(starts), {}
    while queue and len(seen) < CRAWL_LIMIT:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.streaming:
            body = b"".join(response.streaming_content).decode(errors="replace")
        else:
            body = response.content.decode(errors="replace")
        bodies[path] = body
        if response.get("Content-Type", "").startswith("text/html"):
            queue.extend(link for link in _links(body) if link not in seen)
    return bodies


def _planted_addresses(network) -> list[str]:
    """The direct addresses of the members-only things, as a member's pages link them."""
    member = Client()
    with scopes_disabled():
        someone = Membership.objects.filter(network=network, status="member").first().user
    member.force_login(someone)
    pages = _crawl(member, [network.get_absolute_url()])
    base = network.get_absolute_url()
    return sorted(path for path in pages if path.startswith(base))


@pytest.mark.parametrize("who", ["visitor", "participant"])
def test_no_members_only_word_in_any_page_a_non_member_reaches(client, planted, who):
    assert mail.outbox, "the planting should have sent mails"
    if who == "participant":
        client.force_login(UserFactory())
    network = planted
    starts = [
        "/",
        reverse("networks:list"),
        network.get_absolute_url(),
        reverse("networks:organisation_list", args=[network.organisation.slug]),
        f"/{network.organisation.slug}/",
        reverse("events:feed"),
        *_planted_addresses(network),
    ]
    bodies = _crawl(client, starts)
    assert len(bodies) > 20  # the crawl reached the network's pages
    leaks = sorted(path for path, body in bodies.items() if WORD in body or TITLE in body)
    assert leaks == [], f"members-only content reached a non-member at {leaks}"


def test_a_member_does_see_it_so_the_check_is_real(planted):
    member = Client()
    with scopes_disabled():
        someone = Membership.objects.filter(network=planted, status="member").first().user
    member.force_login(someone)
    bodies = _crawl(member, [planted.get_absolute_url()])
    assert any(WORD in body for body in bodies.values())
    assert any(TITLE in body for body in bodies.values())


def test_no_mail_of_the_network_carries_the_members_only_text(planted):
    with scopes_disabled():
        members = set(
            Membership.objects.filter(network=planted, status="member").values_list(
                "user__email", flat=True
            )
        )
    assert len(mail.outbox) >= 2  # a mention, news to the members
    for message in mail.outbox:
        text = message.subject + message.body
        text += "".join(body for body, _mime in message.alternatives)
        assert WORD not in text, f"mail to {message.to}: {message.subject}"
        if not set(message.to) <= members:
            assert TITLE not in text, f"mail to a non-member {message.to}: {message.subject}"
