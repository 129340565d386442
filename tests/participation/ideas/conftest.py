import pytest
from allauth.account.models import EmailAddress

from ...factories import UserFactory
from .helpers import make_collection


@pytest.fixture
def collection(org_a):
    return make_collection(org_a)


@pytest.fixture
def author(db):
    return UserFactory(email="ideengeberin@example.org", display_name="Ideengeberin")


@pytest.fixture
def unverified(db):
    person = UserFactory(email="unbestaetigt@example.org")
    EmailAddress.objects.filter(user=person).update(verified=False)
    return person


@pytest.fixture
def act(django_capture_on_commit_callbacks):
    """Run a use-case and then its tasks (mails), as after its transaction's commit."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run
