from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "mitwirken.networks"
    label = "networks"

    def ready(self):
        from .profiles import personal_data  # noqa: F401  registers export and erasure
