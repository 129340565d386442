from datetime import timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from mitwirken.events.models import Event, Format, Mode


def make_event(organisation, **fields) -> Event:
    """A published online coffee lecture next week, unless told otherwise."""
    starts_at = fields.pop(
        "starts_at", (timezone.now() + timedelta(days=7)).replace(second=0, microsecond=0)
    )
    defaults = {
        "format": Format.COFFEE_LECTURE,
        "status": Event.Status.PUBLISHED,
        "title": "Stadtentwicklung durch Bürgerbeteiligung Bottom-up",
        "teaser": "Living Labs und Beteiligung von unten",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(minutes=40),
        "mode": Mode.ONLINE,
        "online_provider": "WebEx",
        "join_url": "https://meet.example.org/j/123456",
        "access_code": "4711",
        "capacity": 30,
        "contact_email": "beteiligung@example.org",
    }
    with scopes_disabled():
        return Event.objects.create(organisation=organisation, **{**defaults, **fields})
