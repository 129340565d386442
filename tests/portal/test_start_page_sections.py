"""The start page / shows what the apps offer across all organisations (the next events, …)
through core's portal-sections registry, so the portal imports none of the apps above it."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mitwirken.core import portal_sections
from mitwirken.events.models import Event

from ..events.factories import make_event

PORTAL_APP = Path(__file__).resolve().parents[2] / "src" / "mitwirken" / "portal"
BELOW_THE_PORTAL = ("mitwirken.core", "mitwirken.accounts", "mitwirken.organisations")
ITSELF = "mitwirken.portal"


def test_the_start_page_shows_the_next_events_of_all_organisations(client, org_a, org_b):
    soon = timezone.now() + timedelta(days=3)
    make_event(org_a, title="Bald: Bürgerrat", starts_at=soon)
    make_event(org_b, title="Später: Ideenwerkstatt", starts_at=soon + timedelta(days=20))
    make_event(org_a, title="Entwurf", status=Event.Status.DRAFT)
    page = client.get("/").content.decode()
    assert '<h2 class="kern-heading-medium" id="events-heading">Nächste Veranstaltungen</h2>' in (
        page
    )
    assert page.index("Bald: Bürgerrat") < page.index("Später: Ideenwerkstatt")
    assert "Entwurf" not in page
    assert 'href="/veranstaltungen/">Alle Veranstaltungen</a>' in page
    # between the introduction and what the portal offers, as before
    assert page.index("hero-heading") < page.index("events-heading") < page.index("offer-heading")


def test_without_events_the_start_page_has_no_events_section(client, db):
    page = client.get("/").content.decode()
    assert "events-heading" not in page and "Alle Veranstaltungen" not in page
    assert "offer-heading" in page


@pytest.fixture
def registered_section():
    def build(request, organisation):
        assert organisation is None  # the start page belongs to no organisation
        return "portal/tests/section.html", {"greeting": "Neu im Portal"}

    portal_sections.register_section("tests.greeting", build, order=5, where=portal_sections.START)
    yield
    portal_sections.unregister_section("tests.greeting", where=portal_sections.START)


def test_a_section_registered_for_the_start_page_appears_there_and_only_there(
    client, org_a, registered_section, settings, tmp_path
):
    (tmp_path / "portal" / "tests").mkdir(parents=True)
    (tmp_path / "portal" / "tests" / "section.html").write_text(
        '<section class="mw-section" id="greeting">{{ greeting }}</section>'
    )
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]
    make_event(org_a, title="Bald: Bürgerrat")
    page = client.get("/").content.decode()
    assert '<section class="mw-section" id="greeting">Neu im Portal</section>' in page
    assert page.index('id="greeting"') < page.index("events-heading")  # order 5 before 10
    assert "Neu im Portal" not in client.get(f"/{org_a.slug}/").content.decode()


def test_a_section_goes_to_a_known_place():
    with pytest.raises(ValueError):
        portal_sections.register_section("tests.nowhere", lambda r, o: None, where="footer")


def test_events_registers_its_sections_for_both_places():
    assert "events.next_events" in [s.name for s in portal_sections.sections(portal_sections.START)]
    assert "events.next_events" in [s.name for s in portal_sections.sections()]


def test_the_start_page_makes_no_query_per_event(client, org_a, org_b):
    def queries():
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            assert client.get("/").status_code == 200
        return len(context.captured_queries)

    make_event(org_a, title="Vortrag")
    few = queries()
    for number in range(12):
        make_event(org_a if number % 2 else org_b, title=f"Vortrag {number}")
    assert queries() == few


def _imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module or ""
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def test_the_portal_imports_no_app_above_it_and_shows_none_of_their_templates():
    modules = sorted(PORTAL_APP.rglob("*.py"))
    assert len(modules) > 3
    for path in modules:
        for module in _imports(path):
            if module.startswith("mitwirken."):
                assert module.startswith((*BELOW_THE_PORTAL, ITSELF)), f"{path} imports {module}"
    for path in PORTAL_APP.rglob("*.html"):
        text = path.read_text()
        assert "events/" not in text and "'events:" not in text, path
