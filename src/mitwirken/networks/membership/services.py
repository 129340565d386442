"""Write use-cases of memberships: joining, applying, leaving, and the coordinators'
decisions. One transaction each; every step is a ``MembershipStep`` (who, when, the message
or the reason), mailed to the person concerned in the same transaction; coordinators'
decisions are written to the organisation's audit log.

Races: one row per network and person (the unique constraint), locked with
``select_for_update`` before its status is read; two parallel first applications of one
person make one row (the second insert waits for the first and fails on the constraint, then
reads the row the first one made)."""

from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mitwirken.core.tenancy import check_scope_of
from mitwirken.organisations.models import StaffRole
from mitwirken.organisations.services import record
from mitwirken.questionnaires.services import record_response

from ..models import Membership, MembershipStep, Network
from ..rules import forget_memberships
from . import audit, emails

Status, Role, Kind = Membership.Status, Membership.Role, MembershipStep.Kind


class MembershipError(Exception):
    """A step refused; the message is shown to the person as it is."""


def _locked(network, user) -> Membership | None:
    return (
        Membership.objects.select_for_update(of=("self",))
        .filter(network=network, user=user)
        .first()
    )


def _own_row(network, user, status) -> tuple[Membership, bool]:
    """The person's row in the network, locked; made with ``status`` if there is none yet
    (True). A parallel first step of the same person made it meanwhile: then theirs."""
    membership = _locked(network, user)
    if membership is not None:
        return membership, False
    try:
        with transaction.atomic():  # a savepoint: the constraint may refuse the insert
            return (
                Membership.objects.create(
                    network=network, user=user, status=status, updated_at=timezone.now()
                ),
                True,
            )
    except IntegrityError:
        return _locked(network, user), False


def _relock(membership) -> Membership:
    """The membership as stored now, its row locked (a decision reads the status it changes)."""
    return (
        Membership.objects.select_for_update(of=("self",))
        .select_related("network__organisation", "user")
        .get(pk=membership.pk)
    )


def _check_person(user) -> None:
    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        raise MembershipError(
            _("Please confirm your e-mail address first (the link in our e-mail to you).")
        )


def _check_network(network) -> None:
    if network.is_concluded:
        raise MembershipError(
            _("This network has concluded. Its pages stay readable, but nobody joins it any more.")
        )
    if not network.is_public:
        raise MembershipError(_("This network is not open yet."))


def _check_not_in(membership) -> None:
    if membership.status == Status.MEMBER:
        raise MembershipError(_("You are a member of this network already."))
    if membership.status == Status.APPLIED:
        raise MembershipError(
            _("You have applied already. The coordinators will let you know their decision.")
        )


def refusal(user, network) -> str | None:
    """Why ``user`` cannot apply to or join ``network`` now (for the pages), or None."""
    try:
        _check_network(network)
        if network.join_policy == Network.JoinPolicy.INVITATION:
            raise MembershipError(_("This network takes new members by invitation only."))
        membership = Membership.objects.filter(network=network, user=user).first()
        if membership is not None:
            _check_not_in(membership)
    except MembershipError as error:
        return str(error)
    return None


def _step(membership, kind, actor, text="", response=None) -> MembershipStep:
    return MembershipStep.objects.create(
        membership=membership, kind=kind, actor=actor, text=text, response=response
    )


def _become_member(membership, now) -> None:
    membership.status = Status.MEMBER
    membership.joined_at = now
    membership.updated_at = now
    membership.save(update_fields=["status", "joined_at", "updated_at"])


@transaction.atomic
def join(user, network) -> Membership:
    """Join an open network."""
    check_scope_of(network.organisation_id)
    _check_person(user)
    _check_network(network)
    if network.join_policy != Network.JoinPolicy.OPEN:
        raise MembershipError(_("This network does not take members without an application."))
    membership, created = _own_row(network, user, Status.MEMBER)
    if not created:
        _check_not_in(membership)
    _become_member(membership, timezone.now())
    step = _step(membership, Kind.JOINED, user)
    forget_memberships(user)
    emails.step_taken(step)
    return membership


@transaction.atomic
def apply(user, network, *, message="", answers=None) -> Membership:
    """Apply with a message and the answers to the network's questions (``answers``: question
    → cleaned value, as ``questionnaires.forms.answers_of`` gives them). A declined person,
    one who left or was removed applies again on the same row: a new step."""
    check_scope_of(network.organisation_id)
    _check_person(user)
    _check_network(network)
    if network.join_policy == Network.JoinPolicy.INVITATION:
        raise MembershipError(_("This network takes new members by invitation only."))
    if network.join_policy == Network.JoinPolicy.OPEN:
        raise MembershipError(_("This network is open: you can join it without applying."))
    membership, created = _own_row(network, user, Status.APPLIED)
    if not created:
        _check_not_in(membership)
    response = None
    if answers and network.application_questionnaire_id:
        response = record_response(network.application_questionnaire_id, answers)
    membership.status, membership.role = Status.APPLIED, Role.MEMBER
    membership.response, membership.updated_at = response, timezone.now()
    membership.save(update_fields=["status", "role", "response", "updated_at"])
    step = _step(membership, Kind.APPLIED, user, (message or "").strip(), response)
    forget_memberships(user)
    emails.step_taken(step)
    emails.new_application(step)
    return membership


