"""The main pages, as a visitor, a participant and staff see them, are valid HTML: no heading
skips a level, no hidden input carries aria-*, and the Nu HTML Checker finds no error."""

import os

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from mitwirken.accounts.models import User
from mitwirken.core.text import render_markdown
from mitwirken.events.models import Event
from mitwirken.organisations.models import Organisation
from mitwirken.portal import demo

from ..markup import markup_problems, vnu_errors, vnu_missing_reason

PUBLIC = [
    "/",
    "/veranstaltungen/",
    "/veranstaltungen/?archiv=1",
    "/organisationen/",
    "/leichte-sprache/",
    "/gebaerdensprache/",
    "/bescheinigung/",
    "/bescheinigung/?code=",
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/",
    "/barriere-melden/",
    "/konto/login/",
    "/konto/signup/",
    "/konto/password/reset/",
    "/gibt-es-nicht/",
]
PARTICIPANT = ["/konto/", "/konto/anmeldungen/", "/konto/loeschen/"]
STAFF = ["/{org}/verwaltung/", "/{org}/verwaltung/veranstaltungen/", "/{org}/verwaltung/profil/"]


@pytest.fixture
def pages(db) -> dict[str, str]:
    """{label: html} of the main pages with the demo content."""
    demo.load()
    with scopes_disabled():
        organisations = list(Organisation.objects.filter(is_platform_operator=False))
        events = list(
            Event.objects.filter(status=Event.Status.PUBLISHED).select_related("organisation")
        )
    paths = list(PUBLIC)
    for organisation in organisations:
        paths += [f"/{organisation.slug}/", f"/{organisation.slug}/veranstaltungen/"]
        paths += [f"/{organisation.slug}/impressum/", f"/{organisation.slug}/barriere-melden/"]
    paths += [event.get_absolute_url() for event in events[:6]]
    found = {}
    visitor = Client()
    for path in paths:
        found[f"visitor {path}"] = visitor.get(path).content.decode()
    # A form sent empty shows its errors: those pages must be valid too.
    found["visitor signup with errors"] = visitor.post("/konto/signup/", {}).content.decode()
    participant = Client()
    participant.force_login(User.objects.get(email="teilnehmerin@demo.mitwirken.example"))
    for path in PARTICIPANT:
        found[f"participant {path}"] = participant.get(path).content.decode()
    staff = Client()
    staff.force_login(User.objects.get(email="admin.stadt@demo.mitwirken.example"))
    for path in STAFF:
        path = path.format(org="stadt-musterstadt")
        found[f"staff {path}"] = staff.get(path).content.decode()
    return found


def test_no_heading_skips_a_level_and_no_hidden_input_has_aria(pages):
    problems = {label: markup_problems(html) for label, html in pages.items()}
    assert {label: found for label, found in problems.items() if found} == {}


def test_the_nu_html_checker_finds_no_error_on_the_main_pages(pages):
    reason = vnu_missing_reason()
    if reason:
        if os.environ.get("MITWIRKEN_REQUIRE_BROWSER", "") not in ("", "0", "false", "no"):
            pytest.fail(reason)  # CI installs Java and vnu.jar: never skipped there
        pytest.skip(reason)
    assert vnu_errors(pages) == []


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        ("## Eins\n\n### Zwei", ["h2", "h3"]),  # the page's h1 comes first
        ("# Eins\n\n## Zwei", ["h2", "h3"]),
        ("## Eins\n\n#### Drei", ["h2", "h3"]),  # no level skipped
        ("### Tief\n\n## Höher", ["h2", "h2"]),
    ],
)
def test_editor_headings_follow_the_page_heading_without_a_gap(text, levels):
    html = render_markdown(text)
    assert [tag for tag in ("h2", "h3", "h4") for _ in range(html.count(f"<{tag}>"))] == sorted(
        levels
    )
    assert markup_problems("<h1>Seite</h1>" + html) == []
