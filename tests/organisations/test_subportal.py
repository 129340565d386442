"""An organisation's sub-portal /<slug>/ is its home page: who it is, and its next events
(a section the events app registers with core's portal-sections registry)."""

import ast
import re
from datetime import timedelta
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mitwirken.core import portal_sections
from mitwirken.events.models import Event

from ..events.factories import make_event

ORGANISATIONS_APP = Path(__file__).resolve().parents[2] / "src" / "mitwirken" / "organisations"


def _title(html: str) -> str:
    return " ".join(re.search(r"<title>(.*?)</title>", html, re.S).group(1).split())


def _url(organisation):
    return reverse("organisations:detail", kwargs={"org": organisation.slug})


def test_the_sub_portal_shows_the_next_events_of_the_organisation(client, org_a, org_b):
    soon = timezone.now() + timedelta(days=3)
    make_event(org_a, title="Bald: Bürgerrat", starts_at=soon)
    make_event(org_a, title="Später: Ideenwerkstatt", starts_at=soon + timedelta(days=20))
    make_event(org_a, title="Entwurf", status=Event.Status.DRAFT)
    make_event(org_a, title="Vorbei", starts_at=timezone.now() - timedelta(days=3))
    make_event(org_b, title="Bei Stadt B")
    page = client.get(_url(org_a)).content.decode()
    assert "Nächste Veranstaltungen" in page
    assert page.index("Bald: Bürgerrat") < page.index("Später: Ideenwerkstatt")
    for title in ("Entwurf", "Vorbei", "Bei Stadt B"):
        assert title not in page
    assert f'href="{reverse("events:organisation_list", kwargs={"org": org_a.slug})}"' in page


def test_a_sub_portal_without_events_says_so(client, org_a):
    page = client.get(_url(org_a)).content.decode()
    assert "Zurzeit sind keine Veranstaltungen geplant." in page


def test_the_page_title_names_the_organisation_once(client, org_a):
    assert _title(client.get(_url(org_a)).content.decode()) == "Stadt A | mitwirken"


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_sub_portal_makes_no_query_per_event(client, org_a, django_assert_max_num_queries):
    for number in range(2):
        make_event(org_a, title=f"Vortrag {number}")
    few = _queries(client, _url(org_a))
    for number in range(2, 30):
        make_event(org_a, title=f"Vortrag {number}")
    with django_assert_max_num_queries(few):
        client.get(_url(org_a))


def test_the_organisations_app_reaches_events_only_through_the_registry():
    assert any(section.name == "events.next_events" for section in portal_sections.sections())
    for path in ORGANISATIONS_APP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("mitwirken.events"), path
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("mitwirken.events") for a in node.names), path
