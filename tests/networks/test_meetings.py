"""Meetings are events of the organisation linked to a network: the meetings page lists the
upcoming and past ones in one query, a meeting can be for members only (the event page
refuses everyone else with the reason), and its notes are visible per ``notes_audience``."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from mitwirken.events import services as event_services
from mitwirken.events.models import Event, Registration, Tag
from mitwirken.networks import meeting_queries
from mitwirken.networks.models import Audience, Meeting, MeetingNotes, Network

from ..events.factories import make_event
from .factories import make_network
from .meeting_helpers import make_meeting, setup, url


@pytest.fixture
def net(org_a):
    return setup(org_a)


def test_a_coordinator_links_an_event_for_members_only(net, org_a):
    network, people = net
    event = make_event(org_a, title="Jahrestreffen 2026")
    client = people.client("coordinator")
    page = client.get(url("meetings", network)).content.decode()
    assert "Jahrestreffen 2026" in page  # offered in the form
    response = client.post(url("meeting_link", network), {"event": event.pk, "members_only": "on"})
    assert response.status_code == 302
    with scopes_disabled():
        meeting = Meeting.objects.get(network=network)
        event.refresh_from_db()
    assert meeting.event == event
    assert event.eligibility == "network_members"
    page = client.get(url("meetings", network)).content.decode()
    assert "Nächste Treffen" in page and "für Mitglieder" in page


def test_an_event_is_a_meeting_of_one_network_only(net, org_a):
    network, people = net
    meeting = make_meeting(network, days=3)
    other = make_network(org_a, name="Arbeitskreis Bürgerhaushalt")
    client = people.client("org_editor")
    response = client.post(url("meeting_link", other), {"event": meeting.event.pk})
    assert response.status_code == 400
    assert "Fehler:" in response.content.decode()
    with scopes_disabled():
        assert not Meeting.objects.filter(network=other).exists()


def test_an_event_of_another_organisation_cannot_be_linked(net, org_b):
    network, people = net
    foreign = make_event(org_b)
    response = people.client("org_editor").post(url("meeting_link", network), {"event": foreign.pk})
    assert response.status_code == 400
    with scopes_disabled():
        assert not Meeting.objects.exists()


def test_only_members_register_for_a_members_only_meeting(net):
    network, people = net
    meeting = make_meeting(network, days=5)
    with scopes_disabled():
        meeting.event.eligibility = "network_members"
        meeting.event.save()
    event_page = meeting.event.get_absolute_url()

    outsider = people.client("participant")
    page = outsider.get(event_page).content.decode()
    assert "nur seine Mitglieder können sich anmelden" in page.replace("Nur", "nur")
    assert "Über das Netzwerk und wie Sie Mitglied werden" in page
    outsider.post(event_page, {"name": "Außen", "accept_privacy": "on"})

    member = people.client("member")
    assert "Über das Netzwerk" not in member.get(event_page).content.decode()
    response = member.post(event_page, {"name": "Mitglied", "accept_privacy": "on"})
    assert response.status_code == 302
    with scopes_disabled():
        registered = list(
            Registration.objects.filter(event=meeting.event).values_list("user", flat=True)
        )
    assert registered == [people.users["member"].pk]

    with scope(organisation=network.organisation), pytest.raises(event_services.RegistrationError):
        event_services.register(
            meeting.event,
            name="X",
            email="",
            answers={},
            privacy_version="v1",
            user=people.users["participant"],
        )


def test_unlinking_opens_the_event_again(net):
    network, people = net
    meeting = make_meeting(network, days=5, eligibility="network_members")
    response = people.client("coordinator").post(url("meeting_unlink", network, meeting=meeting.pk))
    assert response.status_code == 302
    with scopes_disabled():
        assert not Meeting.objects.exists()
        assert Event.objects.get(pk=meeting.event_id).eligibility == ""


def test_the_meetings_page_lists_upcoming_and_past_in_one_query(net, django_assert_max_num_queries):
    network, people = net
    for days in (-30, -3, 4, 60):
        make_meeting(network, days=days, title=f"Treffen {days}")
    make_meeting(network, days=10, title="Entwurf", status=Event.Status.DRAFT)
    participant = people.users["participant"]
    with scope(organisation=network.organisation):
        participant.has_perm("networks.coordinate", network)  # roles: loaded once per request
        with django_assert_max_num_queries(1):
            found = meeting_queries.meetings_of(network, participant)
    assert [m.event.title for m in found["upcoming"]] == ["Treffen 4", "Treffen 60"]
    assert [m.event.title for m in found["past"]] == ["Treffen -3", "Treffen -30"]
    page = people.client("visitor").get(url("meetings", network)).content.decode()
    assert "Treffen 60" in page and "Entwurf" not in page
    assert "Entwurf" in people.client("coordinator").get(url("meetings", network)).content.decode()


def test_the_meetings_page_makes_as_many_queries_for_many_meetings(
    net, client, django_assert_max_num_queries
):
    network, _people = net
    for days in (-3, 4):
        make_meeting(network, days=days)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url("meetings", network)).status_code == 200
    for days in range(-40, 40, 2):
        make_meeting(network, days=days)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url("meetings", network)).status_code == 200


def test_the_coordinator_writes_the_notes_with_ordered_results(net):
    network, people = net
    meeting = make_meeting(network)
    response = people.client("coordinator").post(
        url("notes_edit", network, meeting=meeting.pk),
        {
            "text": "## Begrüßung\n\nDie Sprecherin eröffnet das Treffen.",
            "participant_count": "23",
            "expectations": "Austausch unter Kolleg*innen\n\nNeue Methoden kennenlernen",
            "results": "Leitfaden überarbeiten\nNächstes Treffen in Köln",
        },
    )
    assert response.status_code == 302
    page = (
        people.client("visitor").get(url("meeting", network, meeting=meeting.pk)).content.decode()
    )
    assert "<h2>Begrüßung</h2>" in page
    assert "23 Teilnehmende" in page
    assert page.index("Austausch unter Kolleg*innen") < page.index("Neue Methoden kennenlernen")
    assert page.index("Leitfaden überarbeiten") < page.index("Nächstes Treffen in Köln")
    with scopes_disabled():
        assert MeetingNotes.objects.get().items.count() == 4


def test_bad_notes_input_gets_a_german_error(net):
    network, people = net
    meeting = make_meeting(network)
    response = people.client("coordinator").post(
        url("notes_edit", network, meeting=meeting.pk), {"participant_count": "-4"}
    )
    assert response.status_code == 400
    assert "größer oder gleich 0" in response.content.decode()


@pytest.mark.parametrize(
    ("audience", "sees"),
    [
        (Audience.PUBLIC, {"visitor", "participant", "member", "coordinator"}),
        (Audience.MEMBERS, {"member", "coordinator", "org_editor"}),
        (Audience.COORDINATORS, {"coordinator", "org_editor"}),
    ],
)
def test_notes_are_visible_per_the_networks_notes_audience(org_a, audience, sees):
    network, people = setup(org_a, notes_audience=audience)
    meeting = make_meeting(network)
    with scopes_disabled():
        MeetingNotes.objects.create(meeting=meeting, text="Geheime Absprache", participant_count=5)
    for role in ("visitor", "participant", "member", "coordinator", "org_editor"):
        page = people.client(role).get(url("meeting", network, meeting=meeting.pk)).content.decode()
        assert ("Geheime Absprache" in page) == (role in sees | {"org_editor"}), role


def test_hostile_ids_give_404(net):
    network, people = net
    client = people.client("coordinator")
    assert client.get(url("meeting", network, meeting=999999999)).status_code == 404
    assert (
        client.get(f"/{network.organisation.slug}/netzwerke/{network.pk}/treffen/abc/").status_code
        == 404
    )
    other = make_network(network.organisation, name="Anderes Netzwerk")
    meeting = make_meeting(other)
    assert client.get(url("meeting", network, meeting=meeting.pk)).status_code == 404


def test_related_networks_and_events_share_a_topic_name(net, org_a, django_assert_max_num_queries):
    network, people = net
    with scopes_disabled():
        network.topics.create(name="Bürgerbeteiligung")
        network.topics.create(name="Verwaltungsmodernisierung")
        related = make_network(org_a, name="Netzwerk Beteiligung im Land")
        related.topics.create(name="bürgerbeteiligung")
        make_network(org_a, name="Netzwerk ohne Bezug").topics.create(name="Sport")
        make_network(org_a, name="Entwurfsnetzwerk", status=Network.Status.DRAFT).topics.create(
            name="Bürgerbeteiligung"
        )
        tag = Tag.objects.create(
            organisation=org_a, kind=Tag.Kind.TOPIC, name="Verwaltungsmodernisierung"
        )
        event = make_event(org_a, title="Coffee Lecture Verwaltung")
        event.tags.add(tag)
        make_event(
            org_a, title="Vergangen", starts_at=timezone.now() - timedelta(days=30)
        ).tags.add(tag)
        make_event(org_a, title="Ohne Thema")
    with scope(organisation=org_a), django_assert_max_num_queries(3):
        found = meeting_queries.related(network)
    assert [n.name for n in found["networks"]] == ["Netzwerk Beteiligung im Land"]
    assert [e.title for e in found["events"]] == ["Coffee Lecture Verwaltung"]
    page = people.client("visitor").get(url("meetings", network)).content.decode()
    assert "Ähnliche Netzwerke und Veranstaltungen" in page
    assert "Coffee Lecture Verwaltung" in page and "Netzwerk ohne Bezug" not in page


HOSTILE = [
    "99999999999999999999",
    "-9223372036854775809",
    "a\x00b\r\n" + "ä" * 10_000,
    "9999-12-31",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_input_into_the_coordinators_forms_is_no_server_error(net, value):
    from .meeting_helpers import make_document

    network, people = net
    meeting = make_meeting(network)
    document = make_document(network)
    client = people.client("coordinator")
    forms = {
        url("meeting_link", network): ["event", "members_only"],
        url("meeting_members_only", network, meeting=meeting.pk): ["members_only"],
        url("notes_edit", network, meeting=meeting.pk): [
            "text",
            "participant_count",
            "expectations",
            "results",
        ],
        url("photos_add", network, meeting=meeting.pk): [
            "form-TOTAL_FORMS",
            "form-INITIAL_FORMS",
            "form-0-alt_text",
            "form-0-caption",
        ],
        url("folder_new", network): ["name", "audience"],
        url("folder_edit", network, folder=document.folder_id): ["name", "audience"],
        url("document_new", network, folder=document.folder_id): ["title", "comment"],
        url("version_new", network, document=document.pk): ["comment"],
        url("result_new", network): ["title", "summary", "url", "date", "event", "occasion"],
    }
    for address, fields in forms.items():
        response = client.post(address, dict.fromkeys(fields, value))
        assert response.status_code < 500, address


def _render_sections(user, network):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    with scope(organisation=network.organisation):
        return "".join(
            render_to_string(template, context, request=request)
            for template, context in meeting_queries.page_sections(user, network)
        )


def test_the_sections_for_the_network_page_make_as_many_queries_for_more_data(
    org_a, django_assert_max_num_queries
):
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .meeting_helpers import make_document, make_photos

    network, people = setup(org_a, documents_audience=Audience.MEMBERS)
    with scopes_disabled():
        network.topics.create(name="Bürgerbeteiligung")

    def add(count):
        for number in range(count):
            meeting = make_meeting(network, days=-10 - number, title=f"Treffen {number}")
            with scopes_disabled():
                MeetingNotes.objects.create(meeting=meeting, participant_count=number + 1)
            make_photos(meeting, 2)
            make_document(network, versions=2, title=f"Papier {number}")

    add(1)
    member = people.users["member"]
    with CaptureQueriesContext(connection) as few:
        html = _render_sections(member, network)
    assert "Papier 0" in html and "Protokoll von „Treffen 0“" in html
    add(6)
    member = type(member).objects.get(pk=member.pk)  # a new request: nothing cached
    with django_assert_max_num_queries(len(few)):
        html = _render_sections(member, network)
    assert "Papier 5" in html and "Vergangene Treffen" in html

    visitor_html = _render_sections(AnonymousUser(), network)
    assert "Papier 0" not in visitor_html
    assert "Dieser Bereich ist für die Mitglieder des Netzwerks." in visitor_html
    assert "Protokoll von „Treffen 0“" in visitor_html  # notes are public by default
