from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "mitwirken.events"
    label = "events"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from mitwirken.core.navigation import register_staff_link

        from . import personal_data  # noqa: F401  registers export and erasure of registrations

        register_staff_link("events:staff_list", _("Events"), "events.manage_registrations", 10)
