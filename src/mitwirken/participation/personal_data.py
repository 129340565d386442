"""What participation stores about a person beyond their contributions (registered as
"participation"): invitations to their addresses and their wishes to be told about a
project's Rückmeldung. (The modules register their own: ideas, survey answers.)"""

from allauth.account.models import EmailAddress
from django.db.models import Q
from django_scopes import scopes_disabled

from mitwirken.core import personal_data

from .models import FeedbackSubscription, Invitation


def _addresses(user) -> list[str]:
    return sorted(
        {user.email.lower()}
        | {
            address.lower()
            for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
        }
    )


def _at_addresses(user) -> Q:
    same = Q()
    for address in _addresses(user):
        same |= Q(email__iexact=address)
    return same


def export(user) -> dict:
    with scopes_disabled():
        invitations = Invitation.objects.filter(_at_addresses(user)).select_related("project")
        subscriptions = FeedbackSubscription.objects.filter(
            Q(user=user) | _at_addresses(user)
        ).select_related("project")
        return {
            "invitations": [
                {
                    "project": invitation.project.title,
                    "email": invitation.email,
                    "invited_at": invitation.created_at.isoformat(),
                    "revoked": invitation.revoked_at is not None,
                }
                for invitation in invitations
            ],
            "told_about_feedback": [
                {
                    "project": subscription.project.title,
                    "email": subscription.email,
                    "told": subscription.notified,
                }
                for subscription in subscriptions
            ],
        }


def erase(user) -> None:
    """The wishes to be told go; invitations to the person's addresses go too (their links
    stop working; what was contributed through them stays, linked to no one)."""
    with scopes_disabled():
        FeedbackSubscription.objects.filter(Q(user=user) | _at_addresses(user)).delete()
        Invitation.objects.filter(_at_addresses(user)).delete()


personal_data.register("participation", export=export, erase=erase)
