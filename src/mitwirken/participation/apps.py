from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    """Participation processes with citizens: projects, their concept and phases, and the
    modules in which people contribute (survey, idea collection)."""

    name = "mitwirken.participation"
    label = "participation"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from mitwirken.core.demo import register_demo
        from mitwirken.core.mail import register_mail
        from mitwirken.core.navigation import register_staff_link
        from mitwirken.core.portal_sections import START, register_section
        from mitwirken.core.visibility import register_visibility

        from . import (  # noqa: F401  audit actions, permissions, personal data
            administration,
            demo,
            feedback,
            ideas_setup,
            invitations,
            personal_data,
            queries,
            rules,
        )
        from .models import Project

        register_staff_link(
            "participation:staff_list", _("Participation"), "participation.view_staff_area", 40
        )
        register_visibility(Project, queries.visible_to)
        register_demo("participation", demo.load, order=40)
        register_section("participation.projects", _organisation_section, order=25)
        register_section("participation.projects", _start_page_section, order=25, where=START)
        register_mail("participation.invitation", invitations.build_invitation_mail)
        ideas_setup.ready()
        register_mail(
            "participation.feedback_published",
            feedback.build_feedback_mail,
            sent=feedback.feedback_mail_sent,
        )
        _surveys()


PROJECTS_ON_HOME_PAGE = 4
PROJECTS_ON_START_PAGE = 6


def _organisation_section(request, organisation):
    """The organisation's home page shows its running projects, if it has any."""
    from .queries import next_projects

    projects = next_projects(PROJECTS_ON_HOME_PAGE, organisation)
    if not projects:
        return None
    return "participation/includes/start_section.html", {"projects": projects}


def _start_page_section(request, organisation):
    """The portal's start page shows running projects of all organisations."""
    from .queries import next_projects

    projects = next_projects(PROJECTS_ON_START_PAGE)
    return (
        ("participation/includes/start_section.html", {"projects": projects}) if projects else None
    )


def _surveys():
    """The survey module: its kind, the purge of expired drafts."""
    from datetime import timedelta

    from django.utils.translation import gettext_lazy as _

    from mitwirken.core.jobs import register_periodic_job

    from .demo import register_module_demo
    from .mine import register_contributions
    from .models import Module
    from .modules import register_module_kind
    from .surveys import demo as survey_demo
    from .surveys import personal_data as survey_personal_data
    from .surveys import services as survey_services
    from .surveys import statistics as survey_statistics
    from .surveys import views as survey_views

    register_module_kind(
        Module.Kind.SURVEY,
        page=survey_views.module_page,
        summary=survey_views.module_summary,
        created=survey_services.module_created,
        statistics=survey_statistics.statistics,
    )
    register_module_demo(Module.Kind.SURVEY, survey_demo.fill)
    register_contributions(survey_personal_data.contributions_of)
    register_periodic_job(
        "purge_survey_drafts",
        _("Deletion of expired survey drafts"),
        every=timedelta(days=1),
    )
