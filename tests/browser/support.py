"""Shared helpers of the browser tests (imported by conftest.py and the test modules)."""

import os
import re
import shutil
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

from ..markup import markup_problems

REPO_ROOT = Path(__file__).parents[2]
AXE_PATH = REPO_ROOT / "node_modules/axe-core/axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SHOTS_DIR = Path("/tmp/mitwirken-shots")  # noqa: S108  for people to look at, not the repo

# Pages × roles checked with axe in this run: {role: [path, …]}; printed in the summary.
AXE_COVERAGE: dict[str, list[str]] = defaultdict(list)
# Links a role's crawl did not follow because it reached its page limit: {role: [path, …]}.
CRAWL_LEFT_OUT: dict[str, list[str]] = {}


def chromium_path() -> str | None:
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def missing_reason() -> str | None:
    """Why the browser tests cannot run here, or None if they can."""
    reasons = []
    if chromium_path() is None:
        reasons.append("Chromium not found (/usr/bin/chromium; apt-get install chromium)")
    if not AXE_PATH.exists():
        reasons.append(f"axe-core not found at {AXE_PATH} (npm ci)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reasons.append("the Python package playwright is not installed")
    return "; ".join(reasons) or None


def browser_required() -> bool:
    return os.environ.get("MITWIRKEN_REQUIRE_BROWSER", "") not in ("", "0", "false", "no")


def submit(page, locator):
    """Click a submit button and wait for the resulting page to load."""
    with page.expect_navigation():
        locator.click()


def login(page, email, password):
    """Log in through allauth's login form; returns once the next page has loaded."""
    page.goto("/konto/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    submit(page, page.locator("main form button[type=submit]"))
    assert "/konto/login/" not in page.url, f"login as {email} failed: {main_text(page)[:500]}"


def main_text(page) -> str:
    return page.locator("main").inner_text()


def run_axe(page) -> list[dict]:
    """Run axe-core on the current document and return its violations (WCAG 2.1 A/AA, and
    the best-practice rule heading-order)."""
    # The context's init script (conftest.new_context) loads axe into every document; this
    # fallback covers pages opened some other way.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_PATH))
    return page.evaluate(
        """async (tags) => {
            axe.configure({noHtml: true});  // no HTML snippets in the results: faster
            const results = await axe.run(document, {
                runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
                // A best-practice rule, off by default: no heading skips a level.
                rules: {'heading-order': {enabled: true}},
            });
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary})),
            }));
        }""",
        AXE_TAGS,
    )


def format_violations(label: str, violations: list[dict]) -> str:
    lines = [f"{label}: {len(violations)} axe violation(s)"]
    for violation in violations:
        lines.append(f"  - [{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.append(f"    {violation['helpUrl']}")
        for node in violation["nodes"][:8]:
            lines.append(f"      at {' '.join(node['target'])}")
        if len(violation["nodes"]) > 8:
            lines.append(f"      … and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


def page_path(url: str) -> str:
    """Path and query of a URL: what the coverage log records (the live server's port varies)."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def check_accessibility(page, role: str, label: str | None = None) -> str | None:
    """Run axe (WCAG 2.1 A/AA and heading order) and the markup checks on the current page,
    log it for ``role`` and return a readable report of what they found, or None."""
    label = label or page_path(page.url)
    violations = run_axe(page)
    AXE_COVERAGE[role].append(label)
    report = format_violations(f"[{role}] {label}", violations) if violations else None
    # What the Nu HTML Checker reports and axe's rules leave out (tests/markup.py).
    problems = markup_problems(page.content())
    if problems:
        report = "\n".join([report or f"[{role}] {label}", *(f"  - {p}" for p in problems)])
    return report


def assert_accessible(page, role: str = "journeys", label: str | None = None) -> None:
    report = check_accessibility(page, role, label)
    assert report is None, report


def wait_for_mail(predicate, timeout: float = 5.0):
    """The last e-mail in Django's locmem outbox that satisfies ``predicate``."""
    from django.core import mail

    deadline = time.monotonic() + timeout
    while True:
        matching = [message for message in mail.outbox if predicate(message)]
        if matching:
            return matching[-1]
        if time.monotonic() > deadline:
            subjects = [(m.to, m.subject) for m in mail.outbox]
            raise AssertionError(f"no matching e-mail; outbox: {subjects}")
        time.sleep(0.05)


def link_path(body: str, pattern: str) -> str:
    """The path (without scheme and host) of the first URL in ``body`` matching ``pattern``;
    mails carry SITE_URL or the request's host, the test follows them on the live server."""
    match = re.search(rf"https?://[^/\s]+({pattern})", body)
    assert match, f"no link matching {pattern!r} in:\n{body}"
    return match.group(1)
