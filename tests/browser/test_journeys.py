"""The main journeys through the real UI: sign-up with e-mail verification, login, data
download, account deletion, staff invitation and role change, the legal pages from every page,
and keyboard use. Elements are found by ids, names and hrefs, not by (translated) texts."""

import json
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import translation
from django_scopes import scopes_disabled

from mitwirken.organisations.models import AuditLogEntry, Organisation, Role, StaffRole
from mitwirken.portal import demo
from tests.factories import PASSWORD, OrganisationFactory, UserFactory

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips these tests (or fails them if required)
    expect = None

from .support import assert_accessible, link_path, login, page_path, submit, wait_for_mail

pytestmark = pytest.mark.browser

ORG = "ministerium-inneres"
ORG_ADMIN = "admin.ministerium@demo.mitwirken.example"
MAIN_SUBMIT = "main form.mw-form button[type=submit]"
NEW_PASSWORD = "Beteiligung-macht-Freude-2026"


@pytest.fixture
def operator(db):
    return OrganisationFactory(name="Landesbetrieb IT", slug="betrieb", is_platform_operator=True)


def test_signup_with_email_verification(page, operator):
    email = "neue.person@example.org"
    page.goto("/")
    with page.expect_navigation():
        page.click("header a[href='/konto/signup/']")
    page.fill("#id_email", email)
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    page.fill("#id_display_name", "Neue Person")
    page.check("#id_accept_privacy")
    submit(page, page.locator(MAIN_SUBMIT))

    # Not logged in yet: the address must be confirmed first.
    assert "/konto/signup/" not in page.url, page.locator("main").inner_text()
    assert_accessible(page, label="/konto/confirm-email/ (verification sent)")
    assert not EmailAddress.objects.get(email=email).verified

    message = wait_for_mail(lambda m: email in m.to)
    confirm_path = link_path(message.body, r"/konto/confirm-email/\S+/")
    page.goto(confirm_path)
    assert_accessible(page, label="/konto/confirm-email/<key>/")
    submit(page, page.locator("main form button[type=submit]"))

    assert EmailAddress.objects.get(email=email).verified
    if "/konto/login/" in page.url:  # in case confirming no longer logs in
        login(page, email, NEW_PASSWORD)
    page.goto("/konto/")
    assert page_path(page.url) == "/konto/"
    expect(page.locator("main")).to_contain_text(email)
    expect(page.locator("header a[href='/konto/']")).to_be_visible()
    user = get_user_model().objects.get(email=email)
    assert user.display_name == "Neue Person"
    assert user.privacy_accepted_at is not None


def test_login_with_existing_account(page, operator):
    UserFactory(email="bestand@example.org")
    page.goto("/")
    with page.expect_navigation():
        page.click("header a[href='/konto/login/']")
    page.fill("#id_login", "bestand@example.org")
    page.fill("#id_password", PASSWORD)
    submit(page, page.locator(MAIN_SUBMIT))

    assert page_path(page.url) == "/konto/"
    expect(page.locator("main")).to_contain_text("bestand@example.org")
    expect(page.locator("header form[action$='/logout/'] button")).to_be_visible()
    expect(page.locator("header a[href='/konto/login/']")).to_have_count(0)


def test_download_my_data(page, operator):
    UserFactory(email="daten@example.org", display_name="Datenfreundin")
    login(page, "daten@example.org", PASSWORD)
    page.goto("/konto/")
    with page.expect_download() as download_info:
        page.click("form[action$='/konto/daten/'] button[type=submit]")
    download = download_info.value

    assert download.suggested_filename.endswith(".json")
    text = Path(download.path()).read_text(encoding="utf-8")
    assert "daten@example.org" in text
    data = json.loads(text)
    assert data["account"]["email"] == "daten@example.org"
    assert data["account"]["display_name"] == "Datenfreundin"


