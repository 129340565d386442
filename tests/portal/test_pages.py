import re
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from mitwirken.organisations import demo as organisations_demo
from mitwirken.organisations.models import Role
from mitwirken.portal import demo

from ..factories import OrganisationFactory, make_staff


def _query_count(client, url):
    cache.clear()  # measure the uncached path every time
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("url", "small_size"),
    [("/", 3), ("/organisationen/", 3), ("/organisationen/?seite=2", 30)],  # page 2 needs > 24
)
def test_list_pages_make_the_same_number_of_queries_for_few_and_300_organisations(
    client, operator, url, small_size
):
    OrganisationFactory.create_batch(small_size)
    small = _query_count(client, url)
    OrganisationFactory.create_batch(300 - small_size)
    large = _query_count(client, url)
    assert small == large, (
        f"{url}: {small} queries with {small_size} organisations, {large} with 300"
    )
    assert large <= 5


def test_staff_pages_do_not_query_per_row(client, org_a, staff_a):
    admin = staff_a[Role.ADMIN]
    client.force_login(admin)
    url = reverse("organisations:staff_list", kwargs={"org": org_a.slug})
    small = _query_count(client, url)
    for _ in range(30):
        make_staff(org_a, Role.EDITOR)
    assert _query_count(client, url) == small


def test_start_page_shows_organisations_and_a_way_in(client, db):
    demo.load()
    page = client.get("/").content.decode()
    assert "Stadt Musterstadt" in page
    assert 'href="/konto/signup/"' in page
    assert 'href="/organisationen/"' in page


def test_demo_loading_is_idempotent_and_keeps_edits(db):
    demo.load()
    from mitwirken.organisations.models import Organisation

    Organisation.objects.filter(slug="stadt-musterstadt").update(teaser="Geändert")
    demo.load()
    assert Organisation.objects.get(slug="stadt-musterstadt").teaser == "Geändert"
    assert Organisation.objects.filter(slug="stadt-musterstadt").count() == 1


def test_demo_events_have_their_reminders_planned(db, django_capture_on_commit_callbacks):
    from django_tasks import task_backends

    from mitwirken.events.models import Event

    task_backends["scheduled"].clear()
    with django_capture_on_commit_callbacks(execute=True):
        demo.load()
    planned = {result.kwargs["event_id"] for result in task_backends["scheduled"].results}
    with scopes_disabled():
        upcoming = set(
            Event.objects.filter(
                status=Event.Status.PUBLISHED, starts_at__gt=timezone.now() + timedelta(days=1)
            ).values_list("pk", flat=True)
        )
    assert upcoming and upcoming <= planned


class _ResourceCollector(HTMLParser):
    """Collects every address a page would load (not plain links, which load nothing)."""

    def __init__(self):
        super().__init__()
        self.resources, self.links = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("src"):
            self.resources.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.resources.append(attrs["href"])
        if tag == "form" and attrs.get("action"):
            self.resources.append(attrs["action"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if attrs.get("style"):
            self.resources.extend(re.findall(r"url\(([^)]+)\)", attrs["style"]))


def _is_foreign(address: str) -> bool:
    address = address.strip("'\" ")
    if address.startswith(("data:", "#")):
        return False
    parsed = urlparse(address)
    return bool(parsed.netloc) and parsed.netloc != "testserver"


def test_no_page_loads_anything_from_another_host(client, db):
    """Crawl every demo page a visitor and the platform admin reach; fail on any src, link
    href, form action or CSS url() pointing to another host."""
    demo.load()
    from mitwirken.accounts.models import User

    visited, foreign = set(), []
    for user in (None, User.objects.get(email=organisations_demo.PLATFORM_ADMIN[0])):
        if user:
            client.force_login(user)
        queue = ["/", "/konto/", "/ministerium-inneres/verwaltung/"]
        while queue and len(visited) < 200:
            path = queue.pop()
            if path in visited:
                continue
            visited.add(path)
            response = client.get(path)
            if response.status_code != 200 or "html" not in response["Content-Type"]:
                continue
            collector = _ResourceCollector()
            collector.feed(response.content.decode())
            foreign += [(path, r) for r in collector.resources if _is_foreign(r)]
            for link in collector.links:
                target = urlparse(urljoin(path, link))
                if target.netloc or target.path.startswith(("/admin/", "/konto/logout")):
                    continue
                queue.append(target.path)
    stylesheets = [p for p in visited if p.endswith(".css")]
    from django.contrib.staticfiles import finders

    for css in [
        "core/mitwirken.css",
        "vendor/kern/kern.min.css",
        "vendor/kern/fonts/fira-sans.css",
    ]:
        text = open(finders.find(css), encoding="utf-8").read()  # noqa: SIM115
        foreign += [(css, u) for u in re.findall(r"url\(([^)]+)\)", text) if _is_foreign(u)]
    assert len(visited) > 20, visited
    assert foreign == [], foreign
    assert stylesheets == []


def test_init_platform_prepares_a_fresh_installation_once(client, db):
    from io import StringIO

    from django.contrib.sites.models import Site
    from django.core.management import call_command

    from mitwirken.core.models import PlatformPage

    call_command("init_platform", "--operator-name", "Landesbetrieb IT", stdout=StringIO())
    assert Site.objects.get().domain == "127.0.0.1:8000"
    for path in ["/impressum/", "/datenschutz/", "/leichte-sprache/", "/gebaerdensprache/"]:
        assert client.get(path).status_code == 200, path

    PlatformPage.objects.filter(key="leichte-sprache").update(title="Eigener Titel")
    call_command("init_platform", stdout=StringIO())
    assert PlatformPage.objects.get(key="leichte-sprache").title == "Eigener Titel"


def test_init_platform_takes_the_operators_slug_and_refuses_a_reserved_or_taken_one(db):
    from io import StringIO

    import pytest
    from django.core.management import CommandError, call_command

    from mitwirken.organisations.models import Organisation
    from tests.factories import OrganisationFactory

    OrganisationFactory(slug="stadt-musterstadt")
    for bad in ["konto", "stadt-musterstadt", "Nicht Gültig!"]:
        with pytest.raises(CommandError, match="--operator-slug"):
            call_command("init_platform", "--operator-slug", bad, stdout=StringIO())
    assert not Organisation.objects.filter(is_platform_operator=True).exists()

    out = StringIO()
    call_command("init_platform", "--operator-slug", "lit-betrieb", stdout=out)
    assert "/lit-betrieb/verwaltung/rechtliches/" in out.getvalue()
    assert Organisation.objects.get(is_platform_operator=True).slug == "lit-betrieb"
    again = StringIO()
    call_command("init_platform", "--operator-slug", "anders", stdout=again)
    assert "behält sie" in again.getvalue()
    assert Organisation.objects.get(is_platform_operator=True).slug == "lit-betrieb"
