from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "mitwirken.organisations"
    label = "organisations"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from django.utils.translation import gettext_lazy as _

        from mitwirken.core.demo import register_demo
        from mitwirken.core.navigation import register_staff_link

        from . import (
            demo,
            emails,
            personal_data,  # noqa: F401  registers export and erasure of staff data
        )
        from .models import Organisation
        from .queries import forget_organisation

        def changed(instance, **kwargs):
            forget_organisation(instance)

        emails.register()
        register_demo("organisations", demo.load, order=10)
        post_save.connect(changed, sender=Organisation, weak=False)
        post_delete.connect(changed, sender=Organisation, weak=False)

        register_staff_link(
            "organisations:staff_home", _("Overview"), "organisations.view_staff_area", 0
        )
        register_staff_link(
            "organisations:edit_profile", _("Profile"), "organisations.change_organisation", 60
        )
        register_staff_link(
            "organisations:edit_legal_pages",
            _("Legal pages"),
            "organisations.change_legal_pages",
            70,
        )
        register_staff_link(
            "organisations:staff_list", _("Staff"), "organisations.manage_staff", 80
        )
        register_staff_link(
            "organisations:audit_log", _("Audit log"), "organisations.view_audit_log", 90
        )
        register_staff_link(
            "organisations:barrier_reports",
            _("Barrier reports"),
            "organisations.manage_barrier_reports",
            95,
        )