def test_delete_account_then_login_fails(page, operator):
    user = UserFactory(email="weg@example.org")
    login(page, "weg@example.org", PASSWORD)
    page.goto("/konto/")
    with page.expect_navigation():
        page.click("main a[href='/konto/loeschen/']")

    # Without the confirmation nothing happens.
    submit(page, page.locator(MAIN_SUBMIT))
    expect(page.locator("[data-error-summary]")).to_be_focused()
    assert get_user_model().objects.filter(pk=user.pk).exists()

    page.check("#id_confirm")
    submit(page, page.locator(MAIN_SUBMIT))
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert not EmailAddress.objects.filter(email="weg@example.org").exists()
    expect(page.locator("header a[href='/konto/login/']")).to_be_visible()  # logged out
    assert_accessible(page, label="/konto/loeschen/ (deleted)")

    page.goto("/konto/login/")
    page.fill("#id_login", "weg@example.org")
    page.fill("#id_password", PASSWORD)
    submit(page, page.locator(MAIN_SUBMIT))
    assert page_path(page.url) == "/konto/login/"
    expect(page.locator("[data-error-summary]")).to_be_visible()
    page.goto("/konto/")
    assert page_path(page.url).startswith("/konto/login/")  # still not logged in


def test_staff_invitation_and_role_change(new_context):
    demo.load()
    invitee_email = "neue.redaktion@example.org"
    invitee = UserFactory(email=invitee_email, display_name="Rita Redaktion")

    admin = new_context().new_page()
    login(admin, ORG_ADMIN, demo.DEMO_PASSWORD)
    admin.goto(f"/{ORG}/verwaltung/team/")
    invite_form = admin.locator("section[aria-labelledby=invite-heading] form")
    invite_form.locator("input[name=email]").fill(invitee_email)
    invite_form.locator("select[name=role]").select_option(Role.EDITOR.value)
    submit(admin, invite_form.locator("button[type=submit]"))
    assert page_path(admin.url) == f"/{ORG}/verwaltung/team/"
    expect(admin.locator("section[aria-labelledby=invitations-heading]")).to_contain_text(
        invitee_email
    )

    message = wait_for_mail(lambda m: invitee_email in m.to)
    invitation_path = link_path(message.body, r"/einladung/\S+/")

    # The invitee, in a browser of their own: opens the link, logs in, comes back, accepts.
    person = new_context().new_page()
    person.goto(invitation_path)
    assert_accessible(person, label="/einladung/<token>/ (logged out)")
    with person.expect_navigation():
        person.click("main a[href^='/konto/login/']")
    person.fill("#id_login", invitee_email)
    person.fill("#id_password", PASSWORD)
    submit(person, person.locator(MAIN_SUBMIT))
    assert page_path(person.url) == invitation_path
    assert_accessible(person, label="/einladung/<token>/ (logged in)")
    submit(person, person.locator("main form button[type=submit]"))
    assert page_path(person.url) == f"/{ORG}/verwaltung/"

    with scopes_disabled():
        staff_role = StaffRole.objects.get(organisation__slug=ORG, user=invitee)
    assert staff_role.role == Role.EDITOR

    # The admin changes the role to Moderation …
    admin.goto(f"/{ORG}/verwaltung/team/")
    role_select = admin.locator(f"select[name='m{staff_role.pk}-role']")
    expect(role_select).to_have_value(Role.EDITOR.value)
    role_select.select_option(Role.MODERATOR.value)
    role_form = admin.locator(f"form:has(select[name='m{staff_role.pk}-role'])")
    submit(admin, role_form.locator("button[type=submit]"))
    staff_role.refresh_from_db()
    assert staff_role.role == Role.MODERATOR
    expect(admin.locator(f"select[name='m{staff_role.pk}-role']")).to_have_value(
        Role.MODERATOR.value
    )

    # … and the audit log shows it, newest first.
    with admin.expect_navigation():
        admin.click(f"nav a[href='/{ORG}/verwaltung/protokoll/']")
    with translation.override("de"):
        changed, moderation, editor = (
            str(AuditLogEntry.Action.ROLE_CHANGED.label),
            str(Role.MODERATOR.label),
            str(Role.EDITOR.label),
        )
    newest = admin.locator("main tbody tr").first
    expect(newest).to_contain_text(changed)
    expect(newest).to_contain_text("Rita Redaktion")
    expect(newest).to_contain_text(f"{editor} → {moderation}")
    assert_accessible(admin, label=f"/{ORG}/verwaltung/protokoll/ (with entries)")


