import pytest
from django.core.cache import cache

from mitwirken.organisations.models import Role

from .factories import OrganisationFactory, UserFactory, make_staff


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits and cached lookups must not leak from one test into the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def operator(db):
    return OrganisationFactory(name="Landesbetrieb IT", slug="betrieb", is_platform_operator=True)


@pytest.fixture
def org_a(db, operator):
    return OrganisationFactory(name="Stadt A", slug="stadt-a")


@pytest.fixture
def org_b(db, operator):
    return OrganisationFactory(name="Stadt B", slug="stadt-b")


@pytest.fixture
def participant(db):
    return UserFactory(email="teilnehmerin@example.org", display_name="Teilnehmerin")


@pytest.fixture
def platform_admin(db):
    return UserFactory(email="plattform@example.org", is_superuser=True, is_staff=True)


@pytest.fixture
def staff_a(org_a):
    """One person per role in organisation A."""
    return {role: make_staff(org_a, role) for role in Role.values}


def pytest_terminal_summary(terminalreporter):
    """The figures of the hostile-input probe (tests/core/test_hostile_forms.py), if it ran."""
    from .core.test_hostile_forms import FIGURES

    if not FIGURES:
        return
    terminalreporter.section("hostile input into every form (0 server errors required)")
    total = sum(FIGURES.values(), start=__import__("collections").Counter())
    for role, figures in [*FIGURES.items(), ("all roles", total)]:
        statuses = ", ".join(
            f"{key}: {value}" for key, value in sorted(figures.items()) if " " in key
        )
        terminalreporter.write_line(
            f"{role:<16} {figures['pages']:>3} pages, {figures['forms']:>3} forms; {statuses}"
        )


@pytest.fixture(scope="session", autouse=True)
def _no_session_left_on_the_test_database(django_db_setup):
    """PostgreSQL refuses to drop the test database while a session is still on it. Worker and
    server processes the tests started, and the live server's threads, may take a moment to
    end theirs: wait for them, then end what is left (and say which), before pytest-django
    drops the database. Looked at from the server's "postgres" database, on a connection of
    its own (Django's may have been cut by the tests that restart PostgreSQL)."""
    yield
    import sys
    import time

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        return
    from .database import side_connection

    name = connection.settings_dict["NAME"]
    connections.close_all()
    others = (
        "SELECT pid, application_name, backend_start, state, left(query, 160) "
        "FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
    )
    with side_connection("postgres") as admin:
        for _ in range(50):
            left = admin.execute(others, [name]).fetchall()
            if not left:
                return
            time.sleep(0.1)
        sys.__stderr__.write(f"\nending {len(left)} session(s) left on the test database: {left}\n")
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
