"""axe-core (WCAG 2.0/2.1 A and AA) on every page a person of each role can reach by links.

With the German demo content loaded, each role crawls the same-origin links (a[href]) from the
start page, and logged-in roles also from "Mein Konto" and the staff area of
ministerium-inneres. Every page reached must have zero axe violations, answer without an HTTP
error and load without failed sub-resources or script errors; linked files (calendar,
materials) must answer. The forms' error states are checked too. The pages × roles covered are
printed in the terminal summary.

To stay fast, a role checks at most SAME_VIEW_LIMIT pages of one view (two events, two
organisations' imprints …), logged-in roles one page of each public view (it differs from the
visitor's only in the header), and at most MAX_PAGES_PER_ROLE pages in all.
"""

from collections import Counter, deque
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import Resolver404, resolve

from mitwirken.portal import demo

try:
    from playwright.sync_api import Error as PlaywrightError
except ImportError:  # conftest skips these tests (or fails them if required)
    PlaywrightError = Exception

from .support import (
    CRAWL_LEFT_OUT,
    check_accessibility,
    format_violations,
    login,
    page_path,
    run_axe,
    submit,
)

pytestmark = pytest.mark.browser

ORG = "ministerium-inneres"
MAX_PAGES_PER_ROLE = 60
SAME_VIEW_LIMIT = 2
SKIPPED_PREFIXES = ("/admin/", "/medien/", "/static/")

# role → login e-mail (None: not logged in)
ROLES = {
    "visitor": None,
    "participant": "teilnehmerin@demo.mitwirken.example",
    f"org admin ({ORG})": "admin.ministerium@demo.mitwirken.example",
    f"editor ({ORG})": "redaktion.ministerium@demo.mitwirken.example",
    f"moderator ({ORG})": "moderation.ministerium@demo.mitwirken.example",
    "platform admin": "plattform@demo.mitwirken.example",
}


