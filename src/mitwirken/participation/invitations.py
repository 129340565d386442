"""Use-cases of restricted access: invite people by e-mail (a personal link, no account
needed), revoke an invitation, make access codes for letters, revoke a code. Each in the audit
log; a mail is queued with IDs in the transaction that made the invitation."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mitwirken.core.mail import queue_mail, render_mail
from mitwirken.organisations.models import register_audit_action
from mitwirken.organisations.services import record

from .models import AccessCode, Invitation

PEOPLE_INVITED = register_audit_action("project_people_invited", gettext_lazy("People invited"))
INVITATION_REVOKED = register_audit_action(
    "project_invitation_revoked", gettext_lazy("Invitation revoked")
)
CODES_CREATED = register_audit_action("project_codes_created", gettext_lazy("Access codes made"))
CODE_REVOKED = register_audit_action("project_code_revoked", gettext_lazy("Access code revoked"))

MAX_CODES_AT_ONCE = 5000


@transaction.atomic
def invite(actor, project, emails) -> tuple[list[Invitation], list[str]]:
    """Invite these addresses (each once per project; again invited ones are skipped) and
    mail each their personal link. Returns (the new invitations, the addresses skipped)."""
    made, skipped = [], []
    known = {
        e.lower()
        for e in Invitation.objects.filter(project=project).values_list("email", flat=True)
    }
    for email in emails:
        address = email.strip()
        if address.lower() in known:
            skipped.append(address)
            continue
        known.add(address.lower())
        invitation = Invitation.objects.create(project=project, email=address)
        queue_mail(
            "participation.invitation",
            organisation_id=project.organisation_id,
            invitation_id=invitation.pk,
        )
        made.append(invitation)
    if made:
        record(
            project.organisation,
            actor,
            PEOPLE_INVITED,
            project.title,
            {str(_("Invitations")): ["", str(len(made))]},
        )
    return made, skipped


@transaction.atomic
def revoke_invitation(actor, invitation) -> None:
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        record(invitation.project.organisation, actor, INVITATION_REVOKED, invitation.email)


def make_codes(actor, project, count, batch="") -> list[AccessCode]:
    """``count`` new personal access codes (e.g. one per letter of a random sample)."""
    if not 1 <= count <= MAX_CODES_AT_ONCE:
        raise ValueError(f"between 1 and {MAX_CODES_AT_ONCE} codes at once")
    for _attempt in range(3):  # a random code that exists already: make them again
        try:
            with transaction.atomic():
                codes = AccessCode.objects.bulk_create(
                    [AccessCode(project=project, batch=batch) for _i in range(count)]
                )
                record(
                    project.organisation,
                    actor,
                    CODES_CREATED,
                    project.title,
                    {str(_("Access codes")): [batch, str(count)]},
                )
                return codes
        except IntegrityError:
            continue
    raise RuntimeError("could not make unique access codes")


@transaction.atomic
def revoke_code(actor, code) -> None:
    if code.revoked_at is None:
        code.revoked_at = timezone.now()
        code.save(update_fields=["revoked_at"])
        record(code.project.organisation, actor, CODE_REVOKED, code.display)


def build_invitation_mail(*, invitation_id):
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    invitation = (
        Invitation.objects.select_related("project__organisation")
        .filter(pk=invitation_id, revoked_at__isnull=True)
        .first()
    )
    if invitation is None:
        return None  # revoked since
    project = invitation.project
    existing = get_user_model().objects.filter(email__iexact=invitation.email).first()
    url = settings.SITE_URL + reverse(
        "participation:invitation", kwargs={"token": invitation.token}
    )
    return render_mail(
        "participation/email/invitation",
        invitation.email,
        {
            "project_title": project.title,
            "organisation_name": project.organisation.name,
            "teaser": project.teaser,
            "url": url,
        },
        language=existing.language if existing else None,
        organisation_name=project.organisation.name,
    )
