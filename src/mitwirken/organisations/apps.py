from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "mitwirken.organisations"
    label = "organisations"

    def ready(self):
        from . import personal_data  # noqa: F401  registers export and erasure of staff data
