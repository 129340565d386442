"""Who may do what in an organisation. Admins may do everything editors and moderators may;
a platform admin (superuser) may do everything everywhere."""

import rules
from django_scopes import scopes_disabled

from mitwirken.core.rules import is_platform_admin

from .models import Role


def roles_by_organisation(user) -> dict[int, str]:
    """The person's roles, loaded once per request and cached on the user object."""
    if not user.is_authenticated:
        return {}
    if not hasattr(user, "_organisation_roles"):
        from .models import StaffRole

        with scopes_disabled():
            user._organisation_roles = dict(
                StaffRole.objects.filter(user=user).values_list("organisation_id", "role")
            )
    return user._organisation_roles


def _has_role(*roles):
    @rules.predicate(name=f"has_role_{'_or_'.join(roles)}")
    def predicate(user, organisation):
        if organisation is None:
            return False
        return roles_by_organisation(user).get(organisation.pk) in roles

    return predicate


is_org_admin = _has_role(Role.ADMIN)
is_org_editor = _has_role(Role.ADMIN, Role.EDITOR)
is_org_moderator = _has_role(Role.ADMIN, Role.MODERATOR)
is_org_staff = _has_role(Role.ADMIN, Role.EDITOR, Role.MODERATOR)

rules.add_perm("organisations.view_staff_area", is_org_staff | is_platform_admin)
rules.add_perm("organisations.change_organisation", is_org_admin | is_platform_admin)
rules.add_perm("organisations.change_legal_pages", is_org_admin | is_platform_admin)
rules.add_perm("organisations.manage_staff", is_org_admin | is_platform_admin)
rules.add_perm("organisations.view_audit_log", is_org_admin | is_platform_admin)
rules.add_perm("organisations.manage_barrier_reports", is_org_moderator | is_platform_admin)
rules.add_perm("organisations.add_organisation", is_platform_admin)
