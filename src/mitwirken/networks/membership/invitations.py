"""Invitations to a network by e-mail address (coordinators), accepted through the personal
link by the account that has the invited address confirmed; as ``organisations`` does it for
its staff (``organisations.services.find_invitation``, ``accept_invitation``)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from mitwirken.core.tenancy import check_scope_of
from mitwirken.organisations.services import confirmed_invited_address, record

from ..models import Membership, MembershipStep, NetworkInvitation
from ..rules import forget_memberships
from . import audit, emails
from .services import MembershipError, _become_member, _check_network, _own_row, _step


def _stale():
    return MembershipError(
        _("This invitation link is no longer valid. Please ask the network's coordinators.")
    )


@transaction.atomic
def invite(actor, network, email) -> NetworkInvitation:
    """Invite an address; a new invitation replaces an open older one to the same address."""
    check_scope_of(network.organisation_id)
    _check_network(network)
    email = email.strip().lower()
    if Membership.objects.filter(
        network=network, status=Membership.Status.MEMBER, user__email__iexact=email
    ).exists():
        raise MembershipError(_("This person is a member of the network already."))
    NetworkInvitation.objects.filter(
        network=network, email__iexact=email, accepted_at__isnull=True
    ).delete()
    invitation = NetworkInvitation.objects.create(network=network, email=email, invited_by=actor)
    record(
        network.organisation, actor, audit.INVITED, email, {str(_("Network")): ["", network.name]}
    )
    emails.invitation_sent(invitation)
    return invitation


@transaction.atomic
def revoke(actor, invitation) -> None:
    network = invitation.network
    record(
        network.organisation,
        actor,
        audit.INVITATION_REVOKED,
        invitation.email,
        {str(_("Network")): [network.name, ""]},
    )
    invitation.delete()


def find(token) -> NetworkInvitation | None:
    """The invitation of a link, in any organisation (the token tells which)."""
    with scopes_disabled():
        return (
            NetworkInvitation.objects.select_related("network__organisation")
            .filter(token=token)
            .first()
        )


@transaction.atomic
def accept(user, token) -> Membership:
    """The invited person becomes a member (the invited address must be a confirmed address
    of the account: a forwarded link makes nobody a member)."""
    found = find(token)
    if found is None:
        raise _stale()
    network = found.network
    with scope(organisation=network.organisation):  # the token told the organisation
        invitation = (
            NetworkInvitation.objects.select_for_update(of=("self",)).filter(pk=found.pk).first()
        )
        if invitation is None or not invitation.is_open:  # revoked or accepted meanwhile
            raise _stale()
        address = confirmed_invited_address(user, invitation)
        _check_network(network)
        membership, created = _own_row(network, user, Membership.Status.MEMBER)
        now = timezone.now()
        if created or membership.status != Membership.Status.MEMBER:
            _become_member(membership, now)
            step = _step(membership, MembershipStep.Kind.INVITATION_ACCEPTED, user)
            emails.step_taken(step)
        invitation.accepted_at, invitation.accepted_by = now, user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        record(
            network.organisation,
            user,
            audit.INVITATION_ACCEPTED,
            address,
            {str(_("Network")): ["", network.name]},
        )
        forget_memberships(user)
    membership.network = network
    return membership
