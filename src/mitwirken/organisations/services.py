"""Write use-cases of organisations: one transaction each, e-mails sent after commit, every
staff action written to the audit log."""

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from . import emails
from .models import AuditLogEntry, BarrierReport, Invitation, Organisation, Role, StaffRole

Action = AuditLogEntry.Action


class OrganisationError(Exception):
    """A use-case refused; the message is shown to the person as it is."""


def record(organisation, actor, action, subject="", changes=None) -> AuditLogEntry:
    return AuditLogEntry.objects.create(
        organisation=organisation,
        actor=actor if actor and actor.is_authenticated else None,
        actor_name=actor.public_name if actor and actor.is_authenticated else _("System"),
        action=action,
        subject=str(subject)[:300],
        changes=changes or {},
    )


def _shorten(value) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 200 else text[:199] + "…"


def form_changes(form) -> dict:
    """{field label: [before, after]} for what a staff form changed (for the audit log)."""
    changes = {}
    for name in form.changed_data:
        field = form.fields[name]
        before, after = form.initial.get(name), form.cleaned_data.get(name)
        if name == "logo":
            before, after = (
                (_("(none)") if not before else _("(image)")),
                (_("(removed)") if after is False else _("(new image)")),
            )
        changes[str(field.label)] = [_shorten(before), _shorten(after)]
    return changes


@transaction.atomic
def create_organisation(actor, form) -> Organisation:
    organisation = form.save()
    with scope(organisation=organisation):
        record(organisation, actor, Action.ORG_CREATED, organisation.name)
        invite(actor, organisation, form.cleaned_data["admin_email"], Role.ADMIN)
    return organisation


@transaction.atomic
def update_profile(actor, organisation, form) -> Organisation:
    changes = form_changes(form)
    organisation = form.save()
    if changes:
        record(organisation, actor, Action.PROFILE_CHANGED, organisation.name, changes)
    return organisation


@transaction.atomic
def update_legal_pages(actor, organisation, form, barriers_formset) -> Organisation:
    changes = form_changes(form)
    before = (form.initial.get("privacy_text") or "").strip()
    if form.cleaned_data.get("privacy_text", "").strip() != before:
        # People who accepted an older text can be asked again. (Compared without white
        # space at the ends: the form strips it, an older stored text may have it.)
        organisation.privacy_version += 1
        organisation.privacy_updated_at = timezone.now()
    organisation = form.save()
    if barriers_formset.has_changed():
        before = organisation.known_barriers.count()
        barriers_formset.save()
        after = organisation.known_barriers.count()
        changes[str(_("Known barriers"))] = [str(before), str(after)]
    if changes:
        record(organisation, actor, Action.LEGAL_CHANGED, organisation.name, changes)
    return organisation


@transaction.atomic
def invite(actor, organisation, email, role) -> Invitation:
    email = email.strip().lower()
    if StaffRole.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise OrganisationError(_("This person already belongs to the staff."))
    Invitation.objects.filter(
        organisation=organisation, email__iexact=email, accepted_at__isnull=True
    ).delete()  # a new invitation replaces an older one
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, role=role, invited_by=actor
    )
    record(
        organisation, actor, Action.INVITED, email, {str(_("Role")): ["", str(Role(role).label)]}
    )
    emails.invitation(invitation)
    return invitation


@transaction.atomic
def revoke_invitation(actor, invitation) -> None:
    record(invitation.organisation, actor, Action.INVITATION_REVOKED, invitation.email)
    invitation.delete()


def find_invitation(token) -> Invitation | None:
    with scopes_disabled():
        return Invitation.objects.select_related("organisation").filter(token=token).first()


class WrongAddress(OrganisationError):
    """The invitation was sent to an address this account has not confirmed."""

    def __init__(self, invitation, *, unconfirmed: bool):
        self.invitation, self.unconfirmed = invitation, unconfirmed
        super().__init__(
            _(
                "This invitation was sent to %(invited)s. Only an account with this "
                "confirmed address can accept it."
            )
            % {"invited": invitation.email}
        )


