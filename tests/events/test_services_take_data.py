"""Services take plain values, as the REST API and other apps will call them (no forms)."""

import pytest
from django.core import mail
from django_scopes import scope

from mitwirken.events import services
from mitwirken.events.models import EventMessage
from mitwirken.organisations import services as organisation_services
from mitwirken.organisations.models import AuditLogEntry, BarrierReport, Role

from .factories import make_event

pytestmark = pytest.mark.django_db


def test_a_staff_message_is_sent_from_plain_values(
    org_a, staff_a, django_capture_on_commit_callbacks
):
    event = make_event(org_a)
    with scope(organisation=org_a):
        event.registrations.create(
            name="Anna", email="anna@example.org", status="confirmed", privacy_version="v1"
        )
        with django_capture_on_commit_callbacks(execute=True):
            message = services.send_message(
                staff_a[Role.EDITOR],
                event,
                audience=EventMessage.Audience.CONFIRMED,
                subject="Raumänderung",
                body="Wir treffen uns in Raum 2.",
            )
        assert message.recipient_count == 1
        assert AuditLogEntry.objects.filter(subject="Raumänderung").exists()
    (sent,) = mail.outbox
    assert sent.to == ["anna@example.org"] and "Raum 2" in sent.body


def test_a_barrier_report_is_made_from_plain_values(org_a, django_capture_on_commit_callbacks):
    org_a.contact_email = "team@stadt-a.example"
    org_a.save()
    with scope(organisation=org_a), django_capture_on_commit_callbacks(execute=True):
        report = organisation_services.report_barrier(
            org_a, message="Zu kleine Schrift", email="c@example.org", language="de"
        )
        assert BarrierReport.objects.get() == report
    assert sorted(m.to[0] for m in mail.outbox) == ["c@example.org", "team@stadt-a.example"]
