"""Who may run which part of participation (checked in views and templates alike). The object
is the ``Organisation`` (staff pages) or a ``Project``. Editors create and edit projects;
moderators moderate and evaluate; admins do both; platform admins everything. Who may see a
project and take part in it is ``access.py`` (it depends on the session too)."""

import rules

from mitwirken.core.rules import is_platform_admin
from mitwirken.organisations.models import Organisation, Role
from mitwirken.organisations.rules import roles_by_organisation


def _role(user, obj):
    if obj is None:  # asked without an object ({{ perms.participation.… }}): no
        return None
    organisation_id = obj.pk if isinstance(obj, Organisation) else obj.organisation_id
    return roles_by_organisation(user).get(organisation_id)


@rules.predicate
def is_editor(user, obj):
    return _role(user, obj) in (Role.ADMIN, Role.EDITOR)


@rules.predicate
def is_moderator(user, obj):
    return _role(user, obj) in (Role.ADMIN, Role.MODERATOR)


@rules.predicate
def is_staff(user, obj):
    return _role(user, obj) is not None


rules.add_perm("participation.view_staff_area", is_staff | is_platform_admin)
rules.add_perm("participation.change_project", is_editor | is_platform_admin)
rules.add_perm("participation.moderate_project", is_moderator | is_platform_admin)
rules.add_perm("participation.evaluate_project", is_staff | is_platform_admin)
