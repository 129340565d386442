"""Every staff URL × every role × own and foreign organisation.

200 where the role allows a page; for an allowed POST, its effect on the database (the state
the app names changes); 403 or 404 everywhere else and the state unchanged; visitors are sent
to the login. Each app lists its staff URLs in ``tests/<app>/staff_urls.py``
(``tests/permission_matrix.py``); a staff URL no app lists makes
``test_every_staff_url_is_in_the_matrix`` fail.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from mitwirken.core.models import PlatformPage
from mitwirken.organisations.models import Role

from ..permission_matrix import objects, platform_urls, staff_urls

ROLES = ["visitor", "participant", *Role.values, "platform_admin"]
STAFF_URLS = staff_urls()
PLATFORM_URLS = platform_urls()


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _walk(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern):
            yield prefix + (pattern.name or ""), pattern


def test_every_staff_url_is_in_the_matrix():
    found = {
        name
        for name, pattern in _walk(get_resolver().url_patterns)
        if hasattr(pattern.callback, "staff_permission") or "plattform/" in str(pattern.pattern)
    }
    assert found, "no staff URLs found: the discovery is broken"
    missing = found - set(STAFF_URLS) - set(PLATFORM_URLS)
    assert not missing, f"staff URLs missing from the permission matrix: {sorted(missing)}"


def test_every_post_in_the_matrix_names_its_effect():
    assert {"events", "organisations"} <= {name.split(":")[0] for name in STAFF_URLS}
    without = [name for name, url in STAFF_URLS.items() if url.method == "post" and not url.effect]
    assert without == []


@pytest.fixture
def clients(client, org_a, staff_a, participant, platform_admin):
    def client_for(role):
        if role == "visitor":
            client.logout()
        elif role == "participant":
            client.force_login(participant)
        elif role == "platform_admin":
            client.force_login(platform_admin)
        else:
            client.force_login(staff_a[role])
        return client

    return client_for


def _request(client, name, organisation, found):
    url = STAFF_URLS[name]
    path = reverse(name, kwargs={"org": organisation.slug, **url.kwargs(found)})
    before = url.effect(found) if url.effect else None
    response = getattr(client, url.method)(path, url.data(found))
    after = url.effect(found) if url.effect else None
    return response, before != after


def _assert_allowed(name, response, changed):
    if STAFF_URLS[name].method == "get":
        assert response.status_code == 200, response
    else:
        assert response.status_code == 302, response
        assert "/verwaltung/" in response["Location"], response["Location"]
        assert changed, f"{name} answered as if it had acted, but changed nothing"


def _assert_refused(role, response, changed):
    if role == "visitor":
        assert response.status_code == 302, response
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code in (403, 404), response
    assert not changed, "a refused request changed the database"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(STAFF_URLS))
def test_own_organisation(clients, org_a, role, name):
    response, changed = _request(clients(role), name, org_a, objects(org_a))
    if role in STAFF_URLS[name].roles or role == "platform_admin":
        _assert_allowed(name, response, changed)
    else:
        _assert_refused(role, response, changed)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(STAFF_URLS))
def test_other_organisation(clients, org_a, org_b, role, name):
    """Staff of A get nothing of B, neither through B's URLs nor through A's."""
    found = objects(org_b)
    response, changed = _request(clients(role), name, org_b, found)
    if role == "platform_admin":
        _assert_allowed(name, response, changed)
        return
    _assert_refused(role, response, changed)
    if STAFF_URLS[name].kwargs(found) and role != "visitor":
        # B's object addressed through A's URL: the tenant scope hides it.
        response, changed = _request(clients(role), name, org_a, found)
        assert response.status_code in (403, 404), response
        assert not changed


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(PLATFORM_URLS))
def test_platform_urls(clients, role, name):
    PlatformPage.objects.get_or_create(key="leichte-sprache", defaults={"title": "LS", "body": "x"})
    kwargs, method = PLATFORM_URLS[name]
    response = getattr(clients(role), method)(reverse(name, kwargs=kwargs))
    if role == "platform_admin":
        assert response.status_code == 200
    else:
        _assert_refused(role, response, changed=False)
