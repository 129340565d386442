"""Who may do what in a network, in one place (checked in views and templates alike).

The object of every network permission is the ``Network``. A coordinator need not be staff
of the organisation; the organisation's staff keep their meaning: editors and admins run
the organisation's networks (they may do what coordinators do), moderators moderate.
"""

import rules
from django_scopes import scopes_disabled

from mitwirken.core.rules import is_platform_admin
from mitwirken.organisations.models import Role
from mitwirken.organisations.rules import is_org_editor, roles_by_organisation

from .models import Audience, Membership


def memberships_by_network(user) -> dict[int, tuple[str, str]]:
    """The person's memberships as ``{network_id: (status, role)}``, loaded once per request
    and cached on the user object (like the staff roles)."""
    if not user or not user.is_authenticated:
        return {}
    if not hasattr(user, "_network_memberships"):
        with scopes_disabled():
            user._network_memberships = {
                network_id: (status, role)
                for network_id, status, role in Membership.objects.filter(user=user).values_list(
                    "network_id", "status", "role"
                )
            }
    return user._network_memberships


def forget_memberships(user) -> None:
    """After a change of the person's memberships within the same request."""
    if user is not None and hasattr(user, "_network_memberships"):
        del user._network_memberships


def _staff_role(user, network):
    if network is None:  # asked without an object ({{ perms.networks.… }}): no
        return None
    return roles_by_organisation(user).get(network.organisation_id)


@rules.predicate
def is_member(user, network):
    if network is None:
        return False
    found = memberships_by_network(user).get(network.pk)
    return found is not None and found[0] == Membership.Status.MEMBER


@rules.predicate
def is_coordinator(user, network):
    if network is None:
        return False
    return memberships_by_network(user).get(network.pk) == (
        Membership.Status.MEMBER,
        Membership.Role.COORDINATOR,
    )


@rules.predicate
def is_org_staff_of(user, network):
    return _staff_role(user, network) is not None


@rules.predicate
def is_org_editor_of(user, network):
    return _staff_role(user, network) in (Role.ADMIN, Role.EDITOR)


@rules.predicate
def is_org_moderator_of(user, network):
    return _staff_role(user, network) in (Role.ADMIN, Role.MODERATOR)


@rules.predicate
def is_published(user, network):
    return network is not None and network.is_public


@rules.predicate
def is_running(user, network):
    """A concluded network stays readable as an archive; nothing new is written to it."""
    return network is not None and not network.is_concluded


can_coordinate = is_coordinator | is_org_editor_of | is_platform_admin
sees_everything = is_org_staff_of | is_platform_admin


def _sees(audience_field: str):
    """Whether the person may see the section whose audience is in ``audience_field``."""

    @rules.predicate(name=f"sees_{audience_field}")
    def predicate(user, network):
        if network is None:
            return False
        audience = getattr(network, audience_field)
        if audience == Audience.PUBLIC:
            return network.is_public or sees_everything(user, network)
        if audience == Audience.MEMBERS:
            return is_member(user, network) or sees_everything(user, network)
        return can_coordinate(user, network)

    return predicate


rules.add_perm("networks.view_network", is_published | sees_everything)
rules.add_perm("networks.view_members", _sees("members_audience"))
rules.add_perm("networks.view_discussion", _sees("discussion_audience"))
rules.add_perm("networks.view_documents", _sees("documents_audience"))
rules.add_perm("networks.view_notes", _sees("notes_audience"))
rules.add_perm("networks.post", is_running & (is_member | can_coordinate))
rules.add_perm("networks.coordinate", can_coordinate)
rules.add_perm("networks.moderate", is_coordinator | is_org_moderator_of | is_platform_admin)

# On the organisation (staff pages through organisations.tenancy.staff_view).
rules.add_perm("networks.change_network", is_org_editor | is_platform_admin)
# Members-only news of a network (public news: networks.view_network).
rules.add_perm("networks.read_members_news", is_member | can_coordinate | sees_everything)
