from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    """Participation processes with citizens: projects, their concept and phases, and the
    modules in which people contribute (survey, idea collection)."""

    name = "mitwirken.participation"
    label = "participation"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from mitwirken.core.navigation import register_staff_link
        from mitwirken.core.visibility import register_visibility

        from . import administration, ideas_setup, queries, rules  # noqa: F401  audit, permissions
        from .models import Project

        register_staff_link(
            "participation:staff_list", _("Participation"), "participation.view_staff_area", 40
        )
        register_visibility(Project, queries.visible_to)
        ideas_setup.ready()