def crawl_target(url: str, origin: str) -> str | None:
    """The path to visit for a link, or None for links the crawl leaves alone."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return None  # other hosts, mailto:, tel:, javascript: …
    path = parts.path
    if path.startswith(SKIPPED_PREFIXES) or "logout" in path:
        return None
    if not parts.query:
        return path  # a fragment only points into a page: the page itself
    query = parse_qs(parts.query, keep_blank_values=True)
    if set(query) != {"seite"}:
        return None  # ?next=… and the like lead to pages already covered
    number = query["seite"][0]
    if number.isdigit():
        return f"{path}?seite={number}"  # pagination
    # "Barriere melden" pre-fills the page it was opened from: the same form on every page.
    return path


def is_file(path: str) -> bool:
    """A link to a file such as /veranstaltungen/kalender.ics rather than to a page."""
    return "." in path.rstrip("/").rsplit("/", 1)[-1]


def watch_resources(page) -> list[str]:
    """Collect script errors and failed sub-resources (styles, fonts, images, scripts) of
    everything the page loads from now on."""
    errors: list[str] = []

    def on_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            errors.append(f"HTTP {response.status} for {response.url}")

    def on_request_failed(request):
        if "ERR_ABORTED" not in (request.failure or ""):  # cancelled by leaving the page
            errors.append(f"request failed: {request.url} ({request.failure})")

    page.on("pageerror", lambda error: errors.append(f"script error: {error}"))
    page.on("requestfailed", on_request_failed)
    page.on("response", on_response)
    return errors


def view_key(path: str) -> str:
    """Pages of one view share a template: /<org>/veranstaltungen/1/, /2/ …, the imprints of
    all organisations."""
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return path


def crawl(page, role: str, seeds: dict[str, int], public_view_limit: int) -> list[str]:
    """Visit every page reachable from ``seeds`` ({path: expected HTTP status}) and run axe on
    each; return the problems found. Of many pages of one view (event 1, 2, 3 …; the imprint of
    each organisation) only the first SAME_VIEW_LIMIT are visited, of public views (not under
    /konto/, /plattform/ or …/verwaltung/) only the first ``public_view_limit``."""
    origin = f"{urlsplit(page.url).scheme}://{urlsplit(page.url).netloc}"
    problems: list[str] = []
    resource_errors = watch_resources(page)

    def check_file(target, linked_from):
        # Not a page (calendar files, materials): it must answer, axe has nothing to do.
        status = page.request.get(target).status
        if status != 200:
            problems.append(f"[{role}] {target} (linked from {linked_from}): HTTP {status}")

    queue = deque(seeds)
    found_on = dict.fromkeys(seeds, "(start)")
    per_view = Counter(view_key(path) for path in seeds)
    checked = 0
    while queue and checked < MAX_PAGES_PER_ROLE:
        path = queue.popleft()
        try:
            response = page.goto(path)
        except PlaywrightError as error:
            if "Download is starting" not in str(error):
                raise
            check_file(path, found_on[path])
            continue
        status = response.status if response else None
        expected = seeds.get(path, 200)
        if status != expected:
            problems.append(
                f"[{role}] {path} (linked from {found_on[path]}): "
                f"HTTP {status}, expected {expected}"
            )
        final = page_path(page.url)
        found_on.setdefault(final, found_on[path])  # after a redirect: don't visit it again
        content_type = response.headers.get("content-type", "") if response else ""
        if status == 200 and not content_type.startswith("text/html"):
            continue  # a file shown inline (a photo at full size): it answered, axe has no page
        report = check_accessibility(page, role, label=path)
        checked += 1
        if report:
            problems.append(report)
        if resource_errors:
            problems.extend(f"[{role}] {path}: {error}" for error in resource_errors)
            resource_errors.clear()
        title, links = page.evaluate(
            """() => [document.title, Array.from(document.querySelectorAll('a[href]'),
                                                 a => [a.href, a.hasAttribute('download')])]"""
        )
        if not title.strip() or "<" in title:
            problems.append(f"[{role}] {path}: broken document title {title!r}")
        for href, is_download in links:
            target = crawl_target(href, origin)
            if target is None or target in found_on:
                continue
            found_on[target] = path
            if is_download or is_file(target):
                check_file(target, path)
                continue
            key = view_key(target)
            per_view[key] += 1
            public = not target.startswith(("/konto/", "/plattform/")) and (
                "/verwaltung/" not in target
            )
            if per_view[key] <= (public_view_limit if public else SAME_VIEW_LIMIT):
                queue.append(target)
    if queue:
        CRAWL_LEFT_OUT[role] = sorted(queue)  # listed in the terminal summary
    return problems


def form_error_states(page, role: str, forms: list[tuple[str, str]]) -> list[str]:
    """Submit each form empty ([(path, submit button selector)]) and check the error page."""
    problems = []
    resource_errors = watch_resources(page)
    for path, button in forms:
        page.goto(path)
        submit(page, page.locator(button))
        summary = page.locator("[data-error-summary]")
        if summary.count() == 0:
            problems.append(f"[{role}] {path}: the empty form shows no error summary")
        elif not summary.evaluate("element => element === document.activeElement"):
            problems.append(f"[{role}] {path}: the error summary does not receive focus")
        report = check_accessibility(page, role, label=f"{path} (form errors)")
        if report:
            problems.append(report)
        problems.extend(f"[{role}] {path} (form errors): {error}" for error in resource_errors)
        resource_errors.clear()
    return problems


@pytest.mark.parametrize("role", list(ROLES))
def test_every_reachable_page_is_accessible(role, page):
    demo.load()
    email = ROLES[role]
    seeds = {"/": 200}
    if email is None:
        seeds["/gibt-es-nicht/"] = 404  # the error page itself
    else:
        login(page, email, demo.DEMO_PASSWORD)
        seeds["/konto/"] = 200
        seeds[f"/{ORG}/verwaltung/"] = 403 if role == "participant" else 200
    if role == "platform admin":
        seeds["/plattform/organisationen/neu/"] = 200  # not linked: reached through the admin
    page.goto("/")

    # Logged in, the public pages differ from the visitor's only in the header: one of each.
    problems = crawl(page, role, seeds, public_view_limit=SAME_VIEW_LIMIT if email is None else 1)

    main_form = "main form.mw-form button[type=submit]"
    if email is None:
        problems += form_error_states(
            page,
            role,
            [
                ("/barriere-melden/", main_form),
                (f"/{ORG}/barriere-melden/", main_form),
                ("/konto/signup/", main_form),
                ("/konto/login/", main_form),
            ],
        )
    elif role == "participant":  # without the confirmation tick nothing is deleted
        problems += form_error_states(page, role, [("/konto/loeschen/", main_form)])
    elif role.startswith("org admin"):
        problems += form_error_states(
            page,
            role,
            [
                (
                    f"/{ORG}/verwaltung/team/",
                    "section[aria-labelledby=invite-heading] button[type=submit]",
                ),
            ],
        )
    elif role == "platform admin":
        problems += form_error_states(page, role, [("/plattform/organisationen/neu/", main_form)])

    assert not problems, "\n\n".join(problems)


def test_axe_finds_violations(page):
    """The harness itself: a page with a known violation must not pass."""
    page.goto("/")
    page.evaluate("""() => {
        const image = document.createElement('img');
        image.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
        document.querySelector('main').append(image);
    }""")
    violations = run_axe(page)
    assert "image-alt" in [violation["id"] for violation in violations]
    assert "image-alt" in format_violations("/", violations)


def test_a_skipped_heading_level_and_aria_on_a_hidden_input_do_not_pass(page):
    """The harness finds what the Nu HTML Checker found on the event lists and /konto/."""
    page.goto("/")
    page.evaluate("""() => {
        const main = document.querySelector('main');
        main.insertAdjacentHTML('beforeend',
            '<h4>Zu tief</h4><input type="hidden" name="x" aria-describedby="y">');
    }""")
    assert "heading-order" in [violation["id"] for violation in run_axe(page)]
    report = check_accessibility(page, "harness")
    assert "heading level skipped" in report and "hidden input 'x'" in report
