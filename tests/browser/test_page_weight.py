"""Page weight for old phones and slow lines: the bytes a first visit and a further page
transfer, counted in Chromium against the production set-up (gunicorn, DEBUG off, static
files collected and compressed by WhiteNoise), on the demo content.

    first visit of the start page, an event page with its form, the login page: ≤ 250 KB
    every further page in the same session:                                      ≤ 40 KB

``python -m tests.browser.test_page_weight`` prints the figures (for the closing note)."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIRST_VISIT_LIMIT = 250 * 1024
FURTHER_PAGE_LIMIT = 40 * 1024


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ProductionServer:
    """gunicorn with the production settings on a fresh SQLite database with the demo."""

    def __init__(self, var_dir: Path):
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key
            not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "DEBUG", "DEVELOPMENT")
        }
        self.env.update(
            MITWIRKEN_VAR_DIR=str(var_dir),
            DEBUG="false",
            SECRET_KEY="page-weight-test-" + "x" * 40,
            ALLOWED_HOSTS="127.0.0.1",
            TASKS_IMMEDIATE="true",
            EMAIL_URL="consolemail://",
            PYTHONUNBUFFERED="1",
        )
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def _manage(self, *args):
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self):
        self._manage("migrate", "-v0")
        self._manage("load_demo")
        self._manage("collectstatic", "--noinput", "-v0")
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(  # noqa: S603
            [str(gunicorn), "mitwirken.config.wsgi", "--bind", f"127.0.0.1:{self.port}"]
            + ["--workers", "1", "--threads", "4", "--no-control-socket"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2):  # noqa: S310
                    return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=20)

    def get(self, path: str) -> str:
        with urllib.request.urlopen(f"{self.url}{path}", timeout=10) as response:  # noqa: S310
            return response.read().decode()


def event_with_form(server) -> str:
    """The page of a demo event that is open for registration."""
    listing = server.get("/veranstaltungen/")
    for path in dict.fromkeys(re.findall(r'href="(/[\w-]+/veranstaltungen/\d+/)"', listing)):
        if 'name="email"' in server.get(path):
            return path
    raise AssertionError("no demo event with a registration form")


class Meter:
    """The bytes a browser context transfers (compressed bodies plus headers)."""

    def __init__(self, context):
        self.responses = []
        context.on("requestfinished", self._finished)

    def _finished(self, request):
        sizes = request.sizes()
        self.responses.append(
            (request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"])
        )

    def take(self) -> tuple[int, list]:
        taken, self.responses = self.responses, []
        return sum(size for _url, size in taken), taken


def measure(browser, server) -> dict:
    """{page: (bytes, [(url, bytes), …])} for the first visits and further pages."""
    from .support import CHROMIUM_ARGS  # noqa: F401  (the browser is launched with them)

    event = event_with_form(server)
    figures = {}
    for name, path in [("start page", "/"), ("event page", event), ("login", "/konto/login/")]:
        context = browser.new_context(base_url=server.url, locale="de-DE")
        meter = Meter(context)
        page = context.new_page()
        page.goto(path, wait_until="networkidle")
        figures[f"first visit: {name}"] = meter.take()
        if name == "start page":
            for further in ["/veranstaltungen/", event, "/konto/login/"]:
                page.goto(further, wait_until="networkidle")
                figures[f"further page: {further}"] = meter.take()
        context.close()
    return figures


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    server = ProductionServer(tmp_path_factory.mktemp("weight")).start()
    yield server
    server.stop()


def test_pages_stay_light_on_a_first_visit_and_lighter_after(browser, production_server):
    figures = measure(browser, production_server)
    report = "\n".join(
        f"{name}: {total / 1024:.1f} KB"
        + "".join(f"\n    {size / 1024:7.1f} KB {url}" for url, size in responses)
        for name, (total, responses) in figures.items()
    )
    for name, (total, _responses) in figures.items():
        limit = FIRST_VISIT_LIMIT if name.startswith("first") else FURTHER_PAGE_LIMIT
        assert total <= limit, f"{name}: {total / 1024:.1f} KB > {limit // 1024} KB\n{report}"


if __name__ == "__main__":
    import tempfile

    from playwright.sync_api import sync_playwright

    from .support import CHROMIUM_ARGS, chromium_path

    with tempfile.TemporaryDirectory() as var_dir, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        server = ProductionServer(Path(var_dir)).start()
        try:
            for name, (total, responses) in measure(browser, server).items():
                print(f"{name}: {total / 1024:.1f} KB")
                for url, size in responses:
                    print(f"    {size / 1024:7.1f} KB {url}")
        finally:
            server.stop()
            browser.close()
