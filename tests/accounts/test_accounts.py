import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.sites.models import Site
from django.core import mail
from django.db import connection
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from mitwirken.accounts.models import User
from mitwirken.organisations import services as organisation_services
from mitwirken.organisations.models import AuditLogEntry, BarrierReport, Role, StaffRole

from ..factories import PASSWORD, UserFactory, make_staff


def _signup(client, **extra):
    data = {
        "email": "neu@example.org",
        "password1": "Sommer-im-Rathaus-2026",
        "password2": "Sommer-im-Rathaus-2026",
        "display_name": "",
        "language": "de",
        "accept_privacy": "on",
        **extra,
    }
    return client.post(reverse("account_signup"), data)


def test_signup_stores_privacy_consent_and_requires_verification(
    client, operator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="neu@example.org")
    assert user.privacy_accepted_at is not None
    assert user.privacy_accepted_version.startswith("betrieb/v1")
    assert user.display_name.startswith("Mitwirkende-")  # a pseudonym, never the real name
    assert user.password.startswith("md5$") or user.password.startswith("argon2")
    (message,) = mail.outbox
    assert message.to == ["neu@example.org"]
    # The portal's own formal greeting and signature, never the site's domain as its name
    # (tests/accounts/test_wording.py).
    assert message.body.startswith("Guten Tag,") and "auf mitwirken" in message.body
    assert Site.objects.get_current().domain not in message.body.split("http", 1)[0]
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", message.body).group(0)

    # Not verified yet: login is refused with a hint.
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "neu@example.org", "password": "Sommer-im-Rathaus-2026"}
    )
    assert not EmailAddress.objects.get(email="neu@example.org").verified

    path = link.split("8000", 1)[-1]
    assert client.get(path).status_code == 200
    client.post(path)
    assert EmailAddress.objects.get(email="neu@example.org").verified


def test_signup_without_privacy_consent_is_refused(client, operator):
    response = _signup(client, accept_privacy="")
    assert response.status_code == 200
    assert "Datenschutzerklärung" in response.content.decode()
    assert not User.objects.exists()


def test_signup_with_existing_address_does_not_reveal_the_account(
    client, participant, operator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _signup(client, email=participant.email)
    # Same answer as a fresh sign-up; the owner gets a mail instead.
    assert response.status_code == 302
    assert User.objects.filter(email=participant.email).count() == 1
    assert [m.to for m in mail.outbox] == [[participant.email]]


def test_password_reset_does_not_reveal_unknown_addresses(
    client, participant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("account_reset_password"), {"email": participant.email})
        unknown = client.post(reverse("account_reset_password"), {"email": "niemand@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_login_is_rate_limited(client, participant):
    for _ in range(6):
        client.post(reverse("account_login"), {"login": participant.email, "password": "falsch"})
    response = client.post(
        reverse("account_login"), {"login": participant.email, "password": PASSWORD}
    )
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_profile_shows_public_name_and_switches_language(client, participant):
    client.force_login(participant)
    response = client.post(
        reverse("accounts:profile"),
        {
            "display_name": "Quartiersfreundin",
            "real_name": "Erika Muster",
            "show_real_name": "",
            "language": "en",
        },
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.public_name == "Quartiersfreundin"
    page = client.get(reverse("accounts:profile")).content.decode()
    assert '<html lang="en">' in page
    assert "My account" in page
    assert "Your details have been saved." in page  # in the language just chosen


def test_real_name_is_shown_only_after_opt_in(participant):
    participant.real_name = "Erika Muster"
    assert participant.public_name == participant.display_name
    participant.show_real_name = True
    assert participant.public_name == "Erika Muster"


def test_data_download_contains_everything_about_the_person(client, participant, org_a):
    make_staff(org_a, Role.MODERATOR, user=participant)
    client.force_login(participant)
    response = client.post(reverse("accounts:export_data"))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == participant.email
    assert data["organisations"]["staff_roles"][0]["organisation"] == "Stadt A"


def _all_text_columns_containing(needle: str) -> list[str]:
    """Every (table.column) in the database whose value contains ``needle``."""
    hits = []
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            for field in model._meta.concrete_fields:
                column = connection.ops.quote_name(field.column)
                cast = f"CAST({column} AS TEXT)"
                cursor.execute(
                    f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)} "  # noqa: S608
                    f"WHERE LOWER({cast}) LIKE %s",
                    [f"%{needle.lower()}%"],
                )
                if cursor.fetchone()[0]:
                    hits.append(f"{table}.{field.column}")
    return hits


def test_account_deletion_leaves_the_address_in_no_table(
    client, org_a, staff_a, django_capture_on_commit_callbacks
):
    person = UserFactory(
        email="weg@example.org",
        display_name="Bald weg",
        real_name="Ines Echtname",
        show_real_name=True,
    )
    admin = staff_a[Role.ADMIN]
    with scope(organisation=org_a), django_capture_on_commit_callbacks(execute=True):
        organisation_services.invite(admin, org_a, person.email, Role.EDITOR)
        invitation = org_a.invitations.get()
        staff_role = organisation_services.accept_invitation(person, invitation.token)
        organisation_services.change_role(admin, staff_role, Role.MODERATOR)
        BarrierReport.objects.create(organisation=org_a, message="Zu klein", email=person.email)
    assert _all_text_columns_containing(person.email)  # the check finds it before
    assert _all_text_columns_containing("Ines Echtname")  # the audit log names the person

    client.force_login(person)
    response = client.post(reverse("accounts:delete_account"), {"confirm": "on"})
    assert response.status_code == 200
    assert "gelöscht" in response.content.decode()
    assert _all_text_columns_containing(person.email) == []
    assert _all_text_columns_containing("Ines Echtname") == []
    assert not User.objects.filter(pk=person.pk).exists()
    with scopes_disabled():
        assert not StaffRole.objects.filter(user_id=person.pk).exists()
        # The audit log keeps that something happened, not who it was.
        assert AuditLogEntry.objects.filter(action=AuditLogEntry.Action.INVITED).exists()
    # And the person is logged out.
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_deletion_needs_the_confirmation(client, participant):
    client.force_login(participant)
    response = client.post(reverse("accounts:delete_account"), {})
    assert response.status_code == 200
    assert "Bitte bestätigen Sie" in response.content.decode()
    assert User.objects.filter(pk=participant.pk).exists()


@pytest.mark.parametrize("url_name", ["accounts:profile", "accounts:delete_account"])
def test_account_pages_need_login(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_login_message_is_in_the_person_s_language(client, operator):
    from ..factories import PASSWORD

    person = UserFactory(email="english@example.org", language="en")
    response = client.post(
        reverse("account_login"), {"login": person.email, "password": PASSWORD}, follow=True
    )
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Successfully signed in" in page and "Erfolgreich" not in page
