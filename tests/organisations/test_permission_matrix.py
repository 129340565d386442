"""Every staff URL × every role × own and foreign organisation.

200 (or the redirect after a successful POST) only where the role allows it; 403 or 404
everywhere else; visitors are sent to the login. A staff URL that this matrix does not list
makes ``test_every_staff_url_is_in_the_matrix`` fail.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_scopes import scopes_disabled

from mitwirken.core.models import PlatformPage
from mitwirken.organisations.models import BarrierReport, Invitation, Role

from ..events.factories import make_event
from ..factories import make_staff

ADMIN, EDITOR, MODERATOR = Role.ADMIN.value, Role.EDITOR.value, Role.MODERATOR.value
ROLES = ["visitor", "participant", ADMIN, EDITOR, MODERATOR, "platform_admin"]

STAFF = {ADMIN, EDITOR, MODERATOR}
PLANNERS = {ADMIN, EDITOR}

# url name -> (roles of organisation A allowed on A's objects, HTTP method)
MATRIX = {
    "events:staff_list": (STAFF, "get"),
    "events:staff_new": (PLANNERS, "get"),
    "events:staff_create": (PLANNERS, "get"),
    "events:staff_edit": (PLANNERS, "get"),
    "events:staff_duplicate": (PLANNERS, "get"),
    "events:staff_cancel": (PLANNERS, "post"),
    "events:staff_questions": (PLANNERS, "get"),
    "events:staff_question_delete": (PLANNERS, "post"),
    "events:staff_registrations": (STAFF, "get"),
    "events:staff_registrations_apply": (STAFF, "post"),
    "events:staff_export": (STAFF, "get"),
    "events:staff_attendance": (STAFF, "get"),
    "events:staff_materials": (STAFF, "get"),
    "events:staff_message": (STAFF, "get"),
    "organisations:staff_home": ({ADMIN, EDITOR, MODERATOR}, "get"),
    "organisations:edit_profile": ({ADMIN}, "get"),
    "organisations:edit_legal_pages": ({ADMIN}, "get"),
    "organisations:staff_list": ({ADMIN}, "get"),
    "organisations:staff_member": ({ADMIN}, "post"),
    "organisations:revoke_invitation": ({ADMIN}, "post"),
    "organisations:audit_log": ({ADMIN}, "get"),
    "organisations:barrier_reports": ({ADMIN, MODERATOR}, "get"),
    "organisations:barrier_report_answered": ({ADMIN, MODERATOR}, "post"),
}
# Platform URLs: only the platform admin.
PLATFORM_MATRIX = {
    "organisations:create": ({}, "get"),
    "core:platform_page_edit": ({"key": "leichte-sprache"}, "get"),
}


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _walk(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern):
            yield prefix + (pattern.name or ""), pattern


def test_every_staff_url_is_in_the_matrix():
    staff_urls = {
        name
        for name, pattern in _walk(get_resolver().url_patterns)
        if hasattr(pattern.callback, "staff_permission") or "plattform/" in str(pattern.pattern)
    }
    assert staff_urls, "no staff URLs found: the discovery is broken"
    missing = staff_urls - set(MATRIX) - set(PLATFORM_MATRIX)
    assert not missing, f"staff URLs missing from the permission matrix: {sorted(missing)}"


def _objects(organisation):
    """One object of each kind a staff URL can point at, inside ``organisation``."""
    with scopes_disabled():
        editor = make_staff(organisation, Role.EDITOR)
        staff_role = editor.staff_roles.get(organisation=organisation)
        invitation = Invitation.objects.create(
            organisation=organisation, email=f"neu@{organisation.slug}.example", role=EDITOR
        )
        report = BarrierReport.objects.create(
            organisation=organisation, message="Kontrast zu gering"
        )
    event = make_event(organisation, capacity=5)
    with scopes_disabled():
        question = event.questions.create(kind="short_text", label="Dienststelle")
        registration = event.registrations.create(
            name="Erika",
            email=f"erika@{organisation.slug}.example",
            status="confirmed",
            privacy_version="v1",
        )
    event_kwargs = {"pk": event.pk}
    return {
        **{name: (event_kwargs, {}) for name in MATRIX if name.startswith("events:")},
        "events:staff_list": ({}, {}),
        "events:staff_new": ({}, {}),
        "events:staff_create": ({}, {}),
        "events:staff_question_delete": ({**event_kwargs, "question_id": question.pk}, {}),
        "events:staff_registrations_apply": (
            event_kwargs,
            {"action": "cancel", "registration": registration.pk, "confirmed": "1"},
        ),
        "events:staff_export": ({**event_kwargs, "file_format": "csv"}, {}),
        "organisations:staff_member": (
            {"staff_role_id": staff_role.pk},
            {f"m{staff_role.pk}-role": MODERATOR},
        ),
        "organisations:revoke_invitation": ({"invitation_id": invitation.pk}, {}),
        "organisations:barrier_report_answered": ({"report_id": report.pk}, {}),
    }


@pytest.fixture
def clients(client, django_user_model, org_a, staff_a, participant, platform_admin):
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


def _request(client, name, method, organisation, extra_kwargs, data):
    url = reverse(name, kwargs={"org": organisation.slug, **extra_kwargs})
    return getattr(client, method)(url, data)


def _assert_allowed(response, method):
    if method == "get":
        assert response.status_code == 200, response
    else:  # a successful action redirects back to the staff page
        assert response.status_code == 302, response
        assert "/verwaltung/" in response["Location"], response["Location"]


def _assert_refused(response, role):
    if role == "visitor":
        assert response.status_code == 302, response
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code in (403, 404), response


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_own_organisation(clients, org_a, role, name):
    allowed_roles, method = MATRIX[name]
    kwargs, data = _objects(org_a).get(name, ({}, {}))
    response = _request(clients(role), name, method, org_a, kwargs, data)
    if role in allowed_roles or role == "platform_admin":
        _assert_allowed(response, method)
    else:
        _assert_refused(response, role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_other_organisation(clients, org_a, org_b, role, name):
    """Staff of A get nothing of B, neither through B's URLs nor through A's."""
    _allowed, method = MATRIX[name]
    kwargs, data = _objects(org_b).get(name, ({}, {}))
    response = _request(clients(role), name, method, org_b, kwargs, data)
    if role == "platform_admin":
        _assert_allowed(response, method)
    else:
        _assert_refused(response, role)
    if kwargs and role != "visitor":
        # B's object addressed through A's URL: the tenant scope hides it.
        response = _request(clients(role), name, method, org_a, kwargs, data)
        assert response.status_code in (403, 404), response


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(PLATFORM_MATRIX))
def test_platform_urls(clients, role, name):
    PlatformPage.objects.get_or_create(key="leichte-sprache", defaults={"title": "LS", "body": "x"})
    kwargs, method = PLATFORM_MATRIX[name]
    response = getattr(clients(role), method)(reverse(name, kwargs=kwargs))
    if role == "platform_admin":
        assert response.status_code == 200
    else:
        _assert_refused(response, role)
