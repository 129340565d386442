"""German that needs no grammatical forms of organisation names, one formal voice in every
e-mail, and the texts a person reads after signing up."""

import re
from datetime import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from mitwirken.events import services as event_services
from mitwirken.organisations import services as organisation_services
from mitwirken.organisations.models import Role

from ..events.factories import make_event
from .test_accounts import _signup


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_footer_names_the_organisation_without_declining_it(client, org_a, operator):
    url = reverse("organisations:detail", kwargs={"org": "stadt-a"})
    page = _text(client.get(url).content.decode())
    assert "Rechtliche Angaben: Stadt A" in page
    assert "Angaben von" not in page
    portal = _text(client.get(reverse("events:list")).content.decode())
    assert "Betreiber der Plattform: Landesbetrieb IT" in portal
    assert "Betrieben von" not in portal


def test_no_sentence_puts_an_organisation_name_after_von(
    client, org_a, staff_a, django_capture_on_commit_callbacks
):
    """Every German text with an organisation's name in it, rendered."""
    admin = staff_a[Role.ADMIN]
    client.force_login(admin)
    pages = [
        reverse("organisations:detail", kwargs={"org": "stadt-a"}),
        reverse("organisations:staff_home", kwargs={"org": "stadt-a"}),
        reverse("organisations:barriere_melden", kwargs={"org": "stadt-a"}),
        reverse("organisations:portal_datenschutz"),
    ]
    for url in pages:
        page = _text(client.get(url).content.decode())
        for name in ("Stadt A", "Landesbetrieb IT"):
            assert f"von {name}" not in page, url
            assert f"von „{name}" not in page, url
    with scope(organisation=org_a), django_capture_on_commit_callbacks(execute=True):
        organisation_services.invite(admin, org_a, "neu@example.org", Role.EDITOR)
    (invitation,) = [m for m in mail.outbox if m.to == ["neu@example.org"]]
    assert "von Stadt A" not in invitation.subject + invitation.body
    assert "„Stadt A“" in invitation.body


def test_the_account_page_names_the_privacy_notice_by_its_date(client, participant, operator):
    participant.privacy_accepted_version = "betrieb/v1 (2026-12-01)"
    participant.privacy_accepted_at = timezone.make_aware(datetime(2026, 12, 3, 14, 30))
    participant.save()
    client.force_login(participant)
    html = client.get(reverse("accounts:profile")).content.decode()
    page = _text(html)
    assert "betrieb/v1" not in page
    assert "Datenschutzerklärung vom 1. Dezember 2026" in page
    assert "am 03.12.2026 14:30 akzeptiert" in page
    assert f'href="{reverse("organisations:portal_datenschutz")}"' in html


def _closing(body: str, lines: int = 5) -> list[str]:
    return body.rstrip().splitlines()[-lines:]


def test_every_mail_speaks_formally_names_the_portal_and_signs_alike(
    client, operator, org_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _signup(client, display_name="Marlene B.")
    (signup,) = mail.outbox
    assert signup.body.startswith("Guten Tag,")
    assert "Hallo" not in signup.body and "Benutzer" not in signup.body
    assert "mitwirken" in signup.body
    # The host appears in the link only, never as the portal's name.
    prose = [line for line in signup.body.splitlines() if "://" not in line]
    assert not any("127.0.0.1" in line or "localhost" in line for line in prose), prose

    event = make_event(org_a)
    with scope(organisation=org_a), django_capture_on_commit_callbacks(execute=True):
        event_services.register(
            event,
            name="Anna",
            email="anna@example.org",
            answers={},
            privacy_version="stadt-a/v1",
        )
    event_mail = mail.outbox[-1]
    assert event_mail.body.startswith("Guten Tag")
    assert "Mit freundlichen Grüßen" in "\n".join(_closing(signup.body))
    # The same closing lines, the sender's name aside.
    assert _closing(signup.body)[-2:] == _closing(event_mail.body)[-2:]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "neu@example.org"})
    (reset,) = mail.outbox
    assert reset.body.startswith("Guten Tag,")
    assert _closing(reset.body)[-2:] == _closing(event_mail.body)[-2:]


def test_after_sign_up_the_page_says_whom_to_contact(client, operator):
    operator.contact_email = "hilfe@betrieb.example"
    operator.save()
    response = _signup(client)
    page = client.get(response["Location"]).content.decode()
    assert "kontaktieren Sie uns" not in page
    assert 'href="mailto:hilfe@betrieb.example"' in page


def test_the_password_reset_pages_say_whom_to_contact(client, operator):
    page = client.get(reverse("account_reset_password")).content.decode()
    assert "kontaktieren Sie uns" not in page
    assert f'href="mailto:{operator.imprint_email}"' in page  # no contact address: the imprint's
    done = client.get(reverse("account_reset_password_done")).content.decode()
    assert "kontaktieren Sie uns" not in done
    assert f'href="mailto:{operator.imprint_email}"' in done
