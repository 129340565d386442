from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mitwirken.core"
    label = "core"

    def ready(self):
        from datetime import timedelta

        from django.urls import register_converter
        from django.utils.translation import gettext_lazy as _

        from .converters import CONVERTERS

        for name, converter in CONVERTERS.items():
            register_converter(converter, name)
        from . import personal_data_tasks  # noqa: F401  queued e-mails hold addresses
        from .jobs import register_periodic_job

        register_periodic_job(
            "prune_sent_mails", _("Pruning the records of sent mails"), every=timedelta(days=1)
        )
