"""Mail tasks hold IDs only. Mails rendered before they were queued (allauth's) wait in
``OutgoingMail`` with the recipient's address until they are sent; those go with the account."""

from django.db.models import Q

from . import personal_data


def _waiting_mails(user):
    from allauth.account.models import EmailAddress

    from .models import OutgoingMail

    addresses = {user.email.lower()} | {
        address.lower()
        for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    matches = Q()
    for address in addresses:
        matches |= Q(to__iexact=address)
    return OutgoingMail.objects.filter(matches)


def export(user) -> dict:
    return {"emails_waiting_to_be_sent": _waiting_mails(user).count()}


def erase(user) -> None:
    _waiting_mails(user).delete()


personal_data.register("mails", export=export, erase=erase)
