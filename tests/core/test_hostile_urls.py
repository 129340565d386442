"""Oversized and odd values in every argument of every URL pattern never give a server error.

The test walks the project's URL patterns (``get_resolver()``), puts a hostile value into one
argument at a time (the other arguments get real values: the organisation's slug, an event's
id, a registration's or invitation's token) and sends GET and an empty POST as a visitor and
as a platform admin. Every answer must be below 500: a 404, a form error, a redirect.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.views.static import serve
from django_scopes import scopes_disabled

from mitwirken.organisations.models import Invitation, Role

from ..events.factories import make_event

HOSTILE = [
    "99999999999999999999",  # more than any 64-bit integer
    "9223372036854775808",  # 2**63: one more than the largest bigint
    "-1",
    "a" * 300,
    "%00",
    "%C0%AF",  # an overlong UTF-8 "/"
]

# <converter:name> or <name> in a route; (?P<name>…) in a regular expression.
ROUTE_ARGUMENT = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
FIELD_NAME = re.compile(r'<(?:input|textarea|select)[^>]*\sname="([^"]+)"')
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?:[^()]|\([^()]*\))*\)")


def _routes(patterns, prefix=""):
    """(route template, view) for every URL pattern; arguments as ``{name}``."""
    for pattern in patterns:
        text = str(pattern.pattern)
        if text.startswith("^") or "(?P<" in text:
            text = REGEX_GROUP.sub(lambda m: "{" + m["name"] + "}", text)
            text = text.lstrip("^").rstrip("$").replace("\\", "")
        else:
            text = ROUTE_ARGUMENT.sub(lambda m: "{" + m["name"] + "}", text)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + text)
        elif isinstance(pattern, URLPattern):
            yield prefix + text, pattern.callback


@pytest.fixture
def objects(org_a):
    """Real values for the arguments that are not the hostile one."""
    event = make_event(org_a)
    with scopes_disabled():
        registration = event.registrations.create(
            name="Erika", email="erika@example.org", status="confirmed", privacy_version="v1"
        )
        invitation = Invitation.objects.create(
            organisation=org_a, email="neu@example.org", role=Role.EDITOR
        )
    return {
        "org": org_a.slug,
        "pk": str(event.pk),
        "registration_token": registration.token,
        "invitation_token": invitation.token,
    }


def _real_value(name, route, objects):
    if name == "token":
        key = "invitation_token" if route.startswith("einladung/") else "registration_token"
        return objects[key]
    return objects.get(name, "1")


def _urls(objects):
    """(url, route) with real values only, then with one hostile value each."""
    seen = set()
    for route, view in _routes(get_resolver().url_patterns):
        if view is serve:
            continue  # the uploaded files: their own tests (a path of any length)
        names = re.findall(r"{(\w+)}", route)
        real = {name: _real_value(name, route, objects) for name in names}
        variants = [real] + [
            {**real, name: value} for name in names for value in HOSTILE if real[name] != value
        ]
        for values in variants:
            url = "/" + route.format(**values)
            if url not in seen:
                seen.add(url)
                yield url, route


def _send_all(client, objects, login=None):
    failures = []
    count = 0
    for url, route in _urls(objects):
        for method in ("get", "post"):
            if login is not None:
                client.force_login(login)  # a POST to the logout must not end the walk
            response = getattr(client, method)(url)
            count += 1
            if response.status_code >= 500:
                failures.append(f"{method.upper()} {url[:120]} ({route}): {response.status_code}")
    return count, failures


@pytest.mark.django_db
def test_hostile_values_in_every_url_give_no_server_error_to_visitors(client, objects):
    client.raise_request_exception = False
    count, failures = _send_all(client, objects)
    assert count > 500
    assert failures == [], "\n".join(failures)


@pytest.mark.django_db
def test_hostile_values_in_every_url_give_no_server_error_to_platform_admins(
    client, objects, platform_admin
):
    client.raise_request_exception = False
    count, failures = _send_all(client, objects, login=platform_admin)
    assert count > 500
    assert failures == [], "\n".join(failures)


def test_the_walk_reaches_the_event_pages_with_oversized_ids(objects):
    urls = {url for url, _route in _urls(objects)}
    assert f"/{objects['org']}/veranstaltungen/99999999999999999999/" in urls
    assert f"/{objects['org']}/veranstaltungen/9223372036854775808/kalender.ics" in urls


@pytest.mark.parametrize("pk", ["99999999999999999999", "9223372036854775808"])
@pytest.mark.parametrize("suffix", ["", "kalender.ics"])
def test_oversized_event_ids_are_not_found(client, org_a, pk, suffix):
    assert client.get(f"/{org_a.slug}/veranstaltungen/{pk}/{suffix}").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("as_admin", [False, True])
@pytest.mark.parametrize("value", HOSTILE + ["\x00", "Bau\x00recht"])
def test_hostile_values_in_the_query_string_give_no_server_error(
    client, objects, platform_admin, value, as_admin
):
    client.raise_request_exception = False
    if as_admin:
        client.force_login(platform_admin)
    names = ["seite", "thema", "zielgruppe", "organisation", "format", "form", "von", "bis"]
    names += ["code", "status", "suche", "q", "next", "aktion", "action"]
    failures = []
    real_urls = {route: url for url, route in reversed(list(_urls(objects)))}
    for url in real_urls.values():
        if as_admin and "logout" in url:
            continue
        response = client.get(url, {name: value for name in names})
        if response.status_code >= 500:
            failures.append(f"GET {url}: {response.status_code}")
    assert failures == [], "\n".join(failures)


POSTED = ["99999999999999999999", "9223372036854775808", "-1", "a" * 300, "\x00", "²", "1\x00"]


@pytest.mark.django_db
def test_hostile_values_in_posted_fields_give_no_server_error(client, objects, platform_admin):
    """Every field of every form on the page (as the platform admin sees it), and the fields
    some views read by hand (ids of rows, actions), get each hostile value."""
    client.raise_request_exception = False
    names = {"attended", "delete", "action", "status", "new_code", "code", "email", "name"}
    names |= {"title", "kind", "label", "choices_text", "role", "language", "login"}
    failures = []
    real_urls = {route: url for url, route in reversed(list(_urls(objects)))}
    for url in real_urls.values():
        if "logout" in url or url.endswith(("/delete/", "/konto/loeschen/")):
            continue  # a POST to these ends the session or deletes what the walk needs
        client.force_login(platform_admin)
        page = client.get(url)
        fields = set(FIELD_NAME.findall(page.content.decode(errors="replace")))
        fields -= {"csrfmiddlewaretoken"}
        for value in POSTED:
            client.force_login(platform_admin)
            response = client.post(url, {name: value for name in names | fields})
            if response.status_code >= 500:
                failures.append(f"POST {url} ({value[:20]!r}): {response.status_code}")
    assert failures == [], "\n".join(failures)
