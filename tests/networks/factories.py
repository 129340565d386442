from django.utils import timezone
from django_scopes import scopes_disabled

from mitwirken.networks.models import Membership, MembershipStep, Network

from ..factories import UserFactory


def make_network(organisation, **fields) -> Network:
    """An active network on application, as seed 003's, unless told otherwise."""
    defaults = {
        "name": "Netzwerk kommunale Partizipationsbeauftragte",
        "teaser": "Vertrauensvoller kollegialer Austausch seit 2013",
        "description": "Kommunale Beschäftigte, die Beteiligung in ihrer Verwaltung verankern.",
        "status": Network.Status.ACTIVE,
        "join_policy": Network.JoinPolicy.APPLICATION,
        "term_from": 2013,
        "meeting_rhythm": "einmal im Jahr",
    }
    with scopes_disabled():
        return Network.objects.create(organisation=organisation, **{**defaults, **fields})


def make_member(network, user=None, *, role=Membership.Role.MEMBER, status=None) -> Membership:
    """A person in the network (a member unless ``status`` says otherwise), with the step
    that brought them there in the history."""
    user = user or UserFactory()
    status = status or Membership.Status.MEMBER
    with scopes_disabled():
        membership = Membership.objects.create(
            network=network,
            user=user,
            status=status,
            role=role,
            joined_at=timezone.now() if status == Membership.Status.MEMBER else None,
        )
        kind = (
            MembershipStep.Kind.APPLIED
            if status == Membership.Status.APPLIED
            else MembershipStep.Kind.JOINED
        )
        membership.steps.create(kind=kind, actor=user)
    return membership
