import re

from allauth.account.models import EmailAddress
from django.db.models import Q
from django_scopes import scopes_disabled

from mitwirken.core import personal_data

from .models import AuditLogEntry, BarrierReport, Invitation, StaffRole


def export(user) -> dict:
    with scopes_disabled():
        return {
            "staff_roles": [
                {
                    "organisation": m.organisation.name,
                    "role": m.get_role_display(),
                    "since": m.created_at.isoformat(),
                }
                for m in StaffRole.objects.filter(user=user).select_related("organisation")
            ],
            "barrier_reports": [
                {
                    "organisation": r.organisation.name,
                    "page": r.page_url,
                    "message": r.message,
                    "created_at": r.created_at.isoformat(),
                }
                for r in BarrierReport.objects.filter(email__iexact=user.email).select_related(
                    "organisation"
                )
            ],
        }


PERSON_ACTIONS = [
    AuditLogEntry.Action.INVITATION_ACCEPTED,
    AuditLogEntry.Action.ROLE_CHANGED,
    AuditLogEntry.Action.ROLE_REMOVED,
]


def erase(user) -> None:
    """Staff roles go with the account; the address disappears from invitations, barrier
    reports and the audit log (which keeps that something happened, not to whom)."""
    email = user.email
    # Every address of the account: an invitation may have been accepted with another one.
    addresses = {email.lower()} | {
        address.lower()
        for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    with scopes_disabled():
        StaffRole.objects.filter(user=user).delete()
        Invitation.objects.filter(email__iexact=email).delete()
        Invitation.objects.filter(Q(accepted_by=user) | Q(email__in=addresses)).delete()
        for entry in AuditLogEntry.objects.filter(
            actor=user, action=AuditLogEntry.Action.INVITATION_ACCEPTED
        ):
            entry.changes = {
                label: ["[gelöscht]" if str(v).lower() in addresses else v for v in values]
                for label, values in entry.changes.items()
            }
            entry.save(update_fields=["changes"])
        BarrierReport.objects.filter(email__iexact=email).update(email="", name="")
        for entry in AuditLogEntry.objects.filter(subject__icontains=email):
            entry.subject = re.sub(re.escape(email), "[gelöscht]", entry.subject, flags=re.I)
            entry.save(update_fields=["subject"])
        AuditLogEntry.objects.filter(actor=user).update(actor_name="[gelöscht]")
        # Entries about the person name them (their public name then) as the subject.
        names = {name for name in (user.display_name, user.real_name) if name}
        AuditLogEntry.objects.filter(action__in=PERSON_ACTIONS, subject__in=names).update(
            subject="[gelöscht]"
        )


def erasure_blockers(user) -> list[str]:
    """An organisation must keep an administrator: its last one hands the role on first."""
    from django.db.models import Count
    from django.utils.translation import gettext as _

    from .models import Role

    with scopes_disabled():
        last_admin_of = (
            StaffRole.objects.filter(user=user, role=Role.ADMIN)
            .annotate(
                admins=Count(
                    "organisation__staff_roles",
                    filter=Q(organisation__staff_roles__role=Role.ADMIN),
                )
            )
            .filter(admins=1)
            .select_related("organisation")
        )
        return [
            _(
                "You are the last administrator of %(organisation)s. Make another person an "
                "administrator there first (Team page)."
            )
            % {"organisation": staff_role.organisation.name}
            for staff_role in last_admin_of
        ]


personal_data.register(
    "organisations", export=export, erase=erase, erasure_blockers=erasure_blockers
)
