from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "mitwirken.networks"
    label = "networks"

    def ready(self):
        from . import personal_data  # noqa: F401  registers export and erasure of memberships
        from .membership import audit, emails, permissions  # noqa: F401  (audit, permissions)

        emails.register()
