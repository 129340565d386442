"""The staff URLs of comments, for the permission matrix (tests/permission_matrix.py). The
moderators' decisions are not staff pages (a network's coordinators take them too): their
roles are tested in tests/comments/test_moderation.py."""

from mitwirken.organisations.models import Role

from ..permission_matrix import StaffURL

ADMIN, MODERATOR = Role.ADMIN.value, Role.MODERATOR.value


def objects(organisation) -> dict:
    return {}


STAFF_URLS = {
    "comments:staff_queue": StaffURL({ADMIN, MODERATOR}),
    "comments:staff_settings": StaffURL({ADMIN}),
}
