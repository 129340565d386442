"""What networks store about a person, for "Meine Daten" and account deletion (registered as
"networks_memberships"): memberships with their history, invitations to their addresses."""

from allauth.account.models import EmailAddress
from django.db.models import Prefetch, Q
from django_scopes import scopes_disabled

from mitwirken.core import personal_data
from mitwirken.organisations.models import AuditLogEntry
from mitwirken.questionnaires.models import Answer
from mitwirken.questionnaires.services import erase_responses

from .membership import audit
from .models import Membership, MembershipStep, NetworkInvitation


def _addresses(user) -> set[str]:
    return {user.email.lower()} | {
        address.lower()
        for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }


def _answers(response) -> dict:
    if response is None:
        return {}
    return {answer.question.label: answer.text for answer in response.answers.all()}


def export(user) -> dict:
    with scopes_disabled():
        answers = Prefetch("response__answers", queryset=Answer.objects.select_related("question"))
        memberships = (
            Membership.objects.filter(user=user)
            .select_related("network__organisation")
            .prefetch_related(
                Prefetch(
                    "steps",
                    queryset=MembershipStep.objects.select_related("response").prefetch_related(
                        answers
                    ),
                )
            )
        )
        invitations = NetworkInvitation.objects.filter(
            Q(email__in=_addresses(user)) | Q(accepted_by=user)
        ).select_related("network__organisation")
        return {
            "memberships": [
                {
                    "network": m.network.name,
                    "organisation": m.network.organisation.name,
                    "status": m.get_status_display(),
                    "role": m.get_role_display(),
                    "joined_at": m.joined_at.isoformat() if m.joined_at else None,
                    "history": [
                        {
                            "step": step.get_kind_display(),
                            "at": step.at.isoformat(),
                            "by_yourself": step.actor_id == user.pk,
                            "text": step.text,
                            "answers": _answers(step.response),
                        }
                        for step in m.steps.all()
                    ],
                }
                for m in memberships
            ],
            "invitations": [
                {
                    "network": i.network.name,
                    "organisation": i.network.organisation.name,
                    "email": i.email,
                    "created_at": i.created_at.isoformat(),
                    "accepted_at": i.accepted_at.isoformat() if i.accepted_at else None,
                }
                for i in invitations
            ],
        }


def erase(user) -> None:
    """Memberships (with their history and answers) and invitations to the person's
    addresses go; steps the person took on others' memberships stay without them (the
    actor is set to null with the account); the audit log keeps what happened, not to whom."""
    with scopes_disabled():
        memberships = Membership.objects.filter(user=user)
        responses = set(memberships.exclude(response=None).values_list("response_id", flat=True))
        responses |= set(
            MembershipStep.objects.filter(membership__user=user)
            .exclude(response=None)
            .values_list("response_id", flat=True)
        )
        memberships.delete()
        erase_responses(list(responses))
        NetworkInvitation.objects.filter(
            Q(email__in=_addresses(user)) | Q(accepted_by=user)
        ).delete()
        names = {name for name in (user.display_name, user.real_name, user.public_name) if name}
        AuditLogEntry.objects.filter(action__in=audit.ABOUT_A_PERSON, subject__in=names).update(
            subject="[gelöscht]"
        )


personal_data.register("networks_memberships", export=export, erase=erase)
