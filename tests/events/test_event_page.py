"""The event page caches the parts that are the same for every visitor (the description part
and a visitor's empty form) per saved version of the event: a change must show at once."""

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from mitwirken.events.models import Material
from mitwirken.organisations.models import Role
from mitwirken.questionnaires.models import Question

from .factories import make_event


@pytest.fixture
def editor_client(staff_a):
    client = Client()
    client.force_login(staff_a[Role.EDITOR])
    return client


def _staff_url(name, event, **kwargs):
    return reverse(name, kwargs={"org": event.organisation.slug, "pk": event.pk, **kwargs})


def test_changes_by_staff_show_on_the_cached_page_at_once(client, org_a, editor_client):
    event = make_event(org_a, description="Erste Fassung")
    page = event.get_absolute_url()
    first = client.get(page).content.decode()  # fills the cache
    assert "Erste Fassung" in first and "Welche Dienststelle" not in first

    editor_client.post(
        _staff_url("events:staff_material_add", event),
        {
            "kind": "slides",
            "title": "Folien zum Vortrag",
            "url": "https://example.org/f.pdf",
            "visibility": Material.Visibility.PUBLIC,
        },
    )
    editor_client.post(
        _staff_url("events:staff_questions", event),
        {"kind": "short_text", "label": "Welche Dienststelle?", "help_text": ""},
    )
    with scopes_disabled():
        event.refresh_from_db()
        event.description = "Zweite Fassung"
        event.save()
    second = client.get(page).content.decode()
    assert "Folien zum Vortrag" in second
    assert "Welche Dienststelle?" in second
    assert "Zweite Fassung" in second and "Erste Fassung" not in second

    with scopes_disabled():
        material = Material.objects.get(event=event)
        question = Question.objects.get(questionnaire__event=event)
    editor_client.post(_staff_url("events:staff_material_delete", event, material_id=material.pk))
    editor_client.post(_staff_url("events:staff_question_delete", event, question_id=question.pk))
    third = client.get(page).content.decode()
    assert "Folien zum Vortrag" not in third and "Welche Dienststelle?" not in third


def test_signed_in_people_and_form_errors_do_not_get_the_cached_form(client, org_a, participant):
    event = make_event(org_a)
    page = event.get_absolute_url()
    assert 'name="email"' in client.get(page).content.decode()  # the visitor's form, cached
    errors = client.post(page, {"name": "", "email": "kaputt"}).content.decode()
    assert "Bitte gültige E-Mail-Adresse eingeben." in errors and 'value="kaputt"' in errors
    participant.real_name = "Erika Mustermann"
    participant.save()
    client.force_login(participant)
    signed_in = client.get(page).content.decode()
    assert 'name="email"' not in signed_in
    assert 'value="Erika Mustermann"' in signed_in


def test_a_visitor_s_event_page_needs_two_queries_once_cached(
    client, org_a, django_assert_max_num_queries
):
    event = make_event(org_a)
    client.get(event.get_absolute_url())
    with django_assert_max_num_queries(2):  # the organisation and the event with its seats
        assert client.get(event.get_absolute_url()).status_code == 200


