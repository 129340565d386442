"""What the eye notices at 1280 px: the page content starts where the header and footer
start, a link in a fact list has the size of the text beside it, and the error summary is a
list with room above it."""

import pytest
from django_scopes import scopes_disabled

from mitwirken.events.models import Event
from mitwirken.portal import demo

pytestmark = pytest.mark.browser

ORG = "ministerium-inneres"

BOXES = """() => {
    const x = selector => {
        const element = document.querySelector(selector);
        if (!element) return null;
        const style = getComputedStyle(element);
        return element.getBoundingClientRect().x + parseFloat(style.paddingLeft);
    };
    return {
        header: x('.mw-header__inner'), main: x('main'), footer: x('.mw-footer .kern-container'),
    };
}"""

FONT_SIZES = """() => [...document.querySelectorAll('dd a')].map(link => ({
    link: getComputedStyle(link).fontSize,
    text: getComputedStyle(link.closest('dd')).fontSize,
    label: link.textContent.trim(),
}))"""


@pytest.mark.parametrize("width", [1280, 1920, 375])
def test_the_content_starts_where_header_and_footer_start(new_context, width):
    demo.load()
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    with scopes_disabled():
        event = Event.objects.filter(organisation__slug=ORG).first()
    for path in ("/", "/veranstaltungen/", f"/{ORG}/", event.get_absolute_url(), "/konto/login/"):
        page.goto(path)
        boxes = page.evaluate(BOXES)
        assert abs(boxes["main"] - boxes["header"]) < 1, (path, width, boxes)
        assert abs(boxes["footer"] - boxes["header"]) < 1, (path, width, boxes)


def test_links_in_fact_lists_have_the_size_of_the_text(new_context):
    demo.load()
    page = new_context().new_page()
    with scopes_disabled():
        event = Event.objects.filter(organisation__slug=ORG, contact_email__gt="").first()
    checked = 0
    for path in (f"/{ORG}/", event.get_absolute_url()):
        page.goto(path)
        for entry in page.evaluate(FONT_SIZES):
            assert entry["link"] == entry["text"], (path, entry)
            checked += 1
    assert checked >= 2  # the organisation's and the event's e-mail address at least


def test_the_error_summary_is_a_list_apart_from_the_text_above(new_context):
    page = new_context().new_page()
    page.goto("/konto/signup/")
    page.evaluate(
        "document.querySelectorAll('[required]').forEach(e => e.removeAttribute('required'))"
    )
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.title().startswith("Fehler: ")
    summary = page.locator("[data-error-summary]")
    items = summary.locator("li")
    assert items.count() >= 3
    assert items.first.evaluate("li => getComputedStyle(li).display") == "list-item"
    assert items.first.evaluate("li => getComputedStyle(li.parentElement).listStyleType") == "disc"
    gap = summary.evaluate(
        "s => s.getBoundingClientRect().top"
        " - s.previousElementSibling.getBoundingClientRect().bottom"
    )
    assert gap >= 16, gap
