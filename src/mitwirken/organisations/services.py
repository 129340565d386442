"""Write use-cases of organisations: one transaction each, e-mails sent after commit, every
staff action written to the audit log."""

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from mitwirken.core import uploads
from mitwirken.core.changes import changes_between, save_rows, shorten, snapshot

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


CREATED_FIELDS = frozenset({"name", "slug", "teaser", "contact_email"})
# What staff set on the profile (the fields of the staff form, in its order).
PROFILE_FIELDS = (
    "name",
    "teaser",
    "description",
    "logo",
    "logo_alt",
    "contact_email",
    "contact_phone",
    "website",
    "registration_retention_days",
)
# What staff set on the legal pages (the fields of the staff form, in its order).
LEGAL_FIELDS = (
    # Impressum
    "legal_name",
    "street",
    "postal_code",
    "city",
    "representative",
    "imprint_email",
    "imprint_phone",
    "supervisory_authority",
    "editorial_responsible",
    "vat_id",
    # Datenschutzerklärung
    "privacy_text",
    "data_protection_officer",
    # Erklärung zur Barrierefreiheit
    "accessibility_status",
    "accessibility_method",
    "accessibility_assessed_on",
    "accessibility_statement_date",
    "accessibility_contact",
    "arbitration_body_name",
    "arbitration_body_url",
)
BARRIER_FIELDS = ("part", "reason", "alternative")


def _check_fields(fields, allowed) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Not a field of this use-case: {', '.join(sorted(unknown))}")


def _locked(organisation) -> Organisation:
    """The organisation as stored, its row locked: what a change is compared with."""
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


def _apply(organisation, fields) -> dict:
    """Set ``fields`` on the stored organisation and save it; what changed, for the log."""
    before = snapshot(organisation)
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.save()
    return changes_between(before, organisation, [n for n in fields if n != "privacy_text"])


@transaction.atomic
def create_organisation(actor, *, admin_email, **fields) -> Organisation:
    """A new organisation (``CREATED_FIELDS``); its first administrator is invited."""
    _check_fields(fields, CREATED_FIELDS)
    organisation = Organisation.objects.create(**fields)
    with scope(organisation=organisation):
        record(organisation, actor, Action.ORG_CREATED, organisation.name)
        invite(actor, organisation, admin_email, Role.ADMIN)
    return organisation


@transaction.atomic
def update_profile(actor, organisation, *, remove_logo=False, **fields) -> Organisation:
    """Change the fields given of the profile (``PROFILE_FIELDS``). ``logo``: a new image
    checked by ``core.uploads.check`` (None: keep the one there); ``remove_logo`` removes it."""
    _check_fields(fields, PROFILE_FIELDS)
    if not fields.get("logo"):
        fields.pop("logo", None)
        if remove_logo:
            fields["logo"] = ""
    organisation = _locked(organisation)
    old_logo, storage = organisation.logo.name, organisation.logo.storage
    changes = _apply(organisation, fields)
    if organisation.logo.name != old_logo:  # a replaced logo must not stay public
        uploads.delete_after_commit(storage, old_logo)
    if changes:
        record(organisation, actor, Action.PROFILE_CHANGED, organisation.name, changes)
    return organisation


@transaction.atomic
def update_legal_pages(actor, organisation, *, barriers=(), **fields) -> Organisation:
    """Change the fields given of the legal pages (``LEGAL_FIELDS``) and the known barriers
    (rows of ``BARRIER_FIELDS``, see ``core.changes.save_rows``). A new privacy text gets a
    new version: people who accepted an older one can be asked again."""
    _check_fields(fields, LEGAL_FIELDS)
    organisation = _locked(organisation)
    privacy_before = organisation.privacy_text
    if "privacy_text" in fields and _privacy_differs(privacy_before, fields["privacy_text"]):
        organisation.privacy_version += 1
        organisation.privacy_updated_at = timezone.now()
    changes = _apply(organisation, fields)
    if _privacy_differs(privacy_before, organisation.privacy_text):
        label = str(capfirst(Organisation._meta.get_field("privacy_text").verbose_name))
        changes[label] = [shorten(privacy_before), shorten(organisation.privacy_text)]
    count = organisation.known_barriers.count()
    if save_rows(organisation.known_barriers, barriers, BARRIER_FIELDS)[1]:
        changes[str(_("Known barriers"))] = [str(count), str(organisation.known_barriers.count())]
    if changes:
        record(organisation, actor, Action.LEGAL_CHANGED, organisation.name, changes)
    return organisation


def _privacy_differs(before, after) -> bool:
    """Compared without white space at the ends: the form strips it, an older stored text
    may have it."""
    return (before or "").strip() != (after or "").strip()


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
