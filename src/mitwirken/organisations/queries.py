from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q
from django_scopes import scope

from .models import (
    AuditLogEntry,
    BarrierReport,
    Invitation,
    KnownBarrier,
    Organisation,
    StaffRole,
)

ORGANISATION_CACHE_SECONDS = 60


def organisation_by_slug(slug: str) -> Organisation | None:
    """The organisation of a URL, from the cache: every page of an organisation needs it.
    Saving or deleting an organisation drops the cached copy (``forget_organisation``)."""
    key = _organisation_key(slug)
    organisation = cache.get(key)
    if organisation is None:
        try:
            organisation = Organisation.objects.get(slug=slug)
        except Organisation.DoesNotExist:
            return None
        cache.set(key, organisation, ORGANISATION_CACHE_SECONDS)
    return organisation


def forget_organisation(organisation) -> None:
    """Drop the cached copy now and again after the commit, so that no request caches the
    state from before the commit."""
    key = _organisation_key(organisation.slug)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def _organisation_key(slug: str) -> str:
    return f"organisations:by-slug:{slug}"


def platform_operator() -> Organisation | None:
    return Organisation.objects.filter(is_platform_operator=True).first()


def platform_operator_for_footer() -> Organisation | None:
    """Only what the footer of every portal page shows (name and links to the legal pages),
    and whom the account pages name as contact."""
    return (
        Organisation.objects.filter(is_platform_operator=True)
        .only("name", "slug", "is_platform_operator", "contact_email", "imprint_email")
        .first()
    )


def listed_organisations():
    return Organisation.objects.listed().only(
        "name", "slug", "is_platform_operator", "teaser", "logo", "logo_alt", "city"
    )


def staff_of(organisation):
    return (
        StaffRole.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("role", "user__display_name")
    )


def open_invitations(organisation):
    from django.utils import timezone

    return Invitation.objects.filter(
        organisation=organisation, accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("invited_by")


def known_barriers(organisation) -> list:
    """The known barriers of the accessibility statement, read in the organisation's scope
    (the portal's statement is the platform operator's)."""
    with scope(organisation=organisation):
        return list(KnownBarrier.objects.filter(organisation=organisation))


def audit_log(organisation):
    return AuditLogEntry.objects.filter(organisation=organisation).select_related("actor")


def barrier_reports(organisation):
    return BarrierReport.objects.filter(organisation=organisation)


def staff_dashboard_counts(organisation) -> dict:
    return Organisation.objects.filter(pk=organisation.pk).aggregate(
        staff=Count("staff_roles", distinct=True),
        open_reports=Count(
            "barrier_reports", filter=Q(barrier_reports__answered_at__isnull=True), distinct=True
        ),
    )
