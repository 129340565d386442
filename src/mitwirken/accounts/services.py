from django.contrib.auth import get_user_model
from django.db import transaction
from django_scopes import scopes_disabled

from mitwirken.core import personal_data


def current_privacy_version() -> str:
    """Which privacy notice a person accepts: the platform operator's, by version and date."""
    from django.apps import apps

    organisation_model = apps.get_model("organisations", "Organisation")
    with scopes_disabled():
        operator = organisation_model.objects.filter(is_platform_operator=True).first()
    if operator is None:
        return "unversioned"
    return f"{operator.slug}/v{operator.privacy_version} ({operator.privacy_updated_at:%Y-%m-%d})"


def change_language(user, language: str) -> None:
    """The language of the pages and e-mails for this person (the profile wins over the
    language switch's cookie)."""
    user.language = language
    user.save(update_fields=["language"])


def export_personal_data(user) -> dict:
    from allauth.account.models import EmailAddress

    data = {
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "real_name": user.real_name,
            "show_real_name": user.show_real_name,
            "language": user.language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "privacy_accepted_version": user.privacy_accepted_version,
            "privacy_accepted_at": (
                user.privacy_accepted_at.isoformat() if user.privacy_accepted_at else None
            ),
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user)
            ],
        }
    }
    for handler in personal_data.handlers():
        data[handler.section] = handler.export(user)
    return data


class AccountError(Exception):
    """The account cannot be changed this way; the message is shown to the person."""


@transaction.atomic
def delete_account(user) -> None:
    """Remove the person and everything that names them, at once (DSGVO Art. 17), unless
    something must happen first (``personal_data.erasure_blockers``)."""
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    blockers = personal_data.erasure_blockers(user)
    if blockers:
        raise AccountError(" ".join(blockers))
    for handler in personal_data.handlers():
        handler.erase(user)
    user.delete()
