"""Browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's
live server, with axe-core for automated WCAG checks (helpers in support.py).

Without Chromium or axe-core the tests are skipped; with MITWIRKEN_REQUIRE_BROWSER=1 (CI) they
fail instead, so a missing browser can never turn a CI run green unnoticed.
"""

import json
import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse every
# database query from the test code ("You cannot call this from an async context").
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from .support import (  # noqa: E402
    AXE_COVERAGE,
    AXE_PATH,
    CHROMIUM_ARGS,
    CRAWL_LEFT_OUT,
    SHOTS_DIR,
    browser_required,
    chromium_path,
    missing_reason,
)

BROWSER_DIR = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    reason = missing_reason()
    if reason is None or browser_required():
        return  # when required, the `browser` fixture fails with the reason instead
    skip = pytest.mark.skip(reason=f"browser tests skipped: {reason}")
    for item in items:
        if BROWSER_DIR in Path(str(item.fspath)).parents:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if not AXE_COVERAGE:
        return
    write = terminalreporter.write_line
    terminalreporter.section("axe-core coverage (WCAG 2.1 A/AA, 0 violations required)")
    total = 0
    for role, paths in AXE_COVERAGE.items():
        write(f"{role:<34} {len(paths):>4} pages")
        total += len(paths)
    distinct = len({path for paths in AXE_COVERAGE.values() for path in paths})
    write(f"{'total (pages × roles)':<34} {total:>4} checks, {distinct} distinct pages")
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    report = SHOTS_DIR / "axe-coverage.json"
    report.write_text(json.dumps(AXE_COVERAGE, indent=2, ensure_ascii=False))
    write(f"pages per role: {report}")
    for role, paths in CRAWL_LEFT_OUT.items():
        write(f"{role}: page limit reached, {len(paths)} linked pages not checked: {paths}")


# --- Fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    reason = missing_reason()
    if reason is not None:
        if browser_required():
            pytest.fail(f"MITWIRKEN_REQUIRE_BROWSER is set but {reason}", pytrace=False)
        pytest.skip(f"browser tests skipped: {reason}")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def new_context(browser, live_server):
    """Factory for fresh, isolated browser contexts (own cookies) on the live server. The
    page's CSP is bypassed only so that axe-core can be injected."""
    contexts = []

    def make(**kwargs):
        options = {
            "base_url": live_server.url,
            "bypass_csp": True,
            "locale": "de-DE",
            "viewport": {"width": 1280, "height": 900},
            "accept_downloads": True,
            **kwargs,
        }
        context = browser.new_context(**options)
        # axe-core in every document of the context: Chromium keeps the script, so it is
        # sent once per context instead of once per page (add_script_tag: ~0.2 s a page).
        context.add_init_script(path=str(AXE_PATH))
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A page in a fresh context of its own."""
    return new_context().new_page()
