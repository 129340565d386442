"""Demo events from the seeds: the coffee lecture of seed 000 (seats taken, a waiting list),
the Difu seminar of seed 004 with its programme and working groups to choose, an online
network meeting (seed 003) and a past event with slides, photos and certificates (seed 002)."""

from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scope

from mitwirken.events.models import Event, Format, Material, Mode, Registration, Series, Tag
from mitwirken.events.services import add_question, certificate_for
from mitwirken.events.tasks import schedule_reminders
from mitwirken.organisations.models import Organisation

Status = Registration.Status


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _tags(organisation, topics=(), groups=()):
    tags = [
        Tag.objects.get_or_create(organisation=organisation, kind=Tag.Kind.TOPIC, name=n)[0]
        for n in topics
    ]
    tags += [
        Tag.objects.get_or_create(organisation=organisation, kind=Tag.Kind.TARGET_GROUP, name=n)[0]
        for n in groups
    ]
    return tags


def _people(event, statuses, prefix):
    for number, status in enumerate(statuses, start=1):
        Registration.objects.create(
            event=event,
            name=f"{prefix} {number}",
            email=f"{prefix.lower()}{number}@demo.example",
            status=status,
            privacy_version="demo",
            email_confirmed_at=timezone.now(),
            queued_at=timezone.now() + timedelta(seconds=number)
            if status == Status.WAITING
            else None,
            attended=event.ends_at < timezone.now() and status == Status.CONFIRMED,
        )


