"""Reads of memberships, each with a fixed number of queries whatever the number of rows."""

from allauth.account.models import EmailAddress
from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.utils import timezone
from django_scopes import scopes_disabled

from mitwirken.organisations.models import StaffRole
from mitwirken.questionnaires.models import Answer

from ..models import Membership, MembershipStep, NetworkInvitation

Status = Membership.Status


def _answers():
    return Prefetch(
        "response__answers",
        queryset=Answer.objects.select_related("question").order_by(
            "question__position", "question__pk"
        ),
    )


def open_applications(network):
    """The network's open applications, oldest first, each with its latest application step
    (``application``: the message) and the answers (``response.answers``)."""
    applications = list(
        Membership.objects.filter(network=network, status=Status.APPLIED)
        .select_related("user", "response")
        .prefetch_related(
            _answers(),
            Prefetch(
                "steps",
                queryset=MembershipStep.objects.filter(kind=MembershipStep.Kind.APPLIED).order_by(
                    "-at", "-pk"
                ),
                to_attr="applications",
            ),
        )
        .order_by("updated_at", "pk")
    )
    for membership in applications:
        membership.application = membership.applications[0] if membership.applications else None
    return applications


def membership_with_history(network, membership_id) -> Membership | None:
    """One person's membership with every step (actor, message or reason, answers)."""
    return (
        Membership.objects.filter(network=network, pk=membership_id)
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=MembershipStep.objects.select_related(
                    "actor", "response"
                ).prefetch_related(_answers()),
            )
        )
        .first()
    )


def members(network):
    """The members, coordinators first, for the coordinators' page (paginated there)."""
    return (
        Membership.objects.filter(network=network, status=Status.MEMBER)
        .select_related("user")
        .order_by("role", "user__display_name", "pk")  # "coordinator" before "member"
    )


def staff_not_coordinating(network):
    """The organisation's staff who do not coordinate the network yet."""
    coordinators = Membership.objects.filter(
        network=network, status=Status.MEMBER, role=Membership.Role.COORDINATOR
    ).values("user_id")
    return (
        StaffRole.objects.filter(organisation=network.organisation)
        .exclude(user_id__in=coordinators)
        .select_related("user")
        .order_by("user__display_name", "pk")
    )


def open_invitations(network):
    return NetworkInvitation.objects.filter(
        network=network, accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("invited_by")


def networks_of_user(user) -> dict:
    """'Meine Netzwerke': the person's memberships (every status) and the open invitations
    to their confirmed addresses, in every organisation."""
    addresses = (
        EmailAddress.objects.filter(user=user, verified=True)
        .annotate(address=Lower("email"))
        .values("address")
    )
    with scopes_disabled():
        memberships = list(
            Membership.objects.filter(user=user)
            .select_related("network__organisation")
            .order_by("status", "network__name", "pk")
        )
        invitations = list(
            NetworkInvitation.objects.filter(
                email__in=addresses, accepted_at__isnull=True, expires_at__gt=timezone.now()
            )
            .select_related("network__organisation")
            .order_by("-created_at")
        )
    return {
        "memberships": [m for m in memberships if m.status == Status.MEMBER],
        "applications": [m for m in memberships if m.status == Status.APPLIED],
        "former": [m for m in memberships if m.status not in (Status.MEMBER, Status.APPLIED)],
        "invitations": invitations,
    }


def own_membership(user, network) -> Membership | None:
    """The person's membership in the network (any status), for the network's page."""
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(network=network, user=user).first()
