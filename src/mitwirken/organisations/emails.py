"""The mails of organisations (invitations, barrier reports). Queued with IDs through
``core.mail.queue_mail``; built here when the task runs, in the recipient's language."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from mitwirken.core.mail import queue_mail, render_mail

from .models import BarrierReport, Invitation, Role


def invitation_url(invitation) -> str:
    return settings.SITE_URL + reverse(
        "organisations:accept_invitation", kwargs={"token": invitation.token}
    )


def invitation(invitation):
    queue_mail(
        "organisations.invitation",
        organisation_id=invitation.organisation_id,
        invitation_id=invitation.pk,
    )


def _build_invitation(*, invitation_id):
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True)
        .first()
    )
    if invitation is None:
        return None  # revoked, replaced or accepted since
    existing = get_user_model().objects.filter(email__iexact=invitation.email).first()
    organisation = invitation.organisation
    return render_mail(
        "organisations/email/invitation",
        invitation.email,
        {
            "organisation_name": organisation.name,
            "role": Role(invitation.role).label,
            "inviter": invitation.invited_by.public_name if invitation.invited_by else "",
            "url": invitation_url(invitation),
            "expires_at": invitation.expires_at,
        },
        language=existing.language if existing else None,
        organisation_name=organisation.name,
    )


def barrier_reported(report, *, language=None):
    """The reporter is told it arrived (if they gave an address), the staff are told."""
    if report.email:
        queue_mail(
            "organisations.barrier_received",
            organisation_id=report.organisation_id,
            report_id=report.pk,
            language=language,
        )
    queue_mail(
        "organisations.barrier_notify_staff",
        organisation_id=report.organisation_id,
        report_id=report.pk,
    )


def _report(report_id):
    return BarrierReport.objects.select_related("organisation").filter(pk=report_id).first()


def _context(report):
    return {
        "organisation_name": report.organisation.name,
        "report": report,
        "answer_due": report.answer_due,
    }


def _build_barrier_received(*, report_id, language):
    report = _report(report_id)
    if report is None or not report.email:
        return None
    return render_mail(
        "organisations/email/barrier_received",
        report.email,
        _context(report),
        language=language,
        organisation_name=report.organisation.name,
    )


def _build_barrier_notify_staff(*, report_id):
    report = _report(report_id)
    if report is None:
        return None
    organisation = report.organisation
    staff_address = organisation.contact_email or organisation.imprint_email
    if not staff_address:
        return None
    url = settings.SITE_URL + reverse(
        "organisations:barrier_reports", kwargs={"org": organisation.slug}
    )
    return render_mail(
        "organisations/email/barrier_notify_staff",
        staff_address,
        {**_context(report), "url": url},
        organisation_name=organisation.name,
    )


def register() -> None:
    from mitwirken.core.mail import register_mail

    register_mail("organisations.invitation", _build_invitation)
    register_mail("organisations.barrier_received", _build_barrier_received)
    register_mail("organisations.barrier_notify_staff", _build_barrier_notify_staff)
