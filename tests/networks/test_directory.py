"""A network's member directory: per-field visibility (never "nobody", "coordinators" only for
coordinators), search and filters over visible fields only, grouping by municipality,
pagination, a constant number of queries, the members' photos and the coordinators' export."""

import csv
import io
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from mitwirken.networks.models import Membership, Network
from mitwirken.networks.profiles import queries
from mitwirken.organisations.models import AuditLogEntry, Role

from ..factories import UserFactory, make_staff
from .factories import make_member, make_network
from .matrix import ROLES
from .network_urls_profiles import NETWORK_URLS
from .network_urls_profiles import objects as matrix_objects
from .profiles_support import C, M, N, make_profile

SECRET = "Geheimwort-Niemand"  # in every field set to "nobody"
FOR_COORDINATORS = "Nur-Koordination-Wort"


@pytest.fixture
def network(org_a):
    return make_network(org_a)


def _url(network, name="networks:members", **kwargs):
    return reverse(name, kwargs={"org": network.organisation.slug, "pk": network.pk, **kwargs})


def _page(client, network, **params):
    response = client.get(_url(network), params)
    assert response.status_code == 200
    return response.content.decode()


def _member(network, name, *, role=Membership.Role.MEMBER, **profile):
    user = UserFactory(display_name=name)
    make_member(network, user, role=role)
    if profile:
        make_profile(user, **profile)
    return user


@pytest.fixture
def viewers(network, org_a):
    return {
        "member": _member(network, "Mitglied Muster"),
        "coordinator": _member(network, "Koordinatorin Kurz", role=Membership.Role.COORDINATOR),
        "moderator": make_staff(org_a, Role.MODERATOR),
        "editor": make_staff(org_a, Role.EDITOR),
    }


@pytest.fixture
def erika(network):
    """A member whose every kind of field has another visibility."""
    return _member(
        network,
        "Erika Beispiel",
        function="Funktionswort-Erika",
        function_visibility=M,
        authority=f"Amt {FOR_COORDINATORS}",
        authority_visibility=C,
        municipality_name="Köln",
        municipality_key="05315000",
        municipality_visibility=M,
        topics=["Bürgerhaushalt", SECRET],
        topics_visibility=N,
        offers=f"Biete {FOR_COORDINATORS}",
        offers_visibility=C,
        seeks="Suche Austausch",
        seeks_visibility=M,
        about=f"Über mich {SECRET}",
        about_visibility=N,
        photo=True,
        photo_visibility=C,
    )


def test_each_viewer_sees_only_the_fields_made_visible_to_them(client, network, viewers, erika):
    client.force_login(viewers["member"])
    page = _page(client, network)
    assert "Erika Beispiel" in page and "Funktionswort-Erika" in page
    assert "Suche Austausch" in page and "Köln" in page
    assert FOR_COORDINATORS not in page and SECRET not in page
    assert "Bürgerhaushalt" not in page  # topics: nobody
    photo = _url(network, "networks:member_photo", user_id=erika.pk)
    assert photo not in page  # coordinators only

    for coordinator in (viewers["coordinator"], viewers["editor"]):
        client.force_login(coordinator)
        page = _page(client, network)
        assert f"Amt {FOR_COORDINATORS}" in page and f"Biete {FOR_COORDINATORS}" in page
        assert "Funktionswort-Erika" in page
        assert SECRET not in page and "Bürgerhaushalt" not in page
        assert photo in page and 'alt="Porträt vor einem Bücherregal"' in page

    # Staff who see the list but do not run the network: the names only.
    client.force_login(viewers["moderator"])
    page = _page(client, network)
    assert "Erika Beispiel" in page
    assert "Funktionswort-Erika" not in page and "Köln" not in page
    assert "Mehr als die Namen sehen nur die Mitglieder des Netzwerks." in page


def test_a_public_members_list_shows_visitors_the_names_only(client, network, erika):
    with scopes_disabled():
        Network.objects.filter(pk=network.pk).update(members_audience="public")
    page = _page(client, network)
    assert "Erika Beispiel" in page
    assert "Funktionswort-Erika" not in page and "Köln" not in page
    assert 'name="gemeinde"' not in page and 'name="thema"' not in page  # nothing to filter


