"""The membership part's network URLs for the permission matrix (tests/networks/matrix.py).

The people its URLs act on are their own, beside the matrix's roles: an applicant to decide
on, members to remove or make coordinator, a second coordinator, a person of the staff, an
invitation; and an open network of the same organisation to join."""

from django_scopes import scopes_disabled

from mitwirken.networks.models import Membership, NetworkInvitation
from mitwirken.organisations.models import Role

from ..factories import UserFactory, make_staff
from .factories import make_member, make_network
from .matrix import EVERYONE, RUNS_NETWORK, NetworkURL

Status = Membership.Status
TAKING_PART = EVERYONE - {"visitor"}


def _status(key):
    def read(objects):
        with scopes_disabled():
            return Membership.objects.values_list("status", "role").get(pk=objects[key].pk)

    return read


def _count(network_key, **filters):
    def read(objects):
        with scopes_disabled():
            return Membership.objects.filter(network=objects[network_key], **filters).count()

    return read


def _invitations(objects):
    with scopes_disabled():
        return sorted(
            NetworkInvitation.objects.filter(network=objects["network"]).values_list(
                "email", flat=True
            )
        )


def _membership(key):
    return lambda objects: {"membership_id": objects[key].pk}


def _staff_coordinator(objects):
    with scopes_disabled():
        return list(
            Membership.objects.filter(
                user=objects["staff_person"], network=objects["network"]
            ).values_list("status", "role")
        )


NETWORK_URLS = {
    # Taking part: every account; the applicant, members and coordinators are refused (403).
    "networks:join": NetworkURL(
        TAKING_PART,
        "post",
        kwargs=lambda o: {"pk": o["open_network"].pk},
        effect=_count("open_network", status=Status.MEMBER),
    ),
    "networks:apply": NetworkURL(
        TAKING_PART - {"applicant", "member", "coordinator"},
        "post",
        data=lambda o: {"message": "Ich möchte mitarbeiten."},
        effect=_count("network", status=Status.APPLIED),
    ),
    "networks:leave": NetworkURL(
        {"member", "coordinator"}, "post", effect=_count("network", status=Status.MEMBER)
    ),
    # The coordinators' pages.
    "networks:applications": NetworkURL(RUNS_NETWORK),
    "networks:application_accept": NetworkURL(
        RUNS_NETWORK, "post", kwargs=_membership("application"), effect=_status("application")
    ),
    "networks:application_decline": NetworkURL(
        RUNS_NETWORK,
        "post",
        kwargs=_membership("application"),
        data=lambda o: {"reason": "Der Kreis ist voll."},
        effect=_status("application"),
    ),
    "networks:memberships": NetworkURL(RUNS_NETWORK),
    "networks:membership": NetworkURL(RUNS_NETWORK, kwargs=_membership("application")),
    "networks:member_remove": NetworkURL(
        RUNS_NETWORK,
        "post",
        kwargs=_membership("other_member"),
        data=lambda o: {"reason": "Wiederholt gegen die Netiquette verstoßen."},
        effect=_status("other_member"),
    ),
    "networks:coordinator_make": NetworkURL(
        RUNS_NETWORK, "post", kwargs=_membership("other_member"), effect=_status("other_member")
    ),
    "networks:coordinator_end": NetworkURL(
        RUNS_NETWORK,
        "post",
        kwargs=_membership("other_coordinator"),
        effect=_status("other_coordinator"),
    ),
    "networks:coordinator_add_staff": NetworkURL(
        RUNS_NETWORK,
        "post",
        data=lambda o: {"staff_role": o["staff_role"].pk},
        effect=_staff_coordinator,
    ),
    "networks:invitations": NetworkURL(
        RUNS_NETWORK,
        "post",
        data=lambda o: {"email": "eingeladen@example.org"},
        effect=_invitations,
    ),
    "networks:invitation_revoke": NetworkURL(
        RUNS_NETWORK,
        "post",
        kwargs=lambda o: {"invitation_id": o["invitation"].pk},
        effect=_invitations,
    ),
}


def objects(network) -> dict:
    organisation = network.organisation
    staff_person = make_staff(organisation, Role.MODERATOR, user=UserFactory())
    with scopes_disabled():
        staff_role = staff_person.staff_roles.get(organisation=organisation)
        invitation = NetworkInvitation.objects.create(network=network, email="offen@example.org")
    return {
        "open_network": make_network(organisation, name="Offener Austausch", join_policy="open"),
        "application": make_member(network, status=Status.APPLIED),
        "other_member": make_member(network),
        "other_coordinator": make_member(network, role=Membership.Role.COORDINATOR),
        "staff_person": staff_person,
        "staff_role": staff_role,
        "invitation": invitation,
    }