def load() -> None:
    ministry = Organisation.objects.get(slug="ministerium-inneres")
    network = Organisation.objects.get(slug="netzwerk-partizipation")
    city = Organisation.objects.get(slug="stadt-musterstadt")
    with scope(organisation=ministry):
        if not Event.objects.filter(organisation=ministry).exists():
            series = Series.objects.create(organisation=ministry, title="Coffee Lectures 2026")
            lecture = Event.objects.create(
                organisation=ministry,
                series=series,
                format=Format.COFFEE_LECTURE,
                status=Event.Status.PUBLISHED,
                title="Stadtentwicklung durch Bürgerbeteiligung Bottom-up",
                teaser="Wie Ideen von unten gute Partizipation erreichen – vor allem in der Mobilitätswende.",
                description=(
                    "Verändert man den Blickwinkel, zeigt sich, wie Ideen von unten gute, gelungene "
                    "und einflussreiche Partizipation erreichen. **Living Labs** (Reallabore) bieten "
                    "Bürgerschaft und Verwaltung die Möglichkeit, neue Mobilitätsformen zu erproben.\n\n"
                    "Für die Kommunalverwaltung bedeutet dies einen Rollenwandel hin zu einer "
                    "„helfenden Hand“ für die Bevölkerung. Die Coffee Lecture dauert 40 Minuten und "
                    "wird aufgezeichnet."
                ),
                starts_at=_at(10, 12, 30),
                ends_at=_at(10, 13, 10),
                mode=Mode.ONLINE,
                online_provider="WebEx",
                join_url="https://webex.example.org/meet/coffee-lecture",
                access_code="2468 1357",
                capacity=30,
                is_recorded=True,
                contact_name="Landesstelle Bürgerbeteiligung",
                contact_email="beteiligung@mik.musterland.example",
            )
            lecture.tags.set(
                _tags(
                    ministry,
                    ["Living Labs", "Mobilitätswende"],
                    ["Beschäftigte der Landesverwaltung", "Kommunalverwaltung"],
                )
            )
            lecture.speakers.create(
                name="Dr. Lena Brandt",
                role="Wissenschaftliche Mitarbeiterin",
                organisation_name="Institut für Stadtforschung",
                bio="Forscht zu Reallaboren und Beteiligung in der Mobilitätswende.",
            )
            _people(lecture, [Status.CONFIRMED] * 30 + [Status.WAITING] * 3, "Teilnehmende")
            schedule_reminders(lecture)

            past = Event.objects.create(
                organisation=ministry,
                series=series,
                format=Format.COFFEE_LECTURE,
                status=Event.Status.PUBLISHED,
                title="Beteiligung digital: Werkzeuge im Vergleich",
                teaser="Online-Umfragen, Ideenkarten und Live-Abfragen in der Praxis.",
                starts_at=_at(-30, 12, 30),
                ends_at=_at(-30, 13, 10),
                mode=Mode.ONLINE,
                online_provider="WebEx",
                join_url="https://webex.example.org/meet/archiv",
                capacity=30,
                is_recorded=True,
                contact_email="beteiligung@mik.musterland.example",
            )
            past.tags.set(_tags(ministry, ["Digitale Beteiligung"], ["Kommunalverwaltung"]))
            _people(past, [Status.CONFIRMED] * 12, "Archiv")
            Material.objects.create(
                event=past,
                kind=Material.Kind.SLIDES,
                title="Folien zum Vortrag",
                # Stored privately under a random name (core.uploads), offered under this one.
                file=ContentFile(b"%PDF-1.4\n% Demo-Folien\n", name="folien.pdf"),
                original_name="Folien Werkzeuge im Vergleich.pdf",
            )
            Material.objects.create(
                event=past,
                kind=Material.Kind.PHOTOS,
                title="Fotos der Pinnwand",
                visibility=Material.Visibility.REGISTERED,
                url="https://example.org/pinnwand",
            )
            Material.objects.create(
                event=past,
                kind=Material.Kind.RECORDING,
                title="Aufzeichnung",
                visibility=Material.Visibility.ATTENDED,
                url="https://example.org/aufzeichnung",
            )
            for registration in past.registrations.filter(attended=True)[:3]:
                certificate_for(registration)
    with scope(organisation=network):
        if not Event.objects.filter(organisation=network).exists():
            meeting = Event.objects.create(
                organisation=network,
                format=Format.NETWORK_MEETING,
                status=Event.Status.PUBLISHED,
                title="Digitaler Netzwerkaustausch: Strukturen für kooperative Zusammenarbeit",
                teaser="Welche Strukturen braucht die Zusammenarbeit zwischen Verwaltung und Zivilgesellschaft?",
                description="Online-Treffen des Netzwerks. Folien gibt es auf Anfrage, Fotos der Pinnwand nach dem Treffen.",
                starts_at=_at(21, 10),
                ends_at=_at(21, 12),
                mode=Mode.ONLINE,
                online_provider="Zoom",
                join_url="https://zoom.example.org/j/987654",
                capacity=50,
                contact_name="Netzwerkstelle",
                contact_email="kontakt@netzwerk-partizipation.example",
            )
            meeting.tags.set(
                _tags(network, ["Kooperation", "Zivilgesellschaft"], ["Partizipationsbeauftragte"])
            )
            _people(meeting, [Status.CONFIRMED] * 14, "Netzwerk")
            schedule_reminders(meeting)
    with scope(organisation=city):
        if not Event.objects.filter(organisation=city).exists():
            seminar = Event.objects.create(
                organisation=city,
                format=Format.SEMINAR,
                status=Event.Status.PUBLISHED,
                title="Mehr Mitverantwortung wagen: Bürgerschaftliches Engagement als Chance",
                teaser="Strategien und Maßnahmen zur Einbindung von bürgerschaftlichem Engagement.",
                description=(
                    "Im Seminar werden Strategien zur partnerschaftlichen Produktion von Leistungen "
                    "dargestellt und anhand praktischer Beispiele aus deutschen und europäischen "
                    "Verwaltungen diskutiert."
                ),
                starts_at=_at(35, 9, 30),
                ends_at=_at(35, 16),
                mode=Mode.IN_PERSON,
                venue_name="Rathaus Musterstadt, Ratssaal",
                venue_street="Rathausplatz 1",
                venue_postal_code="45127",
                venue_city="Musterstadt",
                capacity=25,
                contact_name="Leyla Demir",
                contact_email="buergerbeteiligung@musterstadt.example",
                contact_phone="+49 201 555-1230",
            )
            seminar.tags.set(
                _tags(
                    city,
                    ["Bürgerschaftliches Engagement"],
                    ["Führungskräfte", "Ratsmitglieder", "Kommunalverwaltung"],
                )
            )
            seminar.speakers.create(
                name="Prof. Dr. Jens Hartmann",
                role="Seminarleitung",
                organisation_name="Deutsches Institut für Urbanistik",
            )
            for (hour, minute), (end_hour, end_minute), title, details in [
                ((9, 30), (10, 0), "Begrüßung und Einführung", "Prof. Dr. Jens Hartmann"),
                (
                    (10, 0),
                    (11, 30),
                    "Plattformen für Information und Dialog",
                    "Beispiele aus deutschen und europäischen Verwaltungen",
                ),
                ((11, 30), (12, 30), "Leistungen gemeinsam mit Bürgern konzipieren", ""),
                ((12, 30), (13, 30), "Mittagspause", ""),
                (
                    (13, 30),
                    (15, 30),
                    "Arbeitsgruppen: Koproduktion und Mitverantwortung",
                    "Engagementförderung, Bauen und Planen, Soziales und Jugend",
                ),
                ((15, 30), (16, 0), "Ergebnisse und Ausblick", ""),
            ]:
                seminar.programme.create(
                    starts_at=_at(35, hour, minute),
                    ends_at=_at(35, end_hour, end_minute),
                    title=title,
                    details=details,
                    room="Ratssaal",
                )
            # The working groups of the afternoon, chosen at registration, each with its seats.
            add_question(
                seminar,
                kind="single_choice",
                label="Arbeitsgruppe am Nachmittag",
                required=True,
                options=[
                    ("Engagementförderung", 10),
                    ("Bauen und Planen", 10),
                    ("Soziales und Jugend", 10),
                ],
            )
            add_question(
                seminar,
                kind="short_text",
                label="Dienststelle",
                help_text="Damit wir die Arbeitsgruppen gut zusammensetzen können.",
            )
            _people(seminar, [Status.CONFIRMED] * 9, "Seminar")
            schedule_reminders(seminar)
