"""Calendar files (RFC 5545). Join data goes only into the file of a confirmed participant."""

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .queries import version_key


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//mitwirken//Veranstaltungen//DE")
    calendar.add("version", "2.0")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _entry(event, *, with_join_data: bool) -> CalendarEvent:
    entry = CalendarEvent()
    host = settings.SITE_URL.split("//")[-1].split("/")[0]
    entry.add("uid", f"event-{event.pk}@{host}")
    # Without METHOD, DTSTAMP means the last revision (RFC 5545, 3.8.7.2).
    entry.add("dtstamp", event.updated_at or timezone.now())
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    entry.add("summary", event.title)
    entry.add("url", settings.SITE_URL + event.get_absolute_url())
    lines = [event.teaser] if event.teaser else []
    if event.status == event.Status.CANCELLED:
        entry.add("status", "CANCELLED")
    location = event.venue_address
    if event.is_online and with_join_data and event.join_url:
        lines.append(f"{event.online_provider or 'Online'}: {event.join_url}")
        if event.access_code:
            lines.append(f"Zugangscode / access code: {event.access_code}")
        if event.dial_in:
            lines.append(f"Einwahl / dial-in: {event.dial_in}")
        location = location or event.join_url
    elif event.is_online:
        location = location or (event.online_provider or "Online")
    if location:
        entry.add("location", location)
    lines.append(settings.SITE_URL + event.get_absolute_url())
    entry.add("description", "\n".join(lines))
    entry.add(
        "organizer",
        f"mailto:{event.contact_email or 'noreply@mitwirken.localhost'}",
        parameters={"CN": event.organisation.name},
    )
    return entry


ICS_CACHE_SECONDS = 600


def event_ics(event, *, with_join_data: bool = False) -> str:
    """The .ics of one event; the same for every download and confirmation mail of a saved
    version of the event and its organisation (the organiser's name), so it is built once
    per version and kept in the cache under a key that names that version."""

    def build():
        calendar = _calendar()
        calendar.add_component(_entry(event, with_join_data=with_join_data))
        return calendar.to_ical().decode()

    if event.updated_at is None:  # not saved
        return build()
    key = f"events:ics:{version_key(event)}:{int(with_join_data)}"
    return cache.get_or_set(key, build, ICS_CACHE_SECONDS)


def feed_ics(events, name: str) -> str:
    calendar = _calendar()
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(_entry(event, with_join_data=False))
    return calendar.to_ical().decode()
