from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "mitwirken.networks"
    label = "networks"

    def ready(self):
        from mitwirken.core.mail import register_mail

        from . import (
            discussion_emails,
            discussion_personal_data,  # noqa: F401  registers export and erasure of posts
        )

        register_mail("networks.mentioned", discussion_emails.build_mentioned)
