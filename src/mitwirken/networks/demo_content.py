"""What the demo networks hold (after ``demo.py`` made them): members with their network
profiles, an open application, meetings with notes, the expectations collected and pinboard
photos (drawn here), a members-only discussion, news, a comment under the public notes, and
seed 001's publication presented at the Fachtagung. Made directly or through use-cases that
send no mail, so that ``make run`` starts without a pile of notifications."""

import io
from datetime import datetime, time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scope
from PIL import Image, ImageDraw

from mitwirken.comments.services import post_comment
from mitwirken.core import uploads
from mitwirken.events.models import Event, Format, Mode
from mitwirken.events.tasks import schedule_reminders
from mitwirken.organisations.demo import demo_person
from mitwirken.organisations.models import Organisation

from . import meetings, results
from .discussion_models import Post, Thread
from .models import Meeting, Membership, MembershipStep, Network
from .notification_models import News
from .profiles.services import save_profile

COORDINATOR = (
    "koordination@netzwerk-partizipation.example",
    "Miriam Koordination",
    "Miriam Ostendorf",
)
MEMBER = ("mitglied@netzwerk-partizipation.example", "Jonas Mitglied", "Jonas Brückner")
MEMBERS = [  # (e-mail, display name, function, authority, municipality, key, topics)
    (*COORDINATOR, "Partizipationsbeauftragte", "Stadt Köln", "Köln", "05315000", ["Leitlinien"]),
    (*MEMBER, "Referent Bürgerbeteiligung", "Stadt Leipzig", "Leipzig", "14713000", ["Jugend"]),
    (
        "a.yilmaz@netzwerk-partizipation.example",
        "Aylin Yılmaz",
        "Aylin Yılmaz",
        "Stabsstelle Beteiligung",
        "Stadt Mannheim",
        "Mannheim",
        "08222000",
        ["Leitlinien", "Quartiere"],
    ),
    (
        "l.dvorak@netzwerk-partizipation.example",
        "Łukasz Dvořák",
        "Łukasz Dvořák",
        "Koordinator Bürgerdialog",
        "Landeshauptstadt Potsdam",
        "Potsdam",
        "12054000",
        ["Digitale Beteiligung"],
    ),
    (
        "s.hoffmann@netzwerk-partizipation.example",
        "Sabine Hoffmann",
        "Sabine Hoffmann",
        "Beteiligungsbeauftragte",
        "Stadt Freiburg im Breisgau",
        "Freiburg im Breisgau",
        "08311000",
        ["Jugend", "Klima"],
    ),
]
APPLICANT = ("bewerbung@netzwerk-partizipation.example", "Tobias Neu", "Tobias Neumann")


def _at(year, month, day, hour=10) -> datetime:
    return timezone.make_aware(datetime.combine(datetime(year, month, day).date(), time(hour)))


