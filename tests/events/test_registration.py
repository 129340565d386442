"""The seat decisions: register, confirm, waiting list, promotion, offers, cancellation."""

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from icalendar import Calendar

from mitwirken.events import services
from mitwirken.events.models import Event, Registration
from mitwirken.events.tasks import expire_offers, schedule_reminders, send_reminders

from ..factories import UserFactory
from .factories import answers_of, ask, make_event

Status = Registration.Status


@pytest.fixture
def event(org_a):
    return make_event(org_a, capacity=2)


def _register(event, email, **extra):
    with scope(organisation=event.organisation):
        return services.register(
            event,
            name=extra.pop("name", email.split("@")[0].title()),
            email=email,
            answers=extra.pop("answers", {}),
            privacy_version="stadt-a/v1",
            **extra,
        )


def _confirm(registration):
    with scope(organisation=registration.event.organisation):
        return services.confirm_address(registration)


def _signup(event, email, **extra):
    return _confirm(_register(event, email, **extra))


def _statuses(event):
    with scopes_disabled():
        return dict(event.registrations.values_list("email", "status"))


def test_double_opt_in_decides_the_seat_on_confirmation(event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = _register(event, "anna@example.org")
    assert registration.status == Status.UNCONFIRMED
    (opt_in,) = mail.outbox
    assert "/bestaetigen/" in opt_in.body
    assert event.join_url not in opt_in.body  # no join data before the seat is confirmed
    assert "Stadt A | mitwirken" in opt_in.from_email

    with django_capture_on_commit_callbacks(execute=True):
        registration = _confirm(registration)
    assert registration.status == Status.CONFIRMED
    confirmation = mail.outbox[-1]
    assert event.join_url in confirmation.body and "4711" in confirmation.body
    assert confirmation.alternatives[0][1] == "text/html"
    assert f'<a href="{event.join_url}">' in confirmation.alternatives[0][0]
    (filename, content, mimetype) = confirmation.attachments[0]
    assert mimetype == "text/calendar"
    calendar = Calendar.from_ical(content)
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["summary"]) == event.title
    assert event.join_url in str(entry["description"])
    assert entry.decoded("dtstart") == event.starts_at


