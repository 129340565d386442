import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

import polib
import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
PO_FILE = ROOT / "src/mitwirken/locale/de/LC_MESSAGES/django.po"


def test_healthz_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "periodic_jobs": "ok",
        "overdue_jobs": [],
    }


def test_healthz_reports_a_broken_cache(client, db):
    with mock.patch.object(cache, "get", side_effect=ConnectionError("redis down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "error"


def test_healthz_reports_a_broken_database(client, db):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=Exception("down")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"


def test_404_is_german_and_in_the_portal_layout(client, operator):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Seite nicht gefunden" in page
    assert 'href="/impressum/"' in page  # the footer with the legal pages


def test_500_page_is_german(client, operator, settings):
    from mitwirken.core.views import server_error

    request = Client().get("/").wsgi_request
    response = server_error(request)
    assert response.status_code == 500
    assert "Technischer Fehler" in response.content.decode()


def test_forged_or_missing_csrf_token_gets_a_clear_page(operator):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("organisations:portal_barriere_melden"), {"message": "x"})
    assert response.status_code == 403
    assert "Formular ist abgelaufen" in response.content.decode()


def test_strict_content_security_policy(client, operator):
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_production_settings_are_secure():
    env = {
        **os.environ,
        "SECURE_SSL": "true",
        "DEBUG": "false",
        "SECRET_KEY": "x" * 60,
        "DJANGO_SETTINGS_MODULE": "mitwirken.config.settings",
    }
    code = (
        "import json; from django.conf import settings as s; import django; django.setup();"
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS,"
        " s.SECURE_SSL_REDIRECT, s.DEBUG]))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(output) == [True, True, 31536000, True, False]


def test_german_catalogue_is_complete():
    catalogue = polib.pofile(str(PO_FILE))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == [], f"untranslated: {untranslated}"
    assert fuzzy == [], f"fuzzy: {fuzzy}"
    assert catalogue.percent_translated() == 100


def test_every_ui_string_is_in_the_catalogue(tmp_path):
    """makemessages finds no msgid that the committed catalogue lacks."""
    # Work on a copy: makemessages rewrites the catalogue it finds.
    source = tmp_path / "mitwirken"
    shutil.copytree(ROOT / "src/mitwirken", source, ignore=shutil.ignore_patterns("static", "*.mo"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "de",
            "--no-location",
            "--ignore",
            "static/*",
            "--no-obsolete",
            "--keep-pot",
        ],
        cwd=source,
        capture_output=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "mitwirken.config.settings_test"},
    )
    wanted = {entry.msgid for entry in polib.pofile(str(source / "locale/django.pot"))}
    have = {entry.msgid for entry in polib.pofile(str(PO_FILE)) if entry.translated()}
    assert wanted - have == set(), "run `make messages` and translate the new strings"


def test_compiled_catalogue_is_up_to_date():
    import gettext

    with open(PO_FILE.with_suffix(".mo"), "rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    for entry in polib.pofile(str(PO_FILE)).translated_entries():
        if entry.msgid_plural:
            expected = entry.msgstr_plural[0]
            actual = (
                compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
                if entry.msgctxt
                else compiled.ngettext(entry.msgid, entry.msgid_plural, 1)
            )
        else:
            expected = entry.msgstr
            actual = (
                compiled.pgettext(entry.msgctxt, entry.msgid)
                if entry.msgctxt
                else compiled.gettext(entry.msgid)
            )
        assert actual == expected, f"stale .mo: run `make messages` ({entry.msgid})"


@pytest.mark.parametrize("language", ["de", "en"])
def test_dates_in_the_reader_s_format(language):
    from datetime import date

    from django.utils import formats, translation

    with translation.override(language):
        text = formats.date_format(date(2026, 5, 14), "SHORT_DATE_FORMAT")
    assert text == ("14.05.2026" if language == "de" else "14/05/2026")


def test_every_portal_path_is_reserved_as_organisation_slug():
    """An organisation named like a portal path would be unreachable."""
    from django.conf import settings
    from django.urls import get_resolver

    first_segments = set()
    for pattern in get_resolver().url_patterns:
        text = str(pattern.pattern).lstrip("^")
        segment = text.split("/")[0].rstrip("$")
        if segment and "<" not in segment and "(" not in segment:
            first_segments.add(segment)
        for sub in getattr(pattern, "url_patterns", []):
            sub_segment = str(sub.pattern).lstrip("^").split("/")[0].rstrip("$")
            if not segment and sub_segment and "<" not in sub_segment and "(" not in sub_segment:
                first_segments.add(sub_segment)
    assert first_segments - settings.RESERVED_SLUGS == set()


def test_german_by_default_english_on_request(client, operator):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="de">' in page.content.decode()
    client.post("/sprache/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()


def test_the_language_switch_also_works_for_signed_in_people(client, participant):
    client.force_login(participant)
    assert '<html lang="de">' in client.get("/").content.decode()
    client.post("/sprache/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()
    participant.refresh_from_db()
    assert participant.language == "en"  # the profile, which e-mails use too
    client.post("/sprache/setlang/", {"language": "xx", "next": "/"})
    participant.refresh_from_db()
    assert participant.language == "en"


def test_allauth_override_catalogue_is_complete():
    catalogue = polib.pofile(str(ROOT / "src/mitwirken/locale_allauth/de/LC_MESSAGES/django.po"))
    assert catalogue.untranslated_entries() == [] and catalogue.fuzzy_entries() == []


INFORMAL = re.compile(r"\b(du|dich|dir|dein\w*)\b", re.IGNORECASE)


@pytest.mark.parametrize(
    "url_name",
    [
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_email_verification_sent",
    ],
)
def test_account_pages_address_people_formally(client, operator, url_name):
    page = client.get(reverse(url_name)).content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    assert not INFORMAL.search(re.sub(r"<[^>]+>", " ", main)), main


def test_deferred_tasks_are_skipped_without_a_backend_that_can_defer(settings, caplog):
    """With TASKS_IMMEDIATE (development) a reminder cannot wait; it must not break the page."""
    from datetime import timedelta

    from django.utils import timezone

    from mitwirken.core.tasks import schedule, send_mail

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    result = schedule(
        send_mail,
        timezone.now() + timedelta(hours=1),
        kind="core.rendered",
        organisation_id=None,
        params={"mail_id": 1},
    )
    assert result is None
    assert "cannot run tasks later" in caplog.text


def test_html_part_of_a_text_mail_links_web_addresses_and_escapes_the_rest():
    from mitwirken.core.templatetags.mitwirken import link_web_addresses

    html = link_web_addresses(
        "Ihr Link: https://example.org/a/?x=1&y=2.\n<b>Anna</b> (https://example.org/b)"
    )
    assert (
        '<a href="https://example.org/a/?x=1&amp;y=2">https://example.org/a/?x=1&amp;y=2</a>.'
        in html
    )
    assert '(<a href="https://example.org/b">https://example.org/b</a>)' in html
    assert "&lt;b&gt;Anna&lt;/b&gt;" in html and "<b>" not in html


def test_one_cache_layer_djangos_own_backends(settings):
    """One cache, Django's own backend (Redis with REDIS_URL, else local memory): no
    per-process second cache, no subclass built on the backend's private API."""
    assert set(settings.CACHES) == {"default"}
    backend = settings.CACHES["default"]["BACKEND"]
    if os.environ.get("REDIS_URL"):
        assert backend == "django.core.cache.backends.redis.RedisCache"
        cache.set("mitwirken-test-client", {"a": 1}, 5)  # and it works, against the server
        assert cache.get("mitwirken-test-client") == {"a": 1}
    else:
        assert backend == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="PostgreSQL only"
)
def test_postgresql_binds_parameters_on_the_server_and_prepares_statements(db):
    from django.db import connection

    assert connection.features.uses_server_side_binding
    assert connection.settings_dict["OPTIONS"]["prepare_threshold"] == 5
    connection.ensure_connection()
    assert connection.connection.prepare_threshold == 5


@pytest.mark.parametrize("prepared", ["true", "false"])
def test_behind_a_pooler_neither_prepared_statements_nor_server_side_cursors(prepared):
    """DATABASE_PREPARED_STATEMENTS=false (PgBouncer in transaction mode): no prepared
    statements, and the streamed exports read without a server-side cursor."""
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d.get('DISABLE_SERVER_SIDE_CURSORS', False), "
        "d.get('OPTIONS', {}).get('prepare_threshold'))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mitwirken.config.settings",
        "DATABASE_URL": "postgres://mitwirken@db.invalid:5432/mitwirken",
        "DATABASE_PREPARED_STATEMENTS": prepared,
        "DEVELOPMENT": "true",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == (["False", "5"] if prepared == "true" else ["True", "None"])
