import re

from django_scopes import scopes_disabled

from mitwirken.core import personal_data

from .models import AuditLogEntry, BarrierReport, Invitation, Membership


def export(user) -> dict:
    with scopes_disabled():
        return {
            "staff_roles": [
                {
                    "organisation": m.organisation.name,
                    "role": m.get_role_display(),
                    "since": m.created_at.isoformat(),
                }
                for m in Membership.objects.filter(user=user).select_related("organisation")
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


def erase(user) -> None:
    """Staff roles go with the account; the address disappears from invitations, barrier
    reports and the audit log (which keeps that something happened, not to whom)."""
    email = user.email
    with scopes_disabled():
        Membership.objects.filter(user=user).delete()
        Invitation.objects.filter(email__iexact=email).delete()
        BarrierReport.objects.filter(email__iexact=email).update(email="", name="")
        for entry in AuditLogEntry.objects.filter(subject__icontains=email):
            entry.subject = re.sub(re.escape(email), "[gelöscht]", entry.subject, flags=re.I)
            entry.save(update_fields=["subject"])
        AuditLogEntry.objects.filter(actor=user).update(actor_name="[gelöscht]")


personal_data.register("organisations", export=export, erase=erase)
