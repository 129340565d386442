"""`make run` shows a newcomer the portal's German error pages; Django's debug pages only
when a developer asks for them (`make run DEBUG_PAGES=true`)."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run_environment(*make_args) -> dict:
    """The variables `make run` sets for the development server (from make's dry run)."""
    commands = subprocess.run(
        ["make", "-n", "run", *make_args], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"((?:[A-Z_]+=\S+ )+)\S+ run --frozen python manage.py runserver", commands)
    assert match, commands
    return dict(item.split("=", 1) for item in match.group(1).split())


def test_make_run_does_not_turn_on_the_debug_pages():
    assert _run_environment().get("DEBUG", "false") == "false"
    assert _run_environment()["DEVELOPMENT"] == "true"
    assert _run_environment("DEBUG_PAGES=true")["DEBUG"] == "true"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310  our own server
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_the_development_server_shows_the_german_error_page_and_its_styles(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "DEBUG")
    }
    env.update(_run_environment(), MITWIRKEN_VAR_DIR=str(tmp_path), PYTHONUNBUFFERED="1")
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        status, page = _get(f"{base}/gibt-es-nicht/falsch/")
        assert status == 404
        assert "Seite nicht gefunden" in page
        assert "URLconf" not in page and "urlpatterns" not in page.lower()
        status, css = _get(f"{base}/static/core/mitwirken.css")
        assert status == 200 and ".mw-" in css  # the styles still come from the app folders
        # …compressed for a browser that accepts it, as production serves them.
        request = urllib.request.Request(
            f"{base}/static/vendor/kern/kern.min.css", headers={"Accept-Encoding": "gzip"}
        )
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            assert response.headers["Content-Encoding"] == "gzip"
            assert len(response.read()) < 60_000  # 340 KB uncompressed
    finally:
        server.terminate()
        server.wait(timeout=10)
