from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "mitwirken.networks"
    label = "networks"

    def ready(self):
        from datetime import timedelta

        from django.utils.translation import gettext_lazy as _

        from mitwirken.core.jobs import register_periodic_job

        from . import (
            discussion_personal_data,  # noqa: F401  registers export and erasure of posts
            notification_personal_data,  # noqa: F401  the same for notification settings
        )

        register_periodic_job(
            "send_digests", _("Daily and weekly digests of the networks"), every=timedelta(days=1)
        )