def confirmed_invited_address(user, invitation) -> str:
    """The invited address if it is a confirmed address of ``user``; else WrongAddress. A
    link in a forwarded mail must not make its reader staff of the organisation."""
    addresses = {
        address.email.strip().lower(): address.verified
        for address in EmailAddress.objects.filter(user=user, email__iexact=invitation.email)
    }
    invited = invitation.email.strip().lower()
    if not addresses.get(invited):
        raise WrongAddress(invitation, unconfirmed=invited in addresses)
    return invited


@transaction.atomic
def accept_invitation(user, token) -> StaffRole:
    found = find_invitation(token)
    if found is None:
        raise OrganisationError(
            _("This invitation link is no longer valid. Please ask for a new invitation.")
        )
    organisation = found.organisation
    with scope(organisation=organisation):  # the token told the organisation: lock in it
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("organisation")
            .filter(pk=found.pk)
            .first()
        )
        if invitation is None or not invitation.is_open:  # revoked or accepted meanwhile
            raise OrganisationError(
                _("This invitation link is no longer valid. Please ask for a new invitation.")
            )
        address = confirmed_invited_address(user, invitation)
        existing = StaffRole.objects.filter(organisation=organisation, user=user).first()
        if existing is not None and existing.role != invitation.role:
            # An invitation never changes a role (it could demote the last admin who opens
            # it); roles are changed on the team page. The invitation stays open.
            raise OrganisationError(
                _(
                    "You belong to %(organisation)s already, as %(role)s. An administrator "
                    "changes roles on the team page."
                )
                % {"organisation": organisation.name, "role": existing.get_role_display()}
            )
        staff_role, _created = StaffRole.objects.update_or_create(
            organisation=organisation, user=user, defaults={"role": invitation.role}
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        record(
            organisation,
            user,
            Action.INVITATION_ACCEPTED,
            user.public_name,
            {
                str(_("Role")): ["", staff_role.get_role_display()],
                str(_("Accepted with the address")): ["", address],
            },
        )
    return staff_role


def _ensure_an_admin_remains(staff_role, new_role=None) -> None:
    if staff_role.role != Role.ADMIN or new_role == Role.ADMIN:
        return
    # Lock the admins' rows so that two admins demoting each other cannot both succeed.
    admins = list(
        StaffRole.objects.select_for_update()
        .filter(organisation=staff_role.organisation, role=Role.ADMIN)
        .values_list("pk", flat=True)
    )
    if admins == [staff_role.pk]:
        raise OrganisationError(_("The organisation needs at least one administrator."))


@transaction.atomic
def change_role(actor, staff_role, role) -> StaffRole:
    if staff_role.role == role:
        return staff_role
    _ensure_an_admin_remains(staff_role, role)
    before = staff_role.get_role_display()
    staff_role.role = role
    staff_role.save(update_fields=["role"])
    record(
        staff_role.organisation,
        actor,
        Action.ROLE_CHANGED,
        staff_role.user.public_name,
        {str(_("Role")): [before, staff_role.get_role_display()]},
    )
    return staff_role


@transaction.atomic
def remove_from_staff(actor, staff_role) -> None:
    _ensure_an_admin_remains(staff_role)
    record(
        staff_role.organisation,
        actor,
        Action.ROLE_REMOVED,
        staff_role.user.public_name,
        {str(_("Role")): [staff_role.get_role_display(), ""]},
    )
    staff_role.delete()


@transaction.atomic
def report_barrier(
    organisation, *, message, page_url="", name="", email="", language=None
) -> BarrierReport:
    """A barrier report (BITV 2.0 § 7): stored, the reporter told it arrived (if they gave an
    address) and the organisation's staff told."""
    report = BarrierReport.objects.create(
        organisation=organisation, message=message, page_url=page_url, name=name, email=email
    )
    emails.barrier_reported(report, language=language)
    return report


@transaction.atomic
def mark_barrier_answered(actor, report) -> BarrierReport:
    report.answered_at = timezone.now()
    report.save(update_fields=["answered_at"])
    record(report.organisation, actor, Action.BARRIER_ANSWERED, report.page_url or report.pk)
    return report
