from django.db.models import Count, Q

from .models import AuditLogEntry, BarrierReport, Invitation, Membership, Organisation


def platform_operator() -> Organisation | None:
    return Organisation.objects.filter(is_platform_operator=True).first()


def platform_operator_for_footer() -> Organisation | None:
    """Only what the footer of every portal page shows: name and links to the legal pages."""
    return (
        Organisation.objects.filter(is_platform_operator=True)
        .only("name", "slug", "is_platform_operator")
        .first()
    )


def listed_organisations():
    return Organisation.objects.listed().only("name", "slug", "teaser", "logo", "logo_alt", "city")


def staff_of(organisation):
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("role", "user__display_name")
    )


def open_invitations(organisation):
    from django.utils import timezone

    return Invitation.objects.filter(
        organisation=organisation, accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("invited_by")


def audit_log(organisation):
    return AuditLogEntry.objects.filter(organisation=organisation).select_related("actor")


def barrier_reports(organisation):
    return BarrierReport.objects.filter(organisation=organisation)


def staff_dashboard_counts(organisation) -> dict:
    return Organisation.objects.filter(pk=organisation.pk).aggregate(
        staff=Count("memberships", distinct=True),
        open_reports=Count(
            "barrier_reports", filter=Q(barrier_reports__answered_at__isnull=True), distinct=True
        ),
    )