def test_event_lists_are_cached_but_show_a_changed_event_at_once(
    client, org_a, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    event = make_event(org_a, title="Erste Veranstaltung")
    lists = [reverse("events:list"), reverse("events:organisation_list", args=[org_a.slug])]
    for url in lists:
        assert "Erste Veranstaltung" in client.get(url).content.decode()
        with django_assert_max_num_queries(1):  # the footer's or the page's organisation
            client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        make_event(org_a, title="Neue Veranstaltung")
        with scopes_disabled():
            event.title = "Umbenannte Veranstaltung"
            event.save()
    for url in lists:
        html = client.get(url).content.decode()
        assert "Neue Veranstaltung" in html and "Umbenannte Veranstaltung" in html


def test_unknown_parameters_neither_split_the_list_cache_nor_reach_its_links(
    client, org_a, django_assert_max_num_queries
):
    make_event(org_a)
    html = client.get(reverse("events:list"), {"format": "coffee_lecture", "x": "<böse>"})
    content = html.content.decode()
    # The calendar link carries the known filter only (the language switch keeps the path).
    assert f'{reverse("events:feed")}?format=coffee_lecture"' in content
    with django_assert_max_num_queries(1):  # the same cached content
        client.get(reverse("events:list"), {"format": "coffee_lecture", "x": "anders"})


def test_the_calendar_file_is_built_once_per_version_of_the_event(client, org_a):
    event = make_event(org_a, title="Alter Titel")
    url = reverse("events:ics", kwargs={"org": org_a.slug, "pk": event.pk})
    assert "SUMMARY:Alter Titel" in client.get(url).content.decode()
    with scopes_disabled():
        event.title = "Neuer Titel"
        event.save()
    changed = client.get(url).content.decode()
    assert "SUMMARY:Neuer Titel" in changed and event.join_url not in changed


def test_the_event_page_counts_the_seats_that_are_held(client, org_a):
    from mitwirken.events.models import Registration

    event = make_event(org_a, capacity=10)
    Status = Registration.Status
    held = [Status.CONFIRMED, Status.OFFERED, Status.PENDING]
    not_held = [Status.WAITING, Status.CANCELLED, Status.UNCONFIRMED, Status.REJECTED]
    with scopes_disabled():
        for number, status in enumerate(held + not_held):
            Registration.objects.create(
                event=event,
                name=f"P{number}",
                email=f"p{number}@example.org",
                status=status,
                privacy_version="v1",
            )
        make_event(org_a, capacity=10).registrations.create(  # another event's seat
            name="X", email="x@example.org", status=Status.CONFIRMED, privacy_version="v1"
        )
    assert "noch 7 Plätze frei" in client.get(event.get_absolute_url()).content.decode()


def test_the_event_page_shows_no_draft_and_no_event_of_another_organisation(client, org_a, org_b):
    from mitwirken.events.models import Event

    published = make_event(org_a, title="Veröffentlicht")
    draft = make_event(org_a, title="Entwurf", status=Event.Status.DRAFT)
    cancelled = make_event(org_a, title="Abgesagt", status=Event.Status.CANCELLED)
    foreign = make_event(org_b, title="Fremd")
    assert client.get(published.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Abgesagt" in client.get(cancelled.get_absolute_url()).content.decode()
    wrong_org = reverse("events:detail", kwargs={"org": org_a.slug, "pk": foreign.pk})
    assert client.get(wrong_org).status_code == 404
    assert client.get(foreign.get_absolute_url()).status_code == 200


def test_the_free_seats_filter_leaves_out_full_events(client, org_a):
    from mitwirken.events.models import Registration

    full = make_event(org_a, title="Ausgebucht", capacity=1)
    make_event(org_a, title="Noch frei", capacity=2)
    make_event(org_a, title="Ohne Grenze", capacity=None)
    with scopes_disabled():
        full.registrations.create(
            name="A", email="a@example.org", status=Registration.Status.CONFIRMED
        )
    everything = client.get(reverse("events:list")).content.decode()
    free = client.get(reverse("events:list"), {"freie_plaetze": "1"}).content.decode()
    assert "Ausgebucht" in everything
    assert "Ausgebucht" not in free and "Noch frei" in free and "Ohne Grenze" in free


def test_the_topic_filter_offers_the_topics_of_published_events_once(client, org_a, org_b):
    from mitwirken.events.models import Event, Tag

    def tagged(organisation, name, status=Event.Status.PUBLISHED):
        event = make_event(organisation, status=status)
        with scopes_disabled():
            tag, _ = Tag.objects.get_or_create(
                organisation=organisation, kind=Tag.Kind.TOPIC, name=name
            )
            event.tags.add(tag)

    tagged(org_a, "Mobilität")
    tagged(org_b, "Mobilität")  # the same name in another organisation: offered once
    tagged(org_a, "Entwurfsthema", status=Event.Status.DRAFT)
    html = client.get(reverse("events:list")).content.decode()
    assert html.count('<option value="Mobilität"') == 1
    assert "Entwurfsthema" not in html


def test_every_list_filter_picks_the_right_events(client, org_a, org_b):
    from datetime import timedelta

    from django.utils import timezone

    from mitwirken.events.models import Format, Mode, Tag

    soon = timezone.now() + timedelta(days=3)
    later = timezone.now() + timedelta(days=40)
    events = {
        "lecture": make_event(org_a, title="Vortrag online", starts_at=soon),
        "seminar": make_event(
            org_a,
            title="Seminar vor Ort",
            format=Format.SEMINAR,
            mode=Mode.IN_PERSON,
            starts_at=later,
        ),
        "other": make_event(org_b, title="Treffen anderswo", format=Format.NETWORK_MEETING),
        "past": make_event(
            org_a, title="Vergangener Vortrag", starts_at=timezone.now() - timedelta(days=30)
        ),
    }
    with scopes_disabled():
        for name, kind, event in (
            ("Mobilität", Tag.Kind.TOPIC, events["lecture"]),
            ("Ratsmitglieder", Tag.Kind.TARGET_GROUP, events["seminar"]),
        ):
            event.tags.add(Tag.objects.create(organisation=org_a, kind=kind, name=name))

    def titles(query):
        html = client.get(reverse("events:list") + query).content.decode()
        return {key for key, event in events.items() if event.title in html}

    assert titles("") == {"lecture", "seminar", "other"}  # upcoming by default
    assert titles("?archiv=1") == {"past"}
    assert titles("?format=seminar") == {"seminar"}
    assert titles("?form=in_person") == {"seminar"}
    assert titles("?thema=Mobilität") == {"lecture"}
    assert titles("?zielgruppe=Ratsmitglieder") == {"seminar"}
    assert titles(f"?organisation={org_b.slug}") == {"other"}
    in_a_month = (timezone.localdate() + timedelta(days=30)).isoformat()
    assert titles(f"?von={in_a_month}") == {"seminar"}
    assert titles(f"?bis={in_a_month}") == {"lecture", "other"}
    assert titles("?format=unbekannt&von=kaputt") == {"lecture", "seminar", "other"}


def test_materials_are_downloaded_only_by_whom_they_are_for(client, org_a):
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from mitwirken.events.models import Event, Registration

    event = make_event(org_a, starts_at=timezone.now() - timedelta(days=1))
    with scopes_disabled():
        people = {
            name: Registration.objects.create(
                event=event,
                name=name,
                email=f"{name}@example.org",
                status=status,
                privacy_version="v1",
                attended=attended,
            )
            for name, status, attended in (
                ("attended", Registration.Status.CONFIRMED, True),
                ("registered", Registration.Status.CONFIRMED, False),
                ("waiting", Registration.Status.WAITING, False),
            )
        }
        materials = {}
        for visibility in Material.Visibility.values:
            material = Material(event=event, kind="slides", title=visibility, visibility=visibility)
            material.file.save(f"{visibility}.pdf", ContentFile(b"%PDF-1.4 " + visibility.encode()))
            materials[visibility] = material

    def fetch(visibility, person=None):
        if person is None:
            kwargs = {"org": org_a.slug, "pk": materials[visibility].pk}
            return client.get(reverse("events:material", kwargs=kwargs))
        kwargs = {"org": org_a.slug, "pk": materials[visibility].pk, "token": people[person].token}
        return client.get(reverse("events:registration_material", kwargs=kwargs))

    public = fetch("public")
    assert public.status_code == 200 and b"".join(public.streaming_content).endswith(b"public")
    assert fetch("registered").status_code == 404
    assert fetch("registered", "registered").status_code == 200
    assert fetch("registered", "waiting").status_code == 404
    assert fetch("attended", "registered").status_code == 404
    assert fetch("attended", "attended").status_code == 200
    with scopes_disabled():
        Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)
    assert fetch("public").status_code == 404


def test_free_seats_are_only_shown_and_filtered_where_one_can_register(client, org_a):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    open_event = make_event(org_a, title="Offen", capacity=10)
    running = make_event(org_a, title="Läuft", capacity=10, starts_at=now - timedelta(minutes=10))
    not_yet = make_event(
        org_a, title="Noch nicht", capacity=10, registration_opens_at=now + timedelta(days=1)
    )
    closed = make_event(
        org_a, title="Geschlossen", capacity=10, registration_closes_at=now - timedelta(hours=1)
    )
    assert "noch 10 Plätze frei" in client.get(open_event.get_absolute_url()).content.decode()
    for event in (running, not_yet, closed):
        assert "Plätze frei" not in client.get(event.get_absolute_url()).content.decode()
    html = client.get(reverse("events:list") + "?freie_plaetze=1").content.decode()
    assert "Offen" in html
    assert not any(title in html for title in ("Läuft", "Noch nicht", "Geschlossen"))


def test_times_carry_uhr_in_german_and_no_unit_in_english(client, org_a):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    start = datetime(timezone.now().year + 1, 5, 4, 12, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    event = make_event(org_a, starts_at=start, ends_at=start + timedelta(minutes=40))
    german = client.get(event.get_absolute_url()).content.decode()
    assert "12:30 Uhr" in german and "13:10 Uhr" in german
    client.cookies["django_language"] = "en"
    english = client.get(event.get_absolute_url()).content.decode()
    assert "13:10" in english and "o’clock" not in english and "Uhr" not in english
