from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "mitwirken.events"
    label = "events"

    def ready(self):
        from datetime import timedelta

        from django.utils.translation import gettext_lazy as _

        from mitwirken.core.demo import register_demo
        from mitwirken.core.jobs import register_periodic_job
        from mitwirken.core.mail import register_mail
        from mitwirken.core.navigation import register_staff_link
        from mitwirken.core.portal_sections import START, register_section
        from mitwirken.core.visibility import register_visibility

        from . import (
            demo,
            emails,
            personal_data,  # noqa: F401  registers export and erasure of registrations
            queries,
        )
        from .models import Event

        register_staff_link("events:staff_list", _("Events"), "events.manage_registrations", 10)
        register_section("events.next_events", _next_events_section, order=10)
        register_periodic_job(
            "purge_registrations",
            _("Privacy purge of event registrations"),
            every=timedelta(minutes=15),
        )
        register_periodic_job(
            "expire_offers", _("Handing on expired seat offers"), every=timedelta(minutes=15)
        )
        register_section("events.next_events", _start_page_section, order=10, where=START)
        register_mail("events.registration", emails.build_for)
        register_demo("events", demo.load, order=20)
        register_visibility(Event, queries.visible_to)
        self._render_lists_anew_after_changes()

    def _render_lists_anew_after_changes(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from mitwirken.organisations.models import Organisation

        from .models import Event
        from .queries import event_lists_changed

        def changed(**kwargs):
            event_lists_changed()

        for model in (Event, Organisation):
            post_save.connect(changed, sender=model, weak=False)
            post_delete.connect(changed, sender=model, weak=False)
        m2m_changed.connect(changed, sender=Event.tags.through, weak=False)


def _next_events_section(request, organisation):
    """The organisation's home page shows its next events (or says that none is planned)."""
    from .queries import next_events

    return "events/includes/organisation_section.html", {
        "events": next_events(NEXT_EVENTS_ON_HOME_PAGE, organisation)
    }


def _start_page_section(request, organisation):
    """The portal's start page shows the next events of all organisations, if there are any."""
    from .queries import next_events

    events = next_events(NEXT_EVENTS_ON_START_PAGE)
    return ("events/includes/start_section.html", {"events": events}) if events else None


NEXT_EVENTS_ON_HOME_PAGE = 5
NEXT_EVENTS_ON_START_PAGE = 6
