"""Hostile input into every form, as every role: the probe of the independent checks, kept.

For each role the demo portal is crawled through its links (with the test client, no
browser); every form found is sent back with hostile values in all its fields at once:
oversized numbers and ids, NUL bytes and line breaks, 10,000 characters, dates in the years 1
and 9999, negative numbers. The portal must answer each with a page, a form error or a
redirect: never a server error. The figures (requests, statuses) are printed at the end.
"""

from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from mitwirken.portal import demo

ORG = "ministerium-inneres"
# The forms of visitors and participants as they really are (real choice ids, radio buttons,
# the e-mail field), and an editor's event forms with their date fields. Every URL as the
# platform admin is walked by test_hostile_urls.py.
ROLES = {
    "visitor": None,
    "participant": "teilnehmerin@demo.mitwirken.example",
    "editor": "redaktion.ministerium@demo.mitwirken.example",
}
SKIPPED = ("/admin/", "/medien/", "/static/")
# Forms that end the crawl's own session or account; their handling is tested on its own.
LEFT_ALONE = ("logout", "/konto/loeschen/", "/sprache/setlang/")
SAME_VIEW_LIMIT = 2
MAX_PAGES = 80

HOSTILE = {
    "huge numbers": lambda kind: "99999999999999999999",
    "control characters, 10,000 characters": lambda kind: (
        "a\x00b\r\nBcc: x@example.org\u202e" + "ä" * 10_000
    ),
    "the years 1 and 9999": lambda kind: (
        ("0001-01-01T00:00" if kind == "datetime-local" else "9999-12-31")
        if "date" in kind
        else "-9223372036854775809"
    ),
}
FIGURES: dict[str, Counter] = {}


class _Page(HTMLParser):
    """The links and forms of one page: [(action, method, [(name, kind, value)])]."""

    def __init__(self):
        super().__init__()
        self.links, self.forms, self._form = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = (attrs.get("action") or "", (attrs.get("method") or "get").lower(), [])
            self.forms.append(self._form)
        elif self._form and tag in ("input", "select", "textarea") and attrs.get("name"):
            kind = attrs.get("type", tag) if tag == "input" else tag
            self._form[2].append((attrs["name"], kind, attrs.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def _view(path):
    try:
        return resolve(path).view_name
    except Resolver404:
        return path


def _hostile_data(fields, make):
    data = {}
    for name, kind, value in fields:
        if kind in ("submit", "button", "file"):
            if kind != "file" and value:
                data[name] = value
            continue
        if name == "csrfmiddlewaretoken":
            data[name] = value
        elif kind in ("checkbox", "radio"):
            data[name] = [value or "on", make(kind)]
        else:
            data[name] = make(kind)
    return data


def _probe(client, role, seeds):
    figures, problems = Counter(), []
    seen_views, visited, forms_sent = Counter(), set(), set()
    queue = list(seeds)
    while queue and len(visited) < MAX_PAGES:
        path = queue.pop(0)
        if path in visited:
            continue
        view = _view(urlsplit(path).path)
        if seen_views[view] >= SAME_VIEW_LIMIT:
            continue
        seen_views[view] += 1
        visited.add(path)
        response = client.get(path)
        figures[f"GET {response.status_code}"] += 1
        if response.status_code >= 500:
            problems.append(f"[{role}] GET {path}: {response.status_code}")
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = _Page()
        page.feed(response.content.decode())
        for href in page.links:
            target = urlsplit(urljoin(path, href))
            if target.netloc not in ("", "testserver") or target.path.startswith(SKIPPED):
                continue
            if "logout" in target.path or "." in target.path.rstrip("/").rsplit("/", 1)[-1]:
                continue
            queue.append(target.path + (f"?{target.query}" if target.query else ""))
        for action, method, fields in page.forms:
            target = urlsplit(urljoin(path, action or path)).path
            key = (_view(target), method, tuple(sorted(name for name, _kind, _value in fields)))
            if key in forms_sent or any(part in target for part in LEFT_ALONE):
                continue
            forms_sent.add(key)
            for label, make in HOSTILE.items():
                data = _hostile_data(fields, make)
                send = client.post if method == "post" else client.get
                answer = send(target, data)
                figures[f"{method.upper()} {answer.status_code}"] += 1
                if answer.status_code >= 500:
                    problems.append(f"[{role}] {method.upper()} {target} with {label}")
    figures["pages"], figures["forms"] = len(visited), len(forms_sent)
    return figures, problems


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ROLES))
def test_no_hostile_input_into_any_form_gives_a_server_error(role):
    demo.load()
    client = Client(raise_request_exception=False)
    seeds = ["/", "/veranstaltungen/", f"/{ORG}/", "/barriere-melden/", "/konto/signup/"]
    if ROLES[role]:
        assert client.login(email=ROLES[role], password=demo.DEMO_PASSWORD)
        seeds += ["/konto/", f"/{ORG}/verwaltung/", "/plattform/organisationen/neu/"]
    figures, problems = _probe(client, role, seeds)
    FIGURES[role] = figures
    assert figures["forms"] >= 3, "the crawl found almost no forms: it is broken"
    assert not problems, "\n".join(problems)
