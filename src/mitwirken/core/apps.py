from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mitwirken.core"
    label = "core"

    def ready(self):
        from . import personal_data_tasks  # noqa: F401  queued e-mails hold addresses