def test_the_photo_is_served_only_to_those_who_see_it(client, network, viewers, erika):
    url = _url(network, "networks:member_photo", user_id=erika.pk)
    client.force_login(viewers["member"])
    assert client.get(url).status_code == 404  # coordinators only
    client.force_login(viewers["coordinator"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert "private" in response["Cache-Control"]
    # Not a member of this network: no photo, whatever the person's profile says.
    outsider = UserFactory()
    make_profile(outsider, photo=True)
    assert client.get(_url(network, "networks:member_photo", user_id=outsider.pk)).status_code == (
        404
    )
    assert client.get(_url(network, "networks:member_photo", user_id=10**17)).status_code == 404


def test_search_by_name_finds_only_public_names(client, network, viewers):
    hidden = _member(network, "Pseudonym-7F3K")
    with scopes_disabled():
        type(hidden).objects.filter(pk=hidden.pk).update(real_name="Verborgene Echtname")
    shown = _member(network, "Anzeige")
    type(shown).objects.filter(pk=shown.pk).update(real_name="Offene Echtname", show_real_name=True)
    client.force_login(viewers["member"])
    page = _page(client, network, name="echtname")
    assert "Offene Echtname" in page
    assert "Pseudonym-7F3K" not in page
    assert "1 Mitglied gefunden" in page
    page = _page(client, network, name="pseudonym")
    assert "Pseudonym-7F3K" in page and "Verborgene Echtname" not in page


def test_filters_by_municipality_state_and_topic(client, network, viewers):
    _member(
        network, "Kölnerin", municipality_name="Köln", municipality_key="05315000", topics=["Klima"]
    )
    _member(
        network, "Bonner", municipality_name="Bonn", municipality_key="05314000", topics=["Jugend"]
    )
    _member(
        network,
        "Münchnerin",
        municipality_name="München",
        municipality_key="09162000",
        topics=["klima"],
    )
    client.force_login(viewers["member"])
    page = _page(client, network, gemeinde="05315000")
    assert "Kölnerin" in page and "Bonner" not in page and "Münchnerin" not in page
    page = _page(client, network, land="05")
    assert "Kölnerin" in page and "Bonner" in page and "Münchnerin" not in page
    page = _page(client, network, land="09")
    assert "Münchnerin" in page and "Kölnerin" not in page
    page = _page(client, network, thema="KLIMA")  # the topic in any case
    assert "Kölnerin" in page and "Münchnerin" in page and "Bonner" not in page
    assert "2 Mitglieder gefunden" in page
    # The options are what the viewer sees.
    page = _page(client, network)
    assert '<option value="05315000"' in page and "Köln (Nordrhein-Westfalen)" in page
    assert '<option value="Klima"' in page and '<option value="klima"' not in page


def test_a_hidden_municipality_or_topic_cannot_be_found_by_filtering(
    client, network, viewers, org_a
):
    hidden = _member(
        network,
        "Verdeckte Person",
        municipality_name="Kleinstadt",
        municipality_key="03101000",
        municipality_visibility=C,
        topics=["Geheimthema"],
        topics_visibility=N,
    )
    _member(network, "Offene Person", municipality_name="Kiel", municipality_key="01002000")
    client.force_login(viewers["member"])
    page = _page(client, network)
    assert 'value="03101000"' not in page and "Kleinstadt" not in page
    assert 'value="Geheimthema"' not in page
    # The values typed into the address are not options: ignored, the list is not narrowed.
    for params in ({"gemeinde": "03101000"}, {"thema": "Geheimthema"}):
        assert "4 Mitglieder gefunden" in _page(client, network, **params)
    # The state is offered (another member shows one) but finds nobody by a hidden key.
    page = _page(client, network, land="03")
    assert "0 Mitglieder gefunden" in page and "Verdeckte Person" not in page
    # And the query itself never matches a hidden field, whatever it is given.
    found = queries.DirectoryFilter
    with scope(organisation=org_a):
        for levels, search, expected in [
            (queries.MEMBERS, found(municipality="03101000"), []),
            (queries.MEMBERS, found(state="03"), []),
            (queries.MEMBERS, found(topic="Geheimthema"), []),
            (queries.COORDINATORS, found(topic="Geheimthema"), []),
            (queries.COORDINATORS, found(municipality="03101000"), [hidden.pk]),
            (queries.COORDINATORS, found(state="03"), [hidden.pk]),
        ]:
            rows = queries.members(network, levels, search)
            assert [row.user_id for row in rows] == expected, (levels, search)
    # The coordinator sees the municipality and finds the person by it; the topic stays hidden.
    client.force_login(viewers["coordinator"])
    page = _page(client, network, gemeinde="03101000")
    assert "Verdeckte Person" in page and "1 Mitglied gefunden" in page
    page = _page(client, network)
    assert 'value="Geheimthema"' not in page and "<dt>Themen</dt>" not in page


def test_an_option_hidden_by_its_member_leaves_the_filter_at_once(
    client, network, viewers, django_capture_on_commit_callbacks
):
    person = _member(network, "Wechselnde", municipality_name="Kiel", municipality_key="01002000")
    client.force_login(viewers["member"])
    assert 'value="01002000"' in _page(client, network)  # now in the cache
    with django_capture_on_commit_callbacks(execute=True):
        make_profile(
            person, municipality_name="Kiel", municipality_key="01002000", municipality_visibility=N
        )
    assert 'value="01002000"' not in _page(client, network)


def test_members_are_grouped_by_municipality_in_the_order_of_the_key(client, network, viewers):
    _member(network, "Zora Köln", municipality_name="Köln", municipality_key="05315000")
    _member(network, "Anna Köln", municipality_name="Köln", municipality_key="05315000")
    _member(network, "Berta Kiel", municipality_name="Kiel", municipality_key="01002000")
    _member(network, "Carl Berlin", municipality_name="Berlin", municipality_key="11000000")
    client.force_login(viewers["member"])
    page = _page(client, network)
    order = [
        page.index(text)
        for text in (
            "Kiel",
            "Schleswig-Holstein · Gemeindeschlüssel 01002000 · Kreis 01002",
            "Berta Kiel",
            "Nordrhein-Westfalen · Gemeindeschlüssel 05315000 · Kreis 05315",
            "Anna Köln",
            "Zora Köln",
            "Berlin · Gemeindeschlüssel 11000000",
            "Carl Berlin",
            "Ohne Angabe der Gemeinde",
            "Koordinatorin Kurz",
            "Mitglied Muster",
        )
    ]
    assert order == sorted(order)


def _make_members(network, count, start=0):
    for n in range(start, start + count):
        _member(
            network,
            f"Person {n:03d}",
            function="Referentin",
            municipality_name=f"Gemeinde {n % 7}",
            municipality_key=f"0531500{n % 7}",
            topics=[f"Thema {n % 5}", "Klima"],
            photo=n % 10 == 0,
        )


def test_the_directory_is_paginated_and_keeps_the_filters(client, network, viewers):
    _make_members(network, 58)  # 60 members with the two viewers
    client.force_login(viewers["member"])
    page = _page(client, network)
    assert "60 Mitglieder gefunden" in page and "Seite 1 von 2" in page
    assert page.count('class="mw-card mw-member"') == 50
    second = _page(client, network, seite="2")
    assert second.count('class="mw-card mw-member"') == 10
    filtered = _page(client, network, thema="Klima", name="Person")
    assert "58 Mitglieder gefunden" in filtered
    assert "?name=Person&amp;thema=Klima&amp;seite=2" in filtered


def _count_queries(client, network, cached=False, **params):
    if not cached:
        cache.clear()  # the filter options read anew, as after a change of a profile
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_url(network), params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("viewer", ["member", "coordinator", "moderator"])
def test_the_number_of_queries_does_not_grow_with_the_members(
    client, network, viewers, viewer, django_assert_max_num_queries
):
    client.force_login(viewers[viewer])
    _make_members(network, 3)
    client.get(_url(network))  # the session, as for every later page
    small = [
        _count_queries(client, network),
        _count_queries(client, network, thema="Klima", land="05", name="Person"),
        _count_queries(client, network, cached=True),
    ]
    _make_members(network, 120, start=3)
    with django_assert_max_num_queries(12):
        client.get(_url(network), {"seite": "2"})
    large = [
        _count_queries(client, network),
        _count_queries(client, network, thema="Klima", land="05", name="Person"),
        _count_queries(client, network, cached=True),
    ]
    assert small == large
    # From the cache: the organisation, and (for who sees profiles) the two filter options.
    assert large[2] == large[0] - (1 if viewer == "moderator" else 3)


@pytest.mark.parametrize(
    "params",
    [
        {"seite": "abc"},
        {"seite": "99999999999999999999"},
        {"gemeinde": "<script>"},
        {"gemeinde": "0" * 500},
        {"land": "99"},
        {"thema": "x\x00y"},
        {"name": "\x00"},
        {"name": "x" * 5000},
        {"name": "%_"},
    ],
)
def test_odd_filters_never_fail(client, network, viewers, params):
    client.force_login(viewers["coordinator"])
    _page(client, network, **params)


def _csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content), delimiter=";"))