@transaction.atomic
def leave(user, network) -> Membership:
    check_scope_of(network.organisation_id)
    membership = _locked(network, user)
    if membership is None or membership.status != Status.MEMBER:
        raise MembershipError(_("You are not a member of this network."))
    membership.status, membership.role = Status.LEFT, Role.MEMBER
    membership.updated_at = timezone.now()
    membership.save(update_fields=["status", "role", "updated_at"])
    step = _step(membership, Kind.LEFT, user)
    forget_memberships(user)
    emails.step_taken(step)
    return membership


# --- The coordinators' decisions ----------------------------------------------------------------


def _log(actor, membership, action, changes=None) -> None:
    network = membership.network
    record(
        network.organisation,
        actor,
        action,
        membership.user.public_name,
        {str(_("Network")): ["", network.name], **(changes or {})},
    )


def _decided(actor, membership, kind, action, text="") -> Membership:
    step = _step(membership, kind, actor, text)
    _log(actor, membership, action, {str(_("Reason")): ["", text]} if text else None)
    forget_memberships(membership.user)
    emails.step_taken(step)
    return membership


@transaction.atomic
def accept(actor, membership) -> Membership:
    membership = _relock(membership)
    if membership.status != Status.APPLIED:
        raise MembershipError(_("This application is no longer open."))
    _become_member(membership, timezone.now())
    return _decided(actor, membership, Kind.ACCEPTED, audit.ACCEPTED)


def _reason(reason) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise MembershipError(_("Please give a reason: the person is told it."))
    return reason


@transaction.atomic
def decline(actor, membership, *, reason) -> Membership:
    """Decline an application with a reason (required), which the applicant is told."""
    reason = _reason(reason)
    membership = _relock(membership)
    if membership.status != Status.APPLIED:
        raise MembershipError(_("This application is no longer open."))
    membership.status, membership.updated_at = Status.DECLINED, timezone.now()
    membership.save(update_fields=["status", "updated_at"])
    return _decided(actor, membership, Kind.DECLINED, audit.DECLINED, reason)


@transaction.atomic
def remove(actor, membership, *, reason) -> Membership:
    """Remove a member with a reason (required), which the person is told."""
    reason = _reason(reason)
    membership = _relock(membership)
    if membership.status != Status.MEMBER:
        raise MembershipError(_("This person is not a member of the network."))
    membership.status, membership.role = Status.REMOVED, Role.MEMBER
    membership.updated_at = timezone.now()
    membership.save(update_fields=["status", "role", "updated_at"])
    return _decided(actor, membership, Kind.REMOVED, audit.REMOVED, reason)


def _set_role(membership, role) -> None:
    membership.role, membership.updated_at = role, timezone.now()
    membership.save(update_fields=["role", "updated_at"])


@transaction.atomic
def make_coordinator(actor, membership) -> Membership:
    membership = _relock(membership)
    if membership.status != Status.MEMBER:
        raise MembershipError(_("Only members can coordinate a network."))
    if membership.role == Role.COORDINATOR:
        raise MembershipError(_("This person coordinates the network already."))
    _set_role(membership, Role.COORDINATOR)
    return _decided(actor, membership, Kind.MADE_COORDINATOR, audit.MADE_COORDINATOR)


@transaction.atomic
def end_coordination(actor, membership) -> Membership:
    membership = _relock(membership)
    if not membership.is_coordinator:
        raise MembershipError(_("This person does not coordinate the network."))
    _set_role(membership, Role.MEMBER)
    return _decided(actor, membership, Kind.COORDINATOR_ENDED, audit.COORDINATOR_ENDED)


@transaction.atomic
def make_staff_coordinator(actor, network, user) -> Membership:
    """A person of the organisation's staff becomes coordinator: a member first (their
    membership made, with a step taken by ``actor``), if they are not one yet."""
    check_scope_of(network.organisation_id)
    if not StaffRole.objects.filter(organisation=network.organisation, user=user).exists():
        raise MembershipError(_("Only members or the organisation's staff can coordinate."))
    _check_network(network)
    membership, created = _own_row(network, user, Status.MEMBER)
    membership.network, membership.user = network, user
    if created or membership.status != Status.MEMBER:
        membership.role = Role.MEMBER
        membership.save(update_fields=["role"])
        _become_member(membership, timezone.now())
        _step(membership, Kind.JOINED, actor)
    return make_coordinator(actor, membership)
