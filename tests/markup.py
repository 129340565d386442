"""Checks of rendered HTML that axe-core's WCAG rules leave out and the Nu HTML Checker
reports: headings that skip a level, ``aria-*`` on hidden inputs; and the Nu HTML Checker
itself (vnu.jar from npm, run with Java) where it is installed."""

import json
import os
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

VNU_JAR = Path(__file__).parents[1] / "node_modules/vnu-jar/build/dist/vnu.jar"


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self.level = 0  # the last heading's level; 0 before the first

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            level = int(tag[1])
            if level > self.level + 1:
                self.problems.append(f"<{tag}> follows <h{self.level}>: a heading level skipped")
            self.level = level
        if tag == "input" and (attributes.get("type") or "").lower() == "hidden":
            aria = sorted(name for name in attributes if name.startswith("aria-"))
            if aria:
                self.problems.append(f"hidden input {attributes.get('name')!r} has {aria}")


def markup_problems(html: str) -> list[str]:
    """Headings that skip a level (the first must be h1) and hidden inputs with aria-*."""
    checker = _Checker()
    checker.feed(html)
    checker.close()
    return checker.problems


def vnu_missing_reason() -> str | None:
    if shutil.which("java") is None:
        return "Java not found (apt-get install default-jre-headless)"
    if not VNU_JAR.exists():
        return f"the Nu HTML Checker is not at {VNU_JAR} (npm ci)"
    return None


def vnu_errors(pages: dict[str, str]) -> list[str]:
    """The Nu HTML Checker's errors for {label: html}, in one run of vnu.jar."""
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for number, (label, html) in enumerate(pages.items()):
            path = Path(folder) / f"page{number}.html"
            path.write_text(html, encoding="utf-8")
            files[path.name] = label
        result = subprocess.run(  # noqa: S603  our own files, a fixed command
            [
                "java",
                "-jar",
                str(VNU_JAR),
                "--errors-only",
                "--format",
                "json",
                *map(str, Path(folder).glob("*.html")),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "LANG": "C.UTF-8"},
        )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [
        f"{files.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))}:{m.get('lastLine')}: "
        f"{m['message']}"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]