def test_coordinators_export_only_what_members_made_visible_to_them(
    client, network, viewers, erika
):
    _member(network, "=HYPERLINK(1)", function="@SUM(1)")
    client.force_login(viewers["coordinator"])
    response = client.get(_url(network, "networks:members_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0][:5] == [
        "Name",
        "Rolle",
        "Mitglied seit",
        "Funktion",
        "Organisation oder Behörde",
    ]
    erika_row = next(row for row in rows if row[0] == "Erika Beispiel")
    assert erika_row[3:9] == [
        "Funktionswort-Erika",
        f"Amt {FOR_COORDINATORS}",
        "Köln",
        "05315000",
        "05315",
        "Nordrhein-Westfalen",
    ]
    assert erika_row[9] == ""  # topics: nobody
    text = json.dumps(rows, ensure_ascii=False)
    assert SECRET not in text and "Bürgerhaushalt" not in text
    assert next(r for r in rows if "HYPERLINK" in r[0])[:2] == ["'=HYPERLINK(1)", "Mitglied"]
    assert len(rows) == 1 + 4  # header, the two viewers, Erika, the formula person

    response = client.get(_url(network, "networks:members_xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert next(r for r in cells if r[0] == "Erika Beispiel")[:2] == ["Erika Beispiel", "Mitglied"]
    assert SECRET not in json.dumps(cells, ensure_ascii=False, default=str)
    with scopes_disabled():
        logged = AuditLogEntry.objects.filter(action="network_members_exported")
        assert [entry.subject for entry in logged.order_by("pk")] == [
            f"{network.name} (CSV)",
            f"{network.name} (XLSX)",
        ]


def test_members_may_not_export(client, network, viewers):
    client.force_login(viewers["member"])
    assert client.get(_url(network, "networks:members_csv")).status_code == 403
    assert client.get(_url(network, "networks:members_xlsx")).status_code == 403
    page = _page(client, network)
    assert "Export für die Koordination" not in page


def test_the_nobody_field_is_not_in_another_member_s_data_export(client, network, viewers, erika):
    client.force_login(viewers["member"])
    data = client.post(reverse("accounts:export_data")).content.decode()
    assert SECRET not in data and "Erika" not in data


def test_the_members_section_of_the_network_page_links_to_the_directory(network):
    from django.template.loader import render_to_string

    html = render_to_string("networks/includes/section_members.html", {"network": network})
    assert _url(network) in html


def _person(role, network, org_b):
    organisation = network.organisation
    if role == "visitor":
        return None
    if role == "participant":
        return UserFactory()
    if role == "applicant":
        return make_member(network, status=Membership.Status.APPLIED).user
    if role in ("member", "coordinator"):
        return make_member(network, role=role).user
    if role == "other_org_staff":
        return make_staff(org_b, Role.ADMIN)
    if role == "platform_admin":
        return UserFactory(is_superuser=True, is_staff=True)
    return make_staff(organisation, role.removeprefix("org_"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", sorted(NETWORK_URLS))
def test_the_urls_answer_each_role_as_the_matrix_says(client, network, org_b, role, url_name):
    entry = NETWORK_URLS[url_name]
    objects = {"network": network, **matrix_objects(network)}
    person = _person(role, network, org_b)
    if person:
        client.force_login(person)
    response = client.get(reverse(url_name, kwargs={"org": "stadt-a", **entry.kwargs(objects)}))
    if role in entry.roles:
        assert response.status_code == 200
    elif role == "visitor":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code in (403, 404)
