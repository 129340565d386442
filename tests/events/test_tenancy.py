"""The event use-cases run only in the scope of the event's organisation, as a request of
that organisation gives it (``organisation_view``) or a task (``core.tenancy.in_scope_of``):
called outside it, or in another organisation's scope, they raise and change nothing."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_scopes import ScopeError, scope, scopes_disabled

from mitwirken.events import services
from mitwirken.events.models import Event, Registration
from mitwirken.events.tasks import expire_offers, schedule_offer_expiry, send_reminders
from mitwirken.organisations.models import Role

from ..factories import UserFactory
from .factories import make_event

Status = Registration.Status


@pytest.fixture
def event(org_a):
    return make_event(org_a, capacity=1, requires_approval=False)


@pytest.fixture
def in_org_a(org_a):
    """The scope a request of organisation A runs in."""
    with scope(organisation=org_a):
        yield


def _registration(event, email, status, **fields):
    with scopes_disabled():
        return Registration.objects.create(
            event=event, name=email, email=email, status=status, privacy_version="v1", **fields
        )


def _status(registration):
    with scopes_disabled():
        return Registration.objects.get(pk=registration.pk).status


def _register(event, **extra):
    return services.register(
        event,
        name="Anna",
        email="anna@example.org",
        answers={},
        privacy_version="stadt-a/v1",
        **extra,
    )


def _count(event):
    with scopes_disabled():
        return Registration.objects.filter(event=event).count()


OUTSIDE = "outside any scope"
FOREIGN = "in another organisation's scope"


@pytest.fixture(params=[OUTSIDE, FOREIGN])
def wrong_scope(request, org_b):
    """What a use-case raises outside any scope (ScopeError), and in another organisation's
    scope: ScopeError, or that the event is not found there."""
    if request.param == OUTSIDE:
        yield ScopeError
    else:
        with scope(organisation=org_b):
            yield (ScopeError, Event.DoesNotExist)


def test_a_visitor_s_sign_up_needs_the_scope(event, wrong_scope):
    with pytest.raises(ScopeError):  # no query would find out: the use-case checks
        _register(event)
    assert _count(event) == 0 and mail.outbox == []


def test_a_sign_up_with_an_account_needs_the_scope(event, participant, wrong_scope):
    with pytest.raises(wrong_scope):
        _register(event, user=participant)
    assert _count(event) == 0


def test_sign_up_and_confirmation_work_in_the_scope(
    event, participant, in_org_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        visitor = _register(event)
        assert services.confirm_address(visitor, event.organisation).status == Status.CONFIRMED
        with_account = _register(event, user=participant)
    assert with_account.status == Status.WAITING
    assert len(mail.outbox) == 3


@pytest.mark.parametrize("pass_organisation", [True, False])
def test_a_confirmation_needs_the_scope(event, org_a, wrong_scope, pass_organisation):
    registration = _registration(event, "anna@example.org", Status.UNCONFIRMED)
    with pytest.raises(wrong_scope):
        services.confirm_address(registration, org_a if pass_organisation else None)
    assert _status(registration) == Status.UNCONFIRMED


def test_a_cancellation_needs_the_scope(event, wrong_scope):
    registration = _registration(event, "anna@example.org", Status.CONFIRMED)
    with pytest.raises(wrong_scope):
        services.cancel(registration)
    assert _status(registration) == Status.CONFIRMED


def test_a_cancellation_works_in_the_scope(event, in_org_a):
    registration = _registration(event, "anna@example.org", Status.CONFIRMED)
    assert services.cancel(registration).status == Status.CANCELLED


STAFF_DECISIONS = [
    ("approve", Status.PENDING, Status.CONFIRMED),
    ("reject", Status.PENDING, Status.REJECTED),
    ("move_to_waiting_list", Status.CONFIRMED, Status.WAITING),
    ("admit_from_waiting_list", Status.WAITING, Status.CONFIRMED),
    ("cancel_by_staff", Status.CONFIRMED, Status.CANCELLED),
]


@pytest.mark.parametrize(("decision", "before", "after"), STAFF_DECISIONS)
def test_staff_decisions_need_the_scope(event, staff_a, wrong_scope, decision, before, after):
    registration = _registration(
        event, "anna@example.org", before, queued_at=timezone.now(), email_confirmed_at=None
    )
    with pytest.raises(wrong_scope):
        getattr(services, decision)(staff_a[Role.MODERATOR], registration)
    assert _status(registration) == before


@pytest.mark.parametrize(("decision", "before", "after"), STAFF_DECISIONS)
def test_staff_decisions_work_in_the_scope(event, staff_a, in_org_a, decision, before, after):
    registration = _registration(event, "anna@example.org", before, queued_at=timezone.now())
    getattr(services, decision)(staff_a[Role.MODERATOR], registration)
    assert _status(registration) == after


def test_a_task_works_only_in_the_organisation_it_is_given(
    event, org_b, django_capture_on_commit_callbacks
):
    """Tasks run without the scope of the code that queued them (as in a worker): they
    enter the scope of the organisation whose id they carry."""
    _registration(event, "anna@example.org", Status.CONFIRMED)
    planned = {
        "event_id": event.pk,
        "starts_at": event.starts_at.isoformat(),
        "planned_for": (event.starts_at - timedelta(days=1)).isoformat(),
    }
    assert send_reminders.call(**planned, organisation_id=org_b.pk) == 0
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders.call(**planned, organisation_id=event.organisation_id) == 1
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]


def test_an_offer_s_expiry_is_planned_with_its_organisation(event, org_b):
    from django_tasks import task_backends

    scheduled = task_backends["scheduled"]
    scheduled.clear()
    offered = _registration(
        event, "anna@example.org", Status.OFFERED, offer_expires_at=timezone.now()
    )
    with scope(organisation=event.organisation):
        offered = Registration.objects.select_related("event").get(pk=offered.pk)
    schedule_offer_expiry(offered)
    (result,) = scheduled.results
    assert result.kwargs == {"event_id": event.pk, "organisation_id": event.organisation_id}
    with pytest.raises(Event.DoesNotExist):  # in another organisation the event is not found
        expire_offers.call(event_id=event.pk, organisation_id=org_b.pk)
    assert _status(offered) == Status.OFFERED
    assert expire_offers.call(**result.kwargs) == 1
    assert _status(offered) == Status.CANCELLED


def test_a_task_queued_before_tasks_carried_the_organisation_still_runs(event):
    offered = _registration(
        event, "anna@example.org", Status.OFFERED, offer_expires_at=timezone.now()
    )
    assert expire_offers.call(event_id=event.pk) == 1
    assert _status(offered) == Status.CANCELLED
    assert expire_offers.call(event_id=event.pk + 1000) == 0  # the event is gone


def test_the_portal_s_lists_span_organisations_and_an_organisation_s_do_not(client, event, org_b):
    other = make_event(org_b, title="Veranstaltung von B")
    portal = client.get("/veranstaltungen/").content.decode()
    assert event.title in portal and other.title in portal
    own = client.get(f"/{event.organisation.slug}/veranstaltungen/").content.decode()
    assert event.title in own and other.title not in own


def test_an_account_s_own_registrations_span_organisations(client, event, org_b):
    user = UserFactory(email="anna@example.org")
    other = make_event(org_b, title="Veranstaltung von B")
    _registration(event, user.email, Status.CONFIRMED)
    _registration(other, user.email, Status.CONFIRMED)
    client.force_login(user)
    page = client.get("/konto/anmeldungen/").content.decode()
    assert event.title in page and other.title in page