@pytest.mark.parametrize("start", ["/", f"/{ORG}/", f"/{ORG}/verwaltung/"])
def test_legal_pages_one_click_from_every_page(start, page):
    demo.load()
    login(page, ORG_ADMIN, demo.DEMO_PASSWORD)
    owner = (
        Organisation.objects.get(slug=ORG)
        if start != "/"
        else Organisation.objects.get(is_platform_operator=True)
    )
    prefix = "" if start == "/" else f"/{ORG}"
    evidence = {  # something only the owner's page says
        "impressum": owner.street,
        "datenschutz": owner.street,
        "barrierefreiheit": owner.accessibility_contact,
    }
    for name, text in evidence.items():
        page.goto(start)
        link = page.locator(f"footer a[href='{prefix}/{name}/']")
        expect(link).to_have_count(1)
        with page.expect_navigation() as navigation:
            link.click()  # one click (at most two are allowed)
        assert navigation.value.status == 200
        assert page_path(page.url) == f"{prefix}/{name}/"
        expect(page.locator("main h1")).to_have_count(1)
        expect(page.locator("main")).to_contain_text(text)


def test_staff_reach_their_area_from_the_organisation_page(page):
    demo.load()
    login(page, ORG_ADMIN, demo.DEMO_PASSWORD)
    page.goto(f"/{ORG}/")
    assert "<" not in page.title()
    with page.expect_navigation():
        page.click(f"main a[href='/{ORG}/verwaltung/']")
    assert page_path(page.url) == f"/{ORG}/verwaltung/"


FOCUS_STYLE = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    return {
        tag: element.tagName, id: element.id, href: element.getAttribute('href'),
        name: element.getAttribute('name'),
        label: (element.innerText || element.value || '').trim().slice(0, 40),
        outline: style.outlineStyle, outlineWidth: style.outlineWidth, shadow: style.boxShadow,
    };
}"""


def _focus_visible(style) -> bool:
    return (style["outline"] != "none" and style["outlineWidth"] != "0px") or style[
        "shadow"
    ] != "none"


def test_keyboard_skip_link_and_visible_focus(page, operator):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUS_STYLE)
    assert focused["href"] == "#inhalt", focused
    assert _focus_visible(focused), focused
    box = page.locator("a[href='#inhalt']").first.bounding_box()
    viewport = page.viewport_size
    assert box is not None and box["width"] > 0 and box["height"] > 0
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box

    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'inhalt'")
    assert page.evaluate("() => document.activeElement.tagName") == "MAIN"

    # Every further stop of the Tab order shows where the focus is: links, fields, buttons.
    _tab_through(page, "/")
    page.goto("/barriere-melden/")
    stops = _tab_through(page, "/barriere-melden/")
    assert {"A", "INPUT", "TEXTAREA", "BUTTON"} <= {stop["tag"] for stop in stops}, stops


def _tab_through(page, path, limit=60):
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_STYLE)
        if focused["tag"] == "BODY" or (stops and focused == stops[0]):
            break  # round trip done
        assert _focus_visible(focused), f"{path}: focus not visible on {focused}"
        stops.append(focused)
    assert stops, f"{path}: nothing can be reached with Tab"
    return stops


def test_pages_keep_to_the_content_security_policy(new_context, operator):
    """With the CSP enforced (the other tests bypass it for axe): no inline style or script,
    e.g. htmx's indicator style, is refused on the way through the portal."""
    page = new_context(bypass_csp=False).new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    for path in ("/", "/veranstaltungen/", "/organisationen/", "/konto/login/"):
        page.goto(path)
        page.wait_for_load_state("load")
    assert violations == []
