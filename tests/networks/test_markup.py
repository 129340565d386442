"""The network pages, as a visitor and as staff see them with the demo content, are valid
HTML: no heading skips a level, no hidden input carries aria-*, and the Nu HTML Checker finds
no error (where Java and vnu.jar are installed)."""

import os

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from mitwirken.accounts.models import User
from mitwirken.networks.models import Network
from mitwirken.portal import demo

from ..markup import markup_problems, vnu_errors, vnu_missing_reason


@pytest.fixture
def pages(db) -> dict[str, str]:
    demo.load()
    with scopes_disabled():
        networks = list(Network.objects.select_related("organisation"))
    assert len(networks) >= 2
    paths = ["/", "/netzwerke/", "/netzwerke/?status=concluded&beitritt=open"]
    for network in networks:
        paths += [
            network.get_absolute_url(),
            f"/{network.organisation.slug}/",
            reverse("networks:organisation_list", args=[network.organisation.slug]),
        ]
    found = {}
    visitor = Client()
    for path in paths:
        response = visitor.get(path)
        assert response.status_code == 200, path
        found[f"visitor {path}"] = response.content.decode()
    staff = Client()
    staff.force_login(User.objects.get(email="admin.ministerium@demo.mitwirken.example"))
    org = "ministerium-inneres"
    dialogue = next(n for n in networks if n.organisation.slug == org)
    for path in [
        reverse("networks:staff_list", args=[org]),
        reverse("networks:staff_new", args=[org]),
        reverse("networks:staff_edit", args=[org, dialogue.pk]),
        reverse("networks:questions", args=[org, dialogue.pk]),
        dialogue.get_absolute_url(),
    ]:
        response = staff.get(path)
        assert response.status_code == 200, path
        found[f"staff {path}"] = response.content.decode()
    # A form sent empty shows its errors: that page must be valid too.
    found["staff new network with errors"] = staff.post(
        reverse("networks:staff_new", args=[org]), {}
    ).content.decode()
    return found


def test_no_heading_skips_a_level_and_no_hidden_input_has_aria(pages):
    problems = {label: markup_problems(html) for label, html in pages.items()}
    assert {label: found for label, found in problems.items() if found} == {}


def test_the_nu_html_checker_finds_no_error_on_the_network_pages(pages):
    reason = vnu_missing_reason()
    if reason:
        if os.environ.get("MITWIRKEN_REQUIRE_BROWSER", "") not in ("", "0", "false", "no"):
            pytest.fail(reason)
        pytest.skip(reason)
    assert vnu_errors(pages) == []