def test_third_person_waits_and_is_promoted_when_a_seat_frees(
    event, django_capture_on_commit_callbacks
):
    first = _signup(event, "eins@example.org")
    _signup(event, "zwei@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        third = _signup(event, "drei@example.org")
    assert third.status == Status.WAITING
    with scope(organisation=event.organisation):
        assert services.waiting_position(third) == 1
    assert "Nummer 1 auf der Warteliste" in mail.outbox[-1].body
    assert event.join_url not in mail.outbox[-1].body

    with (
        django_capture_on_commit_callbacks(execute=True),
        scope(organisation=first.event.organisation),
    ):
        services.cancel(first)
    assert _statuses(event) == {
        "eins@example.org": Status.CANCELLED,
        "zwei@example.org": Status.CONFIRMED,
        "drei@example.org": Status.CONFIRMED,
    }
    promoted = [m for m in mail.outbox if m.to == ["drei@example.org"]][-1]
    assert "Platz" in promoted.subject and event.join_url in promoted.body


def test_offer_mode_expires_and_hands_the_seat_on(org_a, django_capture_on_commit_callbacks):
    event = make_event(org_a, capacity=1, promotion=Event.Promotion.OFFER, offer_hours=48)
    first = _signup(event, "eins@example.org")
    second = _signup(event, "zwei@example.org")
    third = _signup(event, "drei@example.org")
    with (
        django_capture_on_commit_callbacks(execute=True),
        scope(organisation=first.event.organisation),
    ):
        services.cancel(first)
    second.refresh_from_db()
    assert second.status == Status.OFFERED
    assert abs(second.offer_expires_at - (timezone.now() + timedelta(hours=48))) < timedelta(
        minutes=1
    )
    assert "/veranstaltungen/anmeldung/" in mail.outbox[-1].body

    # The deadline passes: the expiry task gives the seat to the next person.
    with scopes_disabled():
        Registration.objects.filter(pk=second.pk).update(
            offer_expires_at=timezone.now() - timedelta(minutes=1)
        )
    with django_capture_on_commit_callbacks(execute=True):
        expire_offers.call(event_id=event.pk)
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == (Status.CANCELLED, Status.OFFERED)
    with pytest.raises(services.RegistrationError), scope(organisation=second.event.organisation):
        services.accept_offer(second)
    with scope(organisation=org_a), scope(organisation=third.event.organisation):
        services.accept_offer(third)
    third.refresh_from_db()
    assert third.status == Status.CONFIRMED


def test_the_expire_offers_command_hands_on_offers_the_workers_missed(
    org_a, django_capture_on_commit_callbacks
):
    """The operator's safety net (docs/operators.md) when no task worker ran at the deadline."""
    event = make_event(org_a, capacity=1, promotion=Event.Promotion.OFFER)
    other = make_event(org_a, capacity=1, promotion=Event.Promotion.OFFER)
    now = timezone.now()
    with scopes_disabled():
        late, next_one, in_time = (
            Registration.objects.create(
                event=e, name=email, email=email, privacy_version="v1", **fields
            )
            for e, email, fields in (
                (
                    event,
                    "spaet@example.org",
                    {"status": Status.OFFERED, "offer_expires_at": now - timedelta(hours=1)},
                ),
                (event, "naechste@example.org", {"status": Status.WAITING, "queued_at": now}),
                (
                    other,
                    "rechtzeitig@example.org",
                    {"status": Status.OFFERED, "offer_expires_at": now + timedelta(hours=1)},
                ),
            )
        )
    output = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_offers", stdout=output)
    assert "1 abgelaufene Angebote weitergegeben." in output.getvalue()
    for registration in (late, next_one, in_time):
        registration.refresh_from_db()
    assert (late.status, next_one.status, in_time.status) == (
        Status.CANCELLED,
        Status.OFFERED,
        Status.OFFERED,
    )
    assert "naechste@example.org" in [m.to[0] for m in mail.outbox]


def test_an_offer_is_accepted_or_declined_through_the_personal_link(client, org_a):
    event = make_event(org_a, capacity=1, promotion=Event.Promotion.OFFER)
    first = _signup(event, "eins@example.org")
    second = _signup(event, "zwei@example.org")
    third = _signup(event, "drei@example.org")

    def page(registration):
        return reverse(
            "events:registration", kwargs={"org": org_a.slug, "token": registration.token}
        )

    def cancel_page(registration):
        return reverse(
            "events:cancel_registration", kwargs={"org": org_a.slug, "token": registration.token}
        )

    client.post(cancel_page(first))
    offer = client.get(page(second)).content.decode()
    accept = reverse("events:offer_accept", kwargs={"org": org_a.slug, "token": second.token})
    assert f'action="{accept}"' in offer and f'href="{cancel_page(second)}"' in offer
    declining = client.get(cancel_page(second)).content.decode()
    assert "Sie geben den Platz auf, der Ihnen angeboten wird." in declining
    client.post(cancel_page(second))  # the seat goes on at once
    assert _statuses(event)["drei@example.org"] == Status.OFFERED
    accepted = client.post(
        reverse("events:offer_accept", kwargs={"org": org_a.slug, "token": third.token}),
        follow=True,
    ).content.decode()
    assert "Sie haben einen Platz" in accepted
    assert _statuses(event) == {
        "eins@example.org": Status.CANCELLED,
        "zwei@example.org": Status.CANCELLED,
        "drei@example.org": Status.CONFIRMED,
    }


def test_a_declined_offer_never_blocks_the_seat(org_a):
    """pretix #1163: a cancellation by a promoted person promotes the next one."""
    event = make_event(org_a, capacity=1, promotion=Event.Promotion.OFFER)
    first = _signup(event, "eins@example.org")
    second = _signup(event, "zwei@example.org")
    third = _signup(event, "drei@example.org")
    with scope(organisation=first.event.organisation):
        services.cancel(first)
    second.refresh_from_db()
    with scope(organisation=second.event.organisation):
        services.cancel(second)  # declines the offer
    third.refresh_from_db()
    assert third.status == Status.OFFERED


def test_no_promotion_after_the_cut_off(org_a):
    event = make_event(
        org_a, capacity=1, starts_at=timezone.now() + timedelta(hours=1), promotion_cutoff_hours=2
    )
    first = _signup(event, "eins@example.org")
    second = _signup(event, "zwei@example.org")
    with scope(organisation=first.event.organisation):
        services.cancel(first)
    second.refresh_from_db()
    assert second.status == Status.WAITING


def test_account_holders_need_no_opt_in_and_see_it_under_my_registrations(client, event):
    person = UserFactory(email="konto@example.org")
    client.force_login(person)
    url = reverse("events:detail", kwargs={"org": event.organisation.slug, "pk": event.pk})
    response = client.post(url, {"name": "Konto Person", "accept_privacy": "on"})
    assert response.status_code == 302
    with scopes_disabled():
        registration = Registration.objects.get(user=person)
    assert registration.status == Status.CONFIRMED
    page = client.get(reverse("events:my_registrations")).content.decode()
    assert event.title in page


def test_account_holders_choose_workshops_and_a_full_one_is_refused(client, org_a):
    event = make_event(org_a, capacity=10, waiting_list=False, format="conference")
    with scopes_disabled():
        workshops = ask(event, kind="multiple_choice", label="Workshops", required=True)
        small = workshops.choices.create(label="Workshop A", seat_limit=1)
        large = workshops.choices.create(label="Workshop B")
    url = reverse("events:detail", kwargs={"org": org_a.slug, "pk": event.pk})
    for email in ("eins@example.org", "zwei@example.org"):
        client.force_login(UserFactory(email=email))
        response = client.post(
            url,
            {"name": email, "accept_privacy": "on", f"q{workshops.pk}": [small.pk, large.pk]},
        )
    assert "„Workshop A“ ist ausgebucht" in response.content.decode()
    assert _statuses(event) == {"eins@example.org": Status.CONFIRMED}


def test_registration_form_errors_are_clear_and_nothing_is_lost(client, event):
    url = reverse("events:detail", kwargs={"org": event.organisation.slug, "pk": event.pk})
    response = client.post(url, {"name": "x" * 151, "email": "kaputt", "accept_privacy": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bitte korrigieren Sie" in page
    assert "gültige E-Mail-Adresse" in page
    assert 'value="kaputt"' in page  # the input stays in the form


def test_the_form_asks_the_event_s_questions_and_stores_the_answers(client, event):
    with scopes_disabled():
        workshop = ask(event, kind="single_choice", label="Workshop")
        first = workshop.choices.create(label="Jugendbeteiligung")
        workshop.choices.create(label="Bürgerräte")
        topics = ask(event, kind="multiple_choice", label="Themen", position=1)
        topic_a = topics.choices.create(label="Mobilität")
        topic_b = topics.choices.create(label="Klima")
        office = ask(event, kind="short_text", label="Dienststelle", position=2)
        access = ask(
            event,
            kind="checkbox",
            label="Ich brauche einen Gebärdensprachdolmetscher",
            position=3,
        )
        people = ask(event, kind="number", label="Personen", position=4)
        note = ask(event, kind="long_text", label="Hinweise", position=5)
    url = reverse("events:detail", kwargs={"org": event.organisation.slug, "pk": event.pk})
    page = client.get(url).content.decode()
    assert all(
        text in page for text in ("Jugendbeteiligung", "Bürgerräte", "Klima", "Dienststelle")
    )
    response = client.post(
        url,
        {
            "name": "Anna Beispiel",
            "email": "anna@example.org",
            "accept_privacy": "on",
            f"q{workshop.pk}": first.pk,
            f"q{topics.pk}": [topic_a.pk, topic_b.pk],
            f"q{office.pk}": "Bauamt",
            f"q{access.pk}": "on",
            f"q{people.pk}": "2",
            f"q{note.pk}": "",
        },
    )
    assert response.status_code == 302  # Post/Redirect/Get
    check_your_mail = client.get(response["Location"]).content.decode()
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in check_your_mail
    with scopes_disabled():
        registration = event.registrations.get()
        answers = answers_of(registration)
    assert answers == {
        workshop.pk: "Jugendbeteiligung",
        topics.pk: "Mobilität, Klima",
        office.pk: "Bauamt",
        access.pk: "ja",
        people.pk: "2",
    }


def test_an_overlong_answer_is_refused_with_a_clear_message(client, event):
    with scopes_disabled():
        question = ask(event, kind="short_text", label="Dienststelle")
    url = reverse("events:detail", kwargs={"org": event.organisation.slug, "pk": event.pk})
    response = client.post(
        url,
        {
            "name": "Anna Beispiel",
            "email": "anna@example.org",
            "accept_privacy": "on",
            f"q{question.pk}": "x" * 301,
        },
    )
    page = response.content.decode()
    assert "höchstens 300 Zeichen" in page
    assert 'value="Anna Beispiel"' in page and 'value="anna@example.org"' in page
    assert _statuses(event) == {}


def test_registering_twice_with_the_same_address(event, django_capture_on_commit_callbacks):
    """A visitor gets the same answer as for a new address (the form does not tell who is
    registered); the owner of the address is sent the link to their registration."""
    _signup(event, "anna@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = _register(event, "Anna@Example.org")
    assert again.status == Status.UNCONFIRMED and again.pk is None  # as for a new address
    (told,) = mail.outbox
    assert told.to == ["anna@example.org"]
    assert "/veranstaltungen/anmeldung/" in told.body
    assert len(_statuses(event)) == 1


def test_registering_twice_before_confirming_sends_the_confirmation_link_again(
    event, django_capture_on_commit_callbacks
):
    _register(event, "anna@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _register(event, "anna@example.org")
    (again,) = mail.outbox
    assert "/bestaetigen/" in again.body


def test_a_signed_in_person_registering_twice_is_told_so(event, participant):
    _register(event, "", user=participant)
    with pytest.raises(services.RegistrationError, match="bereits angemeldet"):
        _register(event, "", user=participant)


def test_registration_outside_the_window_is_refused(org_a):
    closed = make_event(org_a, registration_closes_at=timezone.now() - timedelta(hours=1))
    not_yet = make_event(org_a, registration_opens_at=timezone.now() + timedelta(days=1))
    for event in (closed, not_yet):
        with pytest.raises(services.RegistrationError, match="nicht geöffnet"):
            _register(event, "spaet@example.org")


def test_full_event_without_waiting_list_refuses(org_a):
    event = make_event(org_a, capacity=1, waiting_list=False)
    _signup(event, "eins@example.org")
    with pytest.raises(services.RegistrationError, match="ausgebucht"):
        _signup(event, "zwei@example.org")


def test_a_full_workshop_choice_holds_like_the_event(org_a):
    event = make_event(org_a, capacity=10, waiting_list=False, format="conference")
    with scopes_disabled():
        question = ask(event, kind="single_choice", label="Workshop")
        small = question.choices.create(label="Workshop A", seat_limit=1)
        question.choices.create(label="Workshop B")
    _signup(event, "eins@example.org", answers={question: small})
    with pytest.raises(services.RegistrationError, match="Workshop A"):
        _signup(event, "zwei@example.org", answers={question: small})


def test_unconfirmed_and_expired_or_tampered_links(event, client):
    registration = _register(event, "alt@example.org")
    with scopes_disabled():
        Registration.objects.filter(pk=registration.pk).update(
            created_at=timezone.now() - timedelta(hours=25)
        )
    with pytest.raises(services.RegistrationError, match="abgelaufen"):
        _confirm(registration)
    url = reverse("events:registration", kwargs={"org": event.organisation.slug, "token": "x" * 32})
    assert client.get(url).status_code == 404


def test_recorded_event_needs_consent(org_a):
    event = make_event(org_a, is_recorded=True)
    with pytest.raises(services.RegistrationError, match="aufgezeichnet"):
        _register(event, "anna@example.org")
    assert _register(event, "anna@example.org", recording_consent=True).recording_consent


def test_join_data_only_for_confirmed_people(client, event):
    public = client.get(event.get_absolute_url()).content.decode()
    ics = client.get(
        reverse("events:ics", kwargs={"org": event.organisation.slug, "pk": event.pk})
    ).content.decode()
    feed = client.get(reverse("events:feed")).content.decode()
    for text in (public, ics, feed):
        assert event.join_url not in text and "4711" not in text
    confirmed = _signup(event, "eins@example.org")
    _signup(event, "zwei@example.org")
    waiting = _signup(event, "drei@example.org")
    page = lambda r: client.get(  # noqa: E731
        reverse("events:registration", kwargs={"org": event.organisation.slug, "token": r.token})
    ).content.decode()
    assert event.join_url in page(confirmed)
    assert event.join_url not in page(waiting)
    assert "Nummer 1 auf der Warteliste" in page(waiting)


def test_cancel_through_the_personal_link(client, event):
    registration = _signup(event, "eins@example.org")
    url = reverse(
        "events:cancel_registration",
        kwargs={"org": event.organisation.slug, "token": registration.token},
    )
    response = client.post(url)
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


def test_reminders_go_to_confirmed_people_once_and_skip_moved_or_cancelled_events(
    event, django_capture_on_commit_callbacks
):
    from django_tasks import task_backends

    scheduled = task_backends["scheduled"]
    scheduled.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _signup(event, "eins@example.org")
        _signup(event, "zwei@example.org")
        _signup(event, "drei@example.org")  # capacity 2: waiting, no reminder
        schedule_reminders(event)
    runs = sorted(result.task.run_after for result in scheduled.results)
    assert runs == [event.starts_at - timedelta(days=1), event.starts_at - timedelta(hours=1)]
    day_before = min(scheduled.results, key=lambda result: result.task.run_after).kwargs
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders.call(**day_before) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["eins@example.org", "zwei@example.org"]
    assert event.join_url in mail.outbox[-1].body
    assert send_reminders.call(**day_before) == 0  # planned twice: goes out once

    hour_before = max(scheduled.results, key=lambda result: result.task.run_after).kwargs
    with scopes_disabled():
        Event.objects.filter(pk=event.pk).update(starts_at=event.starts_at + timedelta(days=1))
    assert send_reminders.call(**hour_before) == 0  # moved: new reminders were planned
    with scopes_disabled():
        Event.objects.filter(pk=event.pk).update(
            status=Event.Status.CANCELLED, starts_at=event.starts_at
        )
    assert send_reminders.call(**hour_before) == 0


def test_confirmation_mail_in_the_registrant_s_language(event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = _register(event, "en@example.org", language="en")
        _confirm(registration)
    assert mail.outbox[-1].subject.startswith("Your seat is confirmed")


def test_link_in_opt_in_mail_confirms(client, event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            event.get_absolute_url(),
            {
                "name": "Anna Muster",
                "email": "anna@example.org",
                "accept_privacy": "on",
            },
        )
    link = re.search(r"http://\S+/bestaetigen/", mail.outbox[-1].body).group(0)
    path = link.split("8000", 1)[1]
    assert client.get(path).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path)
    assert response.status_code == 302
    assert _statuses(event) == {"anna@example.org": Status.CONFIRMED}


def test_clicking_the_confirmation_twice_changes_nothing(
    client, event, django_capture_on_commit_callbacks
):
    registration = _register(event, "anna@example.org")
    path = reverse(
        "events:confirm", kwargs={"org": event.organisation.slug, "token": registration.token}
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path)
        second = client.post(path, follow=True)
    assert _statuses(event) == {"anna@example.org": Status.CONFIRMED}
    assert len(mail.outbox) == 1  # one confirmation e-mail, not two
    assert "Sie haben einen Platz" in second.content.decode()


def test_confirming_after_the_event_was_cancelled_is_refused_clearly(client, event):
    registration = _register(event, "anna@example.org")
    with scopes_disabled():
        Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    path = reverse(
        "events:confirm", kwargs={"org": event.organisation.slug, "token": registration.token}
    )
    page = client.post(path, follow=True).content.decode()
    assert "Die Anmeldung zu dieser Veranstaltung ist nicht geöffnet." in page
    assert _statuses(event) == {"anna@example.org": Status.UNCONFIRMED}


def test_a_freed_seat_skips_a_person_whose_workshop_is_still_full(org_a):
    event = make_event(org_a, capacity=2, format="conference")
    with scopes_disabled():
        question = ask(event, kind="single_choice", label="Workshop")
        small = question.choices.create(label="Workshop A", seat_limit=1)
        large = question.choices.create(label="Workshop B")
    _signup(event, "eins@example.org", answers={question: small})
    leaving = _signup(event, "zwei@example.org", answers={question: large})
    _signup(event, "drei@example.org", answers={question: small})  # waits: A is full
    _signup(event, "vier@example.org", answers={question: large})  # waits: no seat
    with scope(organisation=org_a):
        services.cancel(leaving)
    assert _statuses(event) == {
        "eins@example.org": Status.CONFIRMED,
        "zwei@example.org": Status.CANCELLED,
        "drei@example.org": Status.WAITING,  # first in line, but workshop A is still full
        "vier@example.org": Status.CONFIRMED,
    }


def test_anonymous_registrations_are_rate_limited(client, event, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "event_registration": (2, 600)}
    for number in range(3):
        response = client.post(
            event.get_absolute_url(),
            {
                "name": "Spam",
                "email": f"spam{number}@example.org",
                "accept_privacy": "on",
            },
        )
    assert response.status_code == 200
    assert "Zu viele Anmeldungen" in response.content.decode()
    assert len(_statuses(event)) == 2


def test_deleting_the_account_frees_the_seat_silently_and_hands_it_on(
    client, org_a, django_capture_on_commit_callbacks
):
    event = make_event(org_a, capacity=1)
    person = UserFactory(email="geht@example.org")
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(event.get_absolute_url(), {"name": "Geht", "accept_privacy": "on"})
        _signup(event, "wartet@example.org")
    assert _statuses(event) == {
        "geht@example.org": Status.CONFIRMED,
        "wartet@example.org": Status.WAITING,
    }
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:delete_account"), {"confirm": "on"})
    assert _statuses(event) == {"wartet@example.org": Status.CONFIRMED}
    assert [message.to[0] for message in mail.outbox] == ["wartet@example.org"]


def test_e_mails_show_ampersands_and_quotes_as_written(org_a, django_capture_on_commit_callbacks):
    event = make_event(org_a, title='Bürger & Verwaltung im "Dialog"')
    with django_capture_on_commit_callbacks(execute=True):
        _signup(event, "anna@example.org", name="Anna <Muster>")
    confirmation = mail.outbox[-1]
    assert confirmation.subject.endswith('Bürger & Verwaltung im "Dialog"')
    assert '„Bürger & Verwaltung im "Dialog"“' in confirmation.body
    assert "Anna <Muster>" in confirmation.body
    html = confirmation.alternatives[0][0]
    assert "Bürger &amp; Verwaltung" in html and "Anna &lt;Muster&gt;" in html
    assert "&amp;amp;" not in html and "&amp;quot;" not in html


def test_accepting_an_expired_offer_hands_the_seat_on_at_once(
    client, org_a, django_capture_on_commit_callbacks
):
    event = make_event(org_a, capacity=1, promotion=Event.Promotion.OFFER)
    first = _signup(event, "eins@example.org")
    late = _signup(event, "spaet@example.org")
    _signup(event, "naechste@example.org")
    with scope(organisation=org_a):
        services.cancel(first)
    with scopes_disabled():
        Registration.objects.filter(pk=late.pk).update(
            offer_expires_at=timezone.now() - timedelta(minutes=1)
        )
    url = reverse("events:offer_accept", kwargs={"org": org_a.slug, "token": late.token})
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, follow=True).content.decode()
    assert "abgelaufen" in page
    assert "Platz annehmen" not in page
    assert _statuses(event)["spaet@example.org"] == Status.CANCELLED
    assert _statuses(event)["naechste@example.org"] == Status.OFFERED
    assert "naechste@example.org" in [message.to[0] for message in mail.outbox]


def test_a_number_answer_of_zero_is_kept(event):
    with scopes_disabled():
        companions = ask(event, kind="number", label="Begleitpersonen")
    registration = _register(event, "anna@example.org", answers={companions: 0})
    with scopes_disabled():
        assert list(answers_of(registration).values()) == ["0"]


def test_e_mails_give_the_end_time_with_its_unit_and_the_end_day_of_longer_events(
    org_a, django_capture_on_commit_callbacks
):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    berlin = ZoneInfo("Europe/Berlin")
    start = datetime(timezone.now().year + 1, 3, 10, 10, 0, tzinfo=berlin)
    short = make_event(org_a, starts_at=start, ends_at=start + timedelta(hours=2))
    long = make_event(org_a, starts_at=start, ends_at=start + timedelta(days=1, hours=3))
    with django_capture_on_commit_callbacks(execute=True):
        _signup(short, "kurz@example.org")
        _signup(long, "lang@example.org")
    bodies = {message.to[0]: message.body for message in mail.outbox}
    year = start.year
    assert f"10. März {year}, 10:00 Uhr – 12:00 Uhr" in bodies["kurz@example.org"]
    assert f"10. März {year}, 10:00 Uhr – 11. März {year}, 13:00 Uhr" in bodies["lang@example.org"]


def test_an_old_confirmation_link_leads_to_the_registration_itself(client, event):
    registration = _confirm(_register(event, "anna@example.org"))
    kwargs = {"org": event.organisation.slug, "token": registration.token}
    response = client.get(reverse("events:confirm", kwargs=kwargs))
    assert response.status_code == 302
    assert response["Location"] == reverse("events:registration", kwargs=kwargs)


def test_waiting_for_a_full_workshop_says_so_not_that_the_event_is_full(
    org_a, django_capture_on_commit_callbacks
):
    event = make_event(org_a, capacity=10, format="conference")
    with scopes_disabled():
        question = ask(event, kind="single_choice", label="Workshop")
        small = question.choices.create(label="Workshop A", seat_limit=1)
        question.choices.create(label="Workshop B")
    _signup(event, "eins@example.org", answers={question: small})
    with django_capture_on_commit_callbacks(execute=True):
        waiting = _signup(event, "zwei@example.org", answers={question: small})
    assert waiting.status == Status.WAITING
    body = mail.outbox[-1].body
    assert "ist die von Ihnen gewählte Option „Workshop A“ ausgebucht" in body
    assert f"„{event.title}“ ist ausgebucht" not in body


def test_a_registration_made_without_an_account_shows_once_signed_in(client, event):
    registration = _confirm(_register(event, "teilnehmerin@example.org"))
    client.force_login(UserFactory(email="Teilnehmerin@example.org"))
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Sie sind angemeldet" in page
    assert 'name="accept_privacy"' not in page  # no second registration form
    mine = client.get(reverse("events:my_registrations")).content.decode()
    assert event.title in mine and registration.token in mine
    client.force_login(UserFactory(email="jemand@example.org"))  # and nobody else's
    assert (
        "Sie haben noch keine Anmeldungen"
        in client.get(reverse("events:my_registrations")).content.decode()
    )


def test_the_error_summary_does_not_repeat_a_consent_sentence(client, event):
    page = client.post(event.get_absolute_url(), {"name": "Anna", "email": "a@example.org"})
    summary = page.content.decode().split("mw-error-summary", 1)[1].split("</ul>", 1)[0]
    assert "Bitte stimmen Sie der Verarbeitung Ihrer Angaben zu." in summary
    assert "beschrieben.:" not in summary
