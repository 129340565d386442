"""Signing up with a taken address must not be told apart from signing up with a new one: not
by the page, and not by the time it takes (the password is hashed in both cases)."""

import re
from unittest import mock

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core import mail
from django.urls import reverse

from ..factories import UserFactory

ARGON2 = ["django.contrib.auth.hashers.Argon2PasswordHasher"]


def _signup(client, email):
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "password1": "Sommer-im-Rathaus-2026",
            "password2": "Sommer-im-Rathaus-2026",
            "display_name": "",
            "language": "de",
            "accept_privacy": "on",
        },
    )


@pytest.fixture
def taken(operator):
    return UserFactory(email="vergeben@example.org")


def test_a_taken_and_a_new_address_get_the_same_page(
    client, taken, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for_taken = _signup(client, "vergeben@example.org")
    client.cookies.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for_new = _signup(client, "neu@example.org")
    assert for_taken.status_code == for_new.status_code == 302
    assert for_taken["Location"] == for_new["Location"]
    client.cookies.clear()
    pages = [client.get(r["Location"]).content.decode() for r in (for_taken, for_new)]
    # The same but for the CSRF token (masked anew for every page)
    taken_page, new_page = (re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", p) for p in pages)
    assert taken_page == new_page
    # Each owner is told by mail: the new one to confirm, the taken one that someone tried.
    assert sorted(m.to[0] for m in mail.outbox) == ["neu@example.org", "vergeben@example.org"]
    to_taken = next(m for m in mail.outbox if m.to == ["vergeben@example.org"])
    assert "/konto/password/reset/" in to_taken.body  # how to get into the existing account


@pytest.mark.parametrize("email", ["vergeben@example.org", "neu@example.org"])
def test_both_paths_hash_the_password_once_with_the_production_hasher(
    client, taken, settings, email
):
    settings.PASSWORD_HASHERS = ARGON2
    with mock.patch.object(
        Argon2PasswordHasher, "encode", autospec=True, side_effect=Argon2PasswordHasher.encode
    ) as encode:
        response = _signup(client, email)
    assert response.status_code == 302
    assert encode.call_count == 1
