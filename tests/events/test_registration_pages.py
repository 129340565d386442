"""What a person meets around a registration: the form (privacy link, full workshop options),
the page after sending it (Post/Redirect/Get), the personal page's calendar file, and
cancelling in two steps with a way back."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from icalendar import Calendar

from mitwirken.events import services
from mitwirken.events.models import Event, Registration

from ..factories import UserFactory
from .factories import answer, ask, make_event

Status = Registration.Status


def _registration(event, name, email, status=Status.CONFIRMED, **fields):
    with scopes_disabled():
        return Registration.objects.create(
            event=event, name=name, email=email, status=status, privacy_version="v1", **fields
        )


def _personal(name, registration):
    return reverse(
        name, kwargs={"org": registration.event.organisation.slug, "token": registration.token}
    )


# Item 12: the consent links the organisation's privacy notice


def test_the_consent_links_the_privacy_notice_of_the_organisation(client, org_a):
    event = make_event(org_a)
    page = client.get(event.get_absolute_url()).content.decode()
    privacy = reverse("organisations:datenschutz", kwargs={"org": org_a.slug})
    assert (
        f'wie in der <a class="kern-link" href="{privacy}">Datenschutzerklärung</a> beschrieben.'
        in page
    )
    # The label still belongs to its checkbox, and the summary names no link inside a link.
    assert '<label class="kern-label" for="id_accept_privacy">' in page
    errors = client.post(event.get_absolute_url(), {"name": "Anna"}).content.decode()
    assert '<a href="#id_accept_privacy">Bitte stimmen Sie der Verarbeitung' in errors


def test_the_consent_is_translated_for_each_visitor_although_the_form_is_shared(
    client, org_a, participant
):
    event = make_event(org_a)
    assert "Datenschutzerklärung</a>" in client.get(event.get_absolute_url()).content.decode()
    participant.language = "en"
    participant.save()
    client.force_login(participant)
    english = client.get(event.get_absolute_url()).content.decode()
    assert "privacy notice</a>." in english and "Datenschutzerklärung</a>" not in english


# Item 12: the personal calendar file


def test_the_personal_calendar_file_has_the_join_data_only_with_a_confirmed_seat(client, org_a):
    event = make_event(org_a)
    confirmed = _registration(event, "Anna", "anna@example.org")
    waiting = _registration(event, "Ben", "ben@example.org", Status.WAITING)
    unconfirmed = _registration(event, "Cem", "cem@example.org", Status.UNCONFIRMED)
    page = client.get(_personal("events:registration", confirmed)).content.decode()
    assert f'href="{_personal("events:registration_ics", confirmed)}"' in page

    def entry(registration):
        response = client.get(_personal("events:registration_ics", registration))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Cache-Control"] == "private, no-store"
        (found,) = Calendar.from_ical(response.content).walk("VEVENT")
        return str(found["description"]) + str(found.get("location", ""))

    assert event.join_url in entry(confirmed) and "4711" in entry(confirmed)
    for registration in (waiting, unconfirmed):
        assert event.join_url not in entry(registration)
        assert "4711" not in entry(registration)


def test_a_wrong_token_gets_no_calendar_file(client, org_a, org_b):
    event = make_event(org_a)
    registration = _registration(event, "Anna", "anna@example.org")
    wrong = reverse("events:registration_ics", kwargs={"org": org_a.slug, "token": "x" * 32})
    assert client.get(wrong).status_code == 404
    other_organisation = reverse(
        "events:registration_ics", kwargs={"org": org_b.slug, "token": registration.token}
    )
    assert client.get(other_organisation).status_code == 404


# Item 10: cancelling asks first and leads back to the registration


@pytest.mark.parametrize(
    ("status", "says"),
    [
        (Status.CONFIRMED, "Sie geben Ihren Platz auf."),
        (Status.WAITING, "Sie geben Ihren Platz auf der Warteliste auf: Sie sind Nummer 2."),
        (Status.PENDING, "noch nicht entschieden"),
    ],
)
def test_cancelling_shows_what_is_lost_and_changes_nothing_until_confirmed(
    client, org_a, status, says
):
    event = make_event(org_a)
    now = timezone.now()
    _registration(event, "Vorne", "vorne@example.org", Status.WAITING, queued_at=now)
    registration = _registration(
        event, "Anna", "anna@example.org", status, queued_at=now + timedelta(seconds=1)
    )
    personal = client.get(_personal("events:registration", registration)).content.decode()
    cancel_url = _personal("events:cancel_registration", registration)
    assert f'href="{cancel_url}"' in personal
    assert 'name="cancel"' not in personal  # no button that cancels at once
    page = client.get(cancel_url).content.decode()
    assert says in page
    assert "Ja, Anmeldung stornieren" in page
    assert f'href="{_personal("events:registration", registration)}"' in page  # keep it
    assert '<form method="post"' in page and "<select" not in page and "checked" not in page
    registration.refresh_from_db()
    assert registration.status == status


def test_after_cancelling_the_person_can_register_again(
    client, org_a, django_capture_on_commit_callbacks
):
    event = make_event(org_a)
    registration = _registration(event, "Anna", "anna@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_personal("events:cancel_registration", registration), follow=True)
    page = response.content.decode()
    assert "Ihre Anmeldung wurde storniert." in page
    assert f'href="{event.get_absolute_url()}#register-heading">Erneut anmelden</a>' in page
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED
    assert [message.to for message in mail.outbox] == [["anna@example.org"]]
    # and the form takes the same address again
    again = client.post(
        event.get_absolute_url(),
        {"name": "Anna", "email": "anna@example.org", "accept_privacy": "on"},
    )
    assert again.status_code == 302
    with scopes_disabled():
        assert event.registrations.filter(status=Status.UNCONFIRMED).count() == 1


def test_no_way_back_once_registration_has_closed(client, org_a):
    event = make_event(org_a)
    registration = _registration(event, "Anna", "anna@example.org", Status.CANCELLED)
    with scopes_disabled():
        Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    page = client.get(_personal("events:registration", registration)).content.decode()
    assert "Erneut anmelden" not in page
    # and a cancelled registration has nothing to cancel: the page goes back
    response = client.get(_personal("events:cancel_registration", registration))
    assert response.status_code == 302


# Item 21: Post/Redirect/Get after the form


def test_a_visitor_s_registration_redirects_to_a_page_that_reveals_nothing_about_the_address(
    client, org_a, django_capture_on_commit_callbacks
):
    event = make_event(org_a)
    data = {"name": "Anna", "email": "anna@example.org", "accept_privacy": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(event.get_absolute_url(), data)
    assert response.status_code == 302
    target = reverse("events:check_your_mail", kwargs={"org": org_a.slug, "pk": event.pk})
    assert response["Location"] == target
    page = client.get(target).content.decode()  # a reload just reads this page again
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in page
    assert "Wir haben eine E-Mail an die angegebene Adresse geschickt." in page
    assert "anna@example.org" not in page and "bereits" not in page
    assert len(mail.outbox) == 1
    with scopes_disabled():
        assert event.registrations.count() == 1
    other = make_event(org_a, status=Event.Status.DRAFT)
    drafts = reverse("events:check_your_mail", kwargs={"org": org_a.slug, "pk": other.pk})
    assert client.get(drafts).status_code == 404


def test_a_registered_address_gets_the_same_answer_as_a_new_one(
    client, org_a, django_capture_on_commit_callbacks
):
    """Item 3: the form does not tell whether an address is registered; its owner is told
    by e-mail, with the link to their registration."""
    event = make_event(org_a)
    answers = []
    for email in ("anna@example.org", "ben@example.org", "anna@example.org"):
        data = {"name": "Jemand", "email": email, "accept_privacy": "on"}
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(event.get_absolute_url(), data)
        page = client.get(response["Location"]).content.decode()
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)
        answers.append((response.status_code, response["Location"], page))
    assert answers[2] == answers[1] == answers[0]
    first, _ben, again = mail.outbox
    assert again.to == ["anna@example.org"]
    assert "/veranstaltungen/anmeldung/" in again.body  # the link to her registration
    with scopes_disabled():
        assert event.registrations.count() == 2


def test_a_signed_in_registration_redirects_to_the_personal_page(client, org_a):
    event = make_event(org_a)
    person = UserFactory(email="konto@example.org")
    client.force_login(person)
    response = client.post(event.get_absolute_url(), {"name": "Konto", "accept_privacy": "on"})
    with scopes_disabled():
        registration = Registration.objects.get(user=person)
    assert response.status_code == 302
    assert response["Location"] == _personal("events:registration", registration)
    assert "Sie haben einen Platz." in client.get(response["Location"]).content.decode()


# Item 21: full workshop options are marked


def _workshops(event):
    with scopes_disabled():
        question = ask(event, kind="single_choice", label="Workshop")
        small = question.choices.create(label="Workshop A", seat_limit=1)
        large = question.choices.create(label="Workshop B", seat_limit=5)
    return question, small, large


def _choose(registration, question, choice):
    answer(registration, question, "x", [choice])


def test_a_full_option_is_marked_at_once_although_the_form_is_cached(client, org_a):
    event = make_event(org_a, capacity=10, format="conference")
    question, small, large = _workshops(event)
    assert "ausgebucht" not in client.get(event.get_absolute_url()).content.decode()
    _choose(_registration(event, "Anna", "anna@example.org"), question, small)
    _choose(_registration(event, "Ben", "ben@example.org", Status.WAITING), question, large)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Workshop A – ausgebucht, Sie kommen auf die Warteliste" in page
    assert "Workshop B –" not in page  # a waiting person holds no seat
    assert "disabled" not in page
    # a signed-in person's form says the same
    client.force_login(UserFactory(email="konto@example.org"))
    assert "Workshop A – ausgebucht" in client.get(event.get_absolute_url()).content.decode()


def test_without_a_waiting_list_a_full_option_cannot_be_chosen(client, org_a):
    event = make_event(org_a, capacity=10, format="conference", waiting_list=False)
    question, small, large = _workshops(event)
    _choose(_registration(event, "Anna", "anna@example.org"), question, small)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Workshop A – ausgebucht" in page and "Warteliste" not in page
    assert f'value="{small.pk}" id="id_q{question.pk}_0" disabled>' in page
    assert f'value="{large.pk}" id="id_q{question.pk}_1">' in page


def test_full_options_cost_one_query_whatever_the_number_of_options(
    client, org_a, django_assert_max_num_queries
):
    event = make_event(org_a, capacity=100, format="conference")
    with scopes_disabled():
        question = ask(event, kind="single_choice", label="Workshop")
        for number in range(30):
            question.choices.create(label=f"Workshop {number}", seat_limit=1)
    client.get(event.get_absolute_url())
    # the organisation, the event with its seats, the full options
    with django_assert_max_num_queries(3):
        assert client.get(event.get_absolute_url()).status_code == 200


def test_registering_for_a_full_option_puts_the_person_on_the_waiting_list(org_a):
    event = make_event(org_a, capacity=10, format="conference")
    question, small, _large = _workshops(event)
    _choose(_registration(event, "Anna", "anna@example.org"), question, small)
    with scope(organisation=org_a):
        registration = services.register(
            event,
            name="Ben",
            email="ben@example.org",
            answers={question: small},
            privacy_version="v1",
        )
        registration = services.confirm_address(registration)
    assert registration.status == Status.WAITING
