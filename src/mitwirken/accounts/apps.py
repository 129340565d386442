from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class AccountsConfig(AppConfig):
    name = "mitwirken.accounts"
    label = "accounts"

    def ready(self):
        from .services import forget_privacy_notice

        # A lazy reference: accounts does not import the organisations app.
        for signal in (post_save, post_delete):
            signal.connect(
                forget_privacy_notice,
                sender="organisations.Organisation",
                dispatch_uid=f"accounts-privacy-notice-{signal is post_save}",
            )