def _pinboard(title: str, colour: str, cards: list[str]) -> uploads.CheckedFile:
    """A photo of a pinboard with cards, drawn for the demo (a JPEG, checked like every
    upload: re-encoded, EXIF gone)."""
    image = Image.new("RGB", (1200, 800), "#c8a27a")  # cork
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 1160, 120), fill="white")
    draw.text((60, 70), title, fill="black")
    for index, card in enumerate(cards):
        x, y = 60 + (index % 3) * 370, 170 + (index // 3) * 200
        draw.rectangle((x, y, x + 330, y + 160), fill=colour, outline="#555555", width=3)
        draw.text((x + 20, y + 70), card, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    upload = SimpleUploadedFile(f"{title}.jpg", buffer.getvalue(), "image/jpeg")
    return uploads.check(upload, uploads.PHOTO)


def _member(network, user, *, role=Membership.Role.MEMBER, at=None) -> Membership:
    membership, created = Membership.objects.get_or_create(
        network=network,
        user=user,
        defaults={"status": Membership.Status.MEMBER, "role": role, "joined_at": at},
    )
    if created:
        MembershipStep.objects.create(
            membership=membership,
            kind=MembershipStep.Kind.ACCEPTED,
            actor=None,
            at=at or timezone.now(),
        )
    return membership


def _meeting(network, **event_fields) -> Meeting:
    event = Event.objects.create(
        organisation=network.organisation,
        format=Format.NETWORK_MEETING,
        status=Event.Status.PUBLISHED,
        **event_fields,
    )
    return Meeting.objects.create(network=network, event=event)


def _officers(organisation) -> list:
    network = Network.objects.filter(
        organisation=organisation, name="Netzwerk kommunale Partizipationsbeauftragte"
    ).first()
    if network is None or network.memberships.exists():
        return []
    people = []
    for email, display, real, function, authority, municipality, key, topics in MEMBERS:
        user = demo_person(email, display, real)
        save_profile(
            user,
            function=function,
            authority=authority,
            municipality_name=municipality,
            municipality_key=key,
            offers="Erfahrungen mit Beteiligungsleitlinien und Bürgerhaushalten",
            seeks="Austausch zur Beteiligung von Jugendlichen",
            topics=topics,
        )
        people.append(user)
    coordinator, member, *others = people
    _member(network, coordinator, role=Membership.Role.COORDINATOR, at=_at(2013, 5, 6))
    for user in (member, *others):
        _member(network, user, at=_at(2014, 3, 1))
    applicant = demo_person(*APPLICANT)
    application = Membership.objects.create(
        network=network, user=applicant, status=Membership.Status.APPLIED
    )
    MembershipStep.objects.create(
        membership=application,
        kind=MembershipStep.Kind.APPLIED,
        actor=applicant,
        text="Ich bin seit Januar Beteiligungsbeauftragter der Stadt Kassel und würde mich "
        "gern mit Kolleginnen und Kollegen austauschen.",
    )

    cologne = _meeting(
        network,
        title="Netzwerktreffen 2014",
        teaser="Treffen des Netzwerks Bürgerbeteiligung in Köln",
        starts_at=_at(2014, 9, 26, 10),
        ends_at=_at(2014, 9, 26, 16),
        mode=Mode.IN_PERSON,
        venue_name="Bürgerzentrum Alte Feuerwache",
        venue_city="Köln",
    )
    meetings.save_notes(
        coordinator,
        cologne,
        text=(
            "Auf dem Netzwerktreffen 2014 diskutierten Vertreterinnen und Vertreter aus sieben "
            "Kommunalverwaltungen und weitere sieben Interessierte aus verschiedenen Bereichen.\n\n"
            "Zunächst ging es darum, ob es neben den bekannten Kommunen noch weitere mit "
            "Partizipationsbeauftragten gibt. Dann wurde zusammengetragen, welche Erwartungen die "
            "Anwesenden an das Netzwerk haben.\n\n"
            "Ein konkreter Vorschlag war, dass die kommunalen Partizipationsbeauftragten ein "
            "Mitglied in den Beirat und ein Mitglied in die Vorbereitungsgruppe entsenden.\n\n"
            "In den sieben vertretenen Kommunen war der am häufigsten genannte Schritt zur "
            "strukturellen Verankerung von Beteiligung der Anspruch, alle Politikfelder mit "
            "Beteiligung zu gestalten – noch vor Leitlinien, Stabsstelle und Fortbildung."
        ),
        participant_count=14,
        expectations=[
            "ein Austausch zu den Leitlinien",
            "gegenseitige Impulse",
            "ein Input, der von den kommunalen Partizipationsbeauftragten kommen könnte",
            "Expertise in Umsetzbarkeit und Umsetzung von Projekten",
        ],
        results=["Je ein Mitglied in den Beirat und in die Vorbereitungsgruppe entsenden"],
    )
    meetings.add_photos(
        coordinator,
        cologne,
        [
            {
                "image": _pinboard(
                    "Erwartungen an das Netzwerk",
                    "#fff59d",
                    ["Austausch Leitlinien", "Gegenseitige Impulse", "Umsetzung von Projekten"],
                ),
                "alt_text": "Stellwand „Erwartungen an das Netzwerk“ mit drei gelben Karten: "
                "Austausch zu den Leitlinien, gegenseitige Impulse, Umsetzung von Projekten",
                "caption": "Stellwand aus der Gruppenarbeit",
            },
            {
                "image": _pinboard(
                    "Verankerung von Beteiligung",
                    "#a5d6a7",
                    ["Alle Politikfelder", "Leitlinien", "Stabsstelle", "Fortbildung"],
                ),
                "alt_text": "Stellwand „Verankerung von Beteiligung“ mit vier grünen Karten: "
                "alle Politikfelder, Leitlinien, Stabsstelle, Fortbildung",
                "caption": "Schritte zur strukturellen Verankerung",
            },
        ],
    )
    post_comment(
        member,
        cologne.notes,
        text="Danke für den Bericht! Die Stellwand zur Verankerung nehmen wir mit nach Leipzig.",
    )
    upcoming = _meeting(
        network,
        title="Netzwerktreffen 2027 (online)",
        teaser="Jahrestreffen der kommunalen Partizipationsbeauftragten",
        starts_at=timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
        + timezone.timedelta(days=45),
        ends_at=timezone.now().replace(hour=13, minute=0, second=0, microsecond=0)
        + timezone.timedelta(days=45),
        mode=Mode.ONLINE,
        online_provider="BigBlueButton",
        join_url="https://bbb.example.org/netzwerktreffen",
        capacity=40,
        eligibility="network_members",
    )
    schedule_reminders(upcoming.event)

    threads = [
        (
            coordinator,
            "Leitlinien für Bürgerbeteiligung: Wer hat aktuelle Erfahrungen?",
            [
                (
                    coordinator,
                    "Wir überarbeiten gerade unsere Leitlinien aus dem Jahr 2015. Welche "
                    "Kommunen haben ihre Leitlinien in den letzten Jahren evaluiert?",
                ),
                (
                    others[0],
                    "Mannheim hat 2024 evaluiert, gern teile ich den Bericht. @Miriam Ostendorf",
                ),
                (member, "In Leipzig steht die Evaluation 2026 an – ich lese mit."),
            ],
        ),
        (
            member,
            "Jugendbeteiligung im Haushalt",
            [
                (member, "Hat jemand Erfahrung mit einem Jugendbudget im kommunalen Haushalt?"),
                (
                    others[2],
                    "Freiburg hat seit drei Jahren ein Jugendbudget. Die Jugendlichen "
                    "entscheiden über 50.000 Euro im Jahr.",
                ),
            ],
        ),
        (
            others[1],
            "Online-Beteiligung und Barrierefreiheit",
            [
                (
                    others[1],
                    "Welche Werkzeuge nutzt ihr für Online-Umfragen, die BITV 2.0 erfüllen?",
                ),
            ],
        ),
    ]
    for author, title, posts in threads:
        thread = Thread.objects.create(network=network, title=title, author=author)
        for writer, text in posts:
            post = Post.objects.create(thread=thread, author=writer, text=text)
        thread.last_post_at = post.created_at
        thread.save(update_fields=["last_post_at"])
    News.objects.create(
        network=network,
        title="Bericht vom Netzwerktreffen 2014 in Köln",
        text="Das Protokoll des Treffens mit den Fotos der Stellwände ist online.",
        audience=News.Audience.PUBLIC,
        author=coordinator,
    )
    News.objects.create(
        network=network,
        title="Einladung zum Netzwerktreffen 2027",
        text="Das Jahrestreffen findet online statt. Bitte meldet euch über die Veranstaltung an.",
        audience=News.Audience.MEMBERS,
        author=coordinator,
    )
    return [
        (f"Koordination – {network.name}", COORDINATOR[0]),
        (f"Mitglied – {network.name}", MEMBER[0]),
        (f"Bewerbung offen – {network.name}", APPLICANT[0]),
    ]


def _dialogue(organisation) -> None:
    network = Network.objects.filter(
        organisation=organisation, name="Innovationsdialog Bürgerbeteiligung"
    ).first()
    if network is None or network.meetings.exists():
        return
    dates = [
        (2012, 3, 28),
        (2012, 6, 20),
        (2012, 10, 17),
        (2013, 2, 27),
        (2013, 6, 12),
        (2013, 9, 25),
    ]
    for number, (year, month, day) in enumerate(dates, 1):
        _meeting(
            network,
            title=f"Innovationsdialog Bürgerbeteiligung: {number}. Treffen",
            starts_at=_at(year, month, day, 10),
            ends_at=_at(year, month, day, 16),
            mode=Mode.IN_PERSON,
            venue_city="Berlin",
        )
    conference = Event.objects.create(
        organisation=organisation,
        format=Format.CONFERENCE,
        status=Event.Status.PUBLISHED,
        title="Fachtagung „Behörden beteiligen Bürger – Wege zu einer neuen bürgerorientierten "
        "Beteiligungskultur“",
        teaser="Die Mitglieder des Innovationsdialogs stellen ihre Ergebnisse vor.",
        starts_at=_at(2013, 11, 28, 10),
        ends_at=_at(2013, 11, 28, 17),
        mode=Mode.IN_PERSON,
        venue_city="Berlin",
    )
    results.add_result(
        None,
        network,
        title="Behörden beteiligen Bürger. Strategien, Praxistipps und Erfolgsfaktoren für "
        "eine neue Beteiligungskultur",
        summary="Die wichtigsten Erkenntnisse und Handlungsempfehlungen des Arbeitskreises.",
        url="https://www.example.org/publikationen/behoerden-beteiligen-buerger.pdf",
        date=_at(2013, 11, 28).date(),
        event=conference,
    )


def load() -> list:
    officers = Organisation.objects.get(slug="netzwerk-partizipation")
    ministry = Organisation.objects.get(slug="ministerium-inneres")
    with scope(organisation=officers):
        logins = _officers(officers)
    with scope(organisation=ministry):
        _dialogue(ministry)
    return logins
