from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from mitwirken.core import personal_data

PRIVACY_NOTICE_KEY = "accounts:privacy-notice"


def current_privacy_notice() -> dict:
    """Version (as stored with an acceptance) and date of the privacy notice a person
    accepts: the platform operator's. Read on every page a signed-in person opens
    (``PrivacyAcceptanceMiddleware``), so cached; saving an organisation drops the cached
    copy (``forget_privacy_notice``)."""
    notice = cache.get(PRIVACY_NOTICE_KEY)
    if notice is None:
        from django.apps import apps

        organisation_model = apps.get_model("organisations", "Organisation")
        operator = (
            organisation_model.objects.filter(is_platform_operator=True)
            .only("slug", "privacy_version", "privacy_updated_at")
            .first()
        )
        if operator is None:
            notice = {"version": "unversioned", "updated_at": None}
        else:
            notice = {
                "version": f"{operator.slug}/v{operator.privacy_version} "
                f"({operator.privacy_updated_at:%Y-%m-%d})",
                "updated_at": operator.privacy_updated_at,
            }
        cache.set(PRIVACY_NOTICE_KEY, notice, 300)
    return notice


def current_privacy_version() -> str:
    """Which privacy notice a person accepts: the platform operator's, by version and date."""
    return current_privacy_notice()["version"]


def forget_privacy_notice(**kwargs) -> None:
    """An organisation was saved (it may be the operator with a new privacy notice)."""
    cache.delete(PRIVACY_NOTICE_KEY)
    transaction.on_commit(lambda: cache.delete(PRIVACY_NOTICE_KEY))


def must_accept_privacy_notice(user) -> bool:
    """Whether a signed-in person accepted an older version of the privacy notice than the
    current one and must be asked again. Accounts that never went through the sign-up (made
    by an operator on the command line) have accepted nothing and are not asked."""
    accepted = user.privacy_accepted_version
    if not accepted:
        return False
    current = current_privacy_version()
    return current != "unversioned" and accepted != current


def accept_privacy_notice(user) -> None:
    """The person accepts the current privacy notice: stored as at the sign-up."""
    user.privacy_accepted_version = current_privacy_version()
    user.privacy_accepted_at = timezone.now()
    user.save(update_fields=["privacy_accepted_version", "privacy_accepted_at"])


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
