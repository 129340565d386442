from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mitwirken.core"
    label = "core"

    def ready(self):
        from django.urls import register_converter

        from .converters import CONVERTERS

        for name, converter in CONVERTERS.items():
            register_converter(converter, name)
        from . import personal_data_tasks  # noqa: F401  queued e-mails hold addresses
