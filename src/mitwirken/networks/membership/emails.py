"""The mails of memberships: each step to the person concerned, a new application to the
coordinators, an invitation to its address. Queued with IDs only (``core.mail.queue_mail``)
in the transaction of the step; built here when the task runs, in the recipient's language.
A step's text (the reason of a decision) is read from the step then, never carried in the
task."""

from django.contrib.auth import get_user_model

from mitwirken.core.mail import queue_mail, render_mail

from ..models import Membership, MembershipStep, NetworkInvitation
from . import links

# The mail to the person concerned for each kind of step.
STEP_TEMPLATES = {
    MembershipStep.Kind.APPLIED: "application_received",
    MembershipStep.Kind.ACCEPTED: "accepted",
    MembershipStep.Kind.DECLINED: "declined",
    MembershipStep.Kind.JOINED: "joined",
    MembershipStep.Kind.INVITATION_ACCEPTED: "joined",
    MembershipStep.Kind.LEFT: "left",
    MembershipStep.Kind.REMOVED: "removed",
    MembershipStep.Kind.MADE_COORDINATOR: "made_coordinator",
    MembershipStep.Kind.COORDINATOR_ENDED: "coordinator_ended",
}
PREFIX = "networks/membership/email/"


def step_taken(step) -> None:
    """Tell the person concerned about ``step`` (in the transaction that took it)."""
    network = step.membership.network
    queue_mail("networks.step", organisation_id=network.organisation_id, step_id=step.pk)


def new_application(step) -> None:
    """Tell the network's coordinators (or, without any, its contact address)."""
    network = step.membership.network
    coordinators = list(
        Membership.objects.filter(
            network=network, status=Membership.Status.MEMBER, role=Membership.Role.COORDINATOR
        ).values_list("user_id", flat=True)
    )
    for user_id in coordinators or ([None] if network.contact_email else []):
        queue_mail(
            "networks.new_application",
            organisation_id=network.organisation_id,
            step_id=step.pk,
            coordinator_id=user_id,
        )


def invitation_sent(invitation) -> None:
    queue_mail(
        "networks.invitation",
        organisation_id=invitation.network.organisation_id,
        invitation_id=invitation.pk,
    )


def _step(step_id):
    return (
        MembershipStep.objects.select_related(
            "membership__network__organisation", "membership__user"
        )
        .filter(pk=step_id)
        .first()
    )


def _build_step(*, step_id):
    step = _step(step_id)
    if step is None:
        return None  # erased with the person since
    membership, network = step.membership, step.membership.network
    person = membership.user
    return render_mail(
        PREFIX + STEP_TEMPLATES[step.kind],
        person.email,
        {
            "network_name": network.name,
            "organisation_name": network.organisation.name,
            "name": person.public_name,
            "text": step.text,
            "network_url": links.network_url(network),
            "my_networks_url": links.my_networks_url(),
        },
        language=person.language,
        organisation_name=network.organisation.name,
    )


def _build_new_application(*, step_id, coordinator_id):
    step = _step(step_id)
    if step is None:
        return None
    membership, network = step.membership, step.membership.network
    if membership.status != Membership.Status.APPLIED:
        return None  # decided already
    if coordinator_id is None:
        to, language = network.contact_email, None
    else:
        coordinator = get_user_model().objects.filter(pk=coordinator_id).first()
        if coordinator is None:
            return None
        to, language = coordinator.email, coordinator.language
    if not to:
        return None
    return render_mail(
        PREFIX + "new_application",
        to,
        {
            "network_name": network.name,
            "applicant": membership.user.public_name,
            "queue_url": links.coordinator_url("networks:applications", network),
        },
        language=language,
        organisation_name=network.organisation.name,
    )


def _build_invitation(*, invitation_id):
    invitation = (
        NetworkInvitation.objects.select_related("network__organisation", "invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True)
        .first()
    )
    if invitation is None:
        return None  # revoked, replaced or accepted since
    existing = get_user_model().objects.filter(email__iexact=invitation.email).first()
    network = invitation.network
    return render_mail(
        PREFIX + "invitation",
        invitation.email,
        {
            "network_name": network.name,
            "organisation_name": network.organisation.name,
            "inviter": invitation.invited_by.public_name if invitation.invited_by else "",
            "url": links.invitation_url(invitation),
            "expires_at": invitation.expires_at,
            "has_account": existing is not None,
        },
        language=existing.language if existing else None,
        organisation_name=network.organisation.name,
    )


def register() -> None:
    from mitwirken.core.mail import register_mail

    register_mail("networks.step", _build_step)
    register_mail("networks.new_application", _build_new_application)
    register_mail("networks.invitation", _build_invitation)
