"""Screenshots for a look by eye (written to /tmp/mitwirken-shots/, never into the repository),
and a check that the narrow layout reflows without horizontal scrolling (WCAG 1.4.10)."""

import pytest
from django_scopes import scopes_disabled

from mitwirken.events.models import Event
from mitwirken.portal import demo

from .support import SHOTS_DIR, login

pytestmark = pytest.mark.browser

ORG = "ministerium-inneres"
NARROW = {"width": 375, "height": 812}
WIDE = {"width": 1280, "height": 900}


def shoot(page, name: str) -> None:
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    path = SHOTS_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 0


def horizontal_overflow(page) -> int:
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_screenshots(new_context):
    demo.load()

    wide = new_context(viewport=WIDE).new_page()
    wide.goto("/")
    shoot(wide, "start-1280")
    wide.goto(f"/{ORG}/")
    shoot(wide, "organisation-1280")

    with scopes_disabled():
        seminar = Event.objects.get(title__startswith="Mehr Mitverantwortung wagen")
    narrow = new_context(viewport=NARROW, is_mobile=True, has_touch=True).new_page()
    for path, name in [
        ("/", "start-375"),
        (f"/{ORG}/", "organisation-375"),
        ("/konto/signup/", "signup-375"),
        ("/veranstaltungen/", "events-375"),
        (seminar.get_absolute_url(), "seminar-with-programme-375"),
    ]:
        narrow.goto(path)
        shoot(narrow, name)
        assert horizontal_overflow(narrow) <= 0, f"{path} scrolls sideways at 375 px"

    staff = new_context(viewport=WIDE).new_page()
    login(staff, "admin.ministerium@demo.mitwirken.example", demo.DEMO_PASSWORD)
    staff.goto(f"/{ORG}/verwaltung/team/")
    shoot(staff, "staff-team-1280")
    staff.goto(f"/{ORG}/verwaltung/rechtliches/")
    shoot(staff, "staff-legal-pages-1280")
