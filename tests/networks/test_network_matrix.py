"""Every network URL that needs a network role × every role (tests/networks/matrix.py), on a
published network of organisation A: allowed → the page (200) or, for a POST, a redirect and
its effect; refused → visitors to the login, everyone else 403 or 404, and nothing changed.
Objects of another organisation addressed under A's address → 404. Every URL guarded by
``network_view`` with a permission beyond seeing the network is in the matrix."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from mitwirken.networks.models import Membership
from mitwirken.organisations.models import Role

from ..factories import make_staff
from .factories import make_member, make_network
from .matrix import ROLES, network_urls, objects

NETWORK_URLS = network_urls()


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _walk(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern):
            yield prefix + (pattern.name or ""), pattern


def test_every_network_url_with_a_role_is_in_the_matrix():
    guarded = {
        name: pattern.callback.network_permission
        for name, pattern in _walk(get_resolver().url_patterns)
        if hasattr(pattern.callback, "network_permission")
    }
    assert guarded, "no network URLs found: the discovery is broken"
    missing = {
        name for name, permission in guarded.items() if permission != "networks.view_network"
    } - set(NETWORK_URLS)
    assert not missing, f"network URLs missing from the matrix: {sorted(missing)}"


def test_every_post_in_the_matrix_names_its_effect():
    assert [
        name for name, url in NETWORK_URLS.items() if url.method == "post" and not url.effect
    ] == []


@pytest.fixture
def network(org_a):
    return make_network(org_a)


@pytest.fixture
def people(org_a, org_b, network, participant, platform_admin):
    return {
        "participant": participant,
        "applicant": make_member(network, status=Membership.Status.APPLIED).user,
        "member": make_member(network).user,
        "coordinator": make_member(network, role=Membership.Role.COORDINATOR).user,
        "org_editor": make_staff(org_a, Role.EDITOR),
        "org_moderator": make_staff(org_a, Role.MODERATOR),
        "org_admin": make_staff(org_a, Role.ADMIN),
        "other_org_staff": make_staff(org_b, Role.ADMIN),
        "platform_admin": platform_admin,
    }


@pytest.fixture
def as_role(client, people):
    def log_in(role):
        client.logout()
        if role != "visitor":
            client.force_login(people[role])
        return client

    return log_in


def _request(client, name, organisation, network, found):
    url = NETWORK_URLS[name]
    kwargs = {"org": organisation.slug, "pk": network.pk, **url.kwargs(found)}
    before = url.effect(found) if url.effect else None
    response = getattr(client, url.method)(reverse(name, kwargs=kwargs), url.data(found))
    after = url.effect(found) if url.effect else None
    return response, before != after


def _assert_refused(role, response, changed):
    if role == "visitor":
        assert response.status_code == 302, response
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code in (403, 404), response
    assert not changed, "a refused request changed the database"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(NETWORK_URLS))
def test_published_network_of_the_organisation(as_role, org_a, network, role, name):
    found = objects(network)
    response, changed = _request(as_role(role), name, org_a, network, found)
    url = NETWORK_URLS[name]
    if role in url.roles:
        if url.method == "get":
            assert response.status_code == 200, response
        else:
            assert response.status_code == 302, response
            assert changed, f"{name} answered as if it had acted, but changed nothing"
    else:
        _assert_refused(role, response, changed)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(NETWORK_URLS))
def test_objects_of_another_organisation_under_this_ones_address(
    as_role, org_a, org_b, network, role, name
):
    """B's objects addressed through A's address and A's network: the scope hides them."""
    objects(network)
    found = objects(make_network(org_b, name="Netzwerk in B"))
    if not NETWORK_URLS[name].kwargs(found):
        pytest.skip("the URL names no object but the network")
    response, changed = _request(as_role(role), name, org_a, network, found)
    assert not changed
    if role == "visitor":
        assert response.status_code in (302, 404), response
    elif role in NETWORK_URLS[name].roles:
        assert response.status_code == 404, response
    else:
        assert response.status_code in (403, 404), response


@pytest.mark.parametrize("role", ["visitor", "participant", "other_org_staff"])
@pytest.mark.parametrize("name", sorted(NETWORK_URLS))
def test_a_draft_network_does_not_exist_for_those_outside(as_role, org_a, role, name):
    draft = make_network(org_a, name="Entwurf", status="draft")
    found = objects(draft)
    if NETWORK_URLS[name].kwargs(found).get("pk", draft.pk) != draft.pk:
        pytest.skip("the URL points at another network")
    response, changed = _request(as_role(role), name, org_a, draft, found)
    assert response.status_code == 404, response
    assert not changed
