import pytest
from django_scopes import scope


@pytest.fixture(autouse=True)
def _in_scope_of_organisation_a(org_a):
    """Service calls in these tests act for organisation A, as a request of A would."""
    with scope(organisation=org_a):
        yield
