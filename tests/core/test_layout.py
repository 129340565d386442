"""The page layout (core/base.html) keeps its header and legal links per process for
visitors without an account; what it shows must still follow every change at once."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_renamed_organisation_shows_its_new_name_at_once(client, org_a):
    page = reverse("organisations:detail", kwargs={"org": org_a.slug})
    assert "Stadt A" in client.get(page).content.decode()
    org_a.name = "Stadt Neuhausen"
    org_a.save()
    html = client.get(page).content.decode()
    assert "Stadt Neuhausen" in html
    assert "Stadt A<" not in html and "Stadt A " not in html


@pytest.mark.django_db
def test_current_page_is_marked_in_the_cached_navigation(client, operator):
    home = client.get(reverse("home")).content.decode()
    events = client.get(reverse("events:list")).content.decode()
    assert f'href="{reverse("home")}" aria-current="page"' in home
    assert f'href="{reverse("events:list")}" aria-current="page"' not in home
    assert f'href="{reverse("events:list")}" aria-current="page"' in events
    assert f'href="{reverse("home")}" aria-current="page"' not in events


@pytest.mark.django_db
def test_barrier_report_link_names_the_page_it_is_on(client, org_a):
    for path in (reverse("events:list"), reverse("organisations:list")):
        html = client.get(path).content.decode()
        assert f'?seite={path}"' in html


@pytest.mark.django_db
def test_signed_in_person_gets_their_own_header_not_the_visitors(client, operator, participant):
    assert "Anmelden" in client.get(reverse("home")).content.decode()
    client.force_login(participant)
    html = client.get(reverse("home")).content.decode()
    assert "Abmelden" in html
    assert reverse("account_login") not in html.split("<main")[0]


@pytest.mark.django_db
def test_header_follows_the_language(client, operator):
    assert "Veranstaltungen" in client.get(reverse("home")).content.decode().split("<main")[0]
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert ">Events<" in client.get(reverse("home")).content.decode().split("<main")[0]
