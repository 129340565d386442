"""German demo content for `make run`: a platform operator, three organisations with complete
legal pages, staff of every role and a few participants. Loading is idempotent: what exists
(and may have been edited) is left alone."""

import io
from datetime import date

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scope
from PIL import Image, ImageDraw

from mitwirken.accounts.services import current_privacy_version

from .models import KnownBarrier, Organisation, Role, StaffRole

DEMO_PASSWORD = "mitwirken-demo"  # noqa: S105  demo only, printed by `make run`

PRIVACY_TEXT = """## Welche Daten wir verarbeiten

Wenn Sie diese Seiten nur lesen, verarbeiten wir keine personenbezogenen Daten außer den
technisch nötigen Zugriffsdaten (IP-Adresse, Zeitpunkt, aufgerufene Seite), die nach sieben
Tagen gelöscht werden.

Wenn Sie ein Konto anlegen, speichern wir Ihre E-Mail-Adresse, Ihren Anzeigenamen und – nur
wenn Sie es angeben – Ihren vollen Namen. Rechtsgrundlage ist Art. 6 Abs. 1 lit. e DSGVO in
Verbindung mit dem Landesdatenschutzgesetz.

## Ihre Rechte

Sie können unter **Mein Konto** jederzeit alle gespeicherten Daten herunterladen und Ihr Konto
löschen. Ihr Netzwerk-Profil und Ihre Mitgliedschaften in Netzwerken werden dann gelöscht. Ihre
Kommentare und Ihre Beiträge in Netzwerk-Diskussionen bleiben an ihrer Stelle stehen, ohne Ihren Namen: Sie erscheinen
als von einem „gelöschten Konto“ geschrieben. Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der
Verarbeitung und Widerspruch sowie das Recht auf Beschwerde bei der Aufsichtsbehörde für den
Datenschutz.

## Keine Dienste Dritter

Diese Seiten laden keine Inhalte von anderen Servern, setzen keine Tracking-Werkzeuge ein und
verwenden nur technisch notwendige Cookies.
"""

OPERATOR = {
    "slug": "betrieb",
    "name": "Landesbetrieb IT-Dienstleistungen Musterland",
    "teaser": "Betreiber der Beteiligungsplattform mitwirken",
    "legal_name": "Landesbetrieb IT-Dienstleistungen Musterland (LIT)",
    "street": "Rechenzentrumsallee 4",
    "postal_code": "10117",
    "city": "Musterhausen",
    "representative": "Dr. Petra Lindner, Direktorin",
    "imprint_email": "plattform@lit.musterland.example",
    "imprint_phone": "+49 30 1234560",
    "supervisory_authority": "Ministerium der Finanzen des Landes Musterland",
    "editorial_responsible": "Jonas Albrecht, Referat Digitale Beteiligung, Anschrift wie oben",
    "contact_email": "plattform@lit.musterland.example",
    "data_protection_officer": "Behördlicher Datenschutzbeauftragter des LIT, datenschutz@lit.musterland.example",
    "accessibility_contact": "Team Barrierefreiheit, barrierefrei@lit.musterland.example, +49 30 1234569",
}

ORGANISATIONS = [
    {
        "slug": "ministerium-inneres",
        "name": "Ministerium des Innern und für Kommunales Musterland",
        "teaser": "Schulungs- und Austauschangebote zur Bürgerbeteiligung für die Beschäftigten der Landes- und Kommunalverwaltung.",
        "description": (
            "Beteiligung? Ja, gerne! Aber wie macht man's richtig? Die Landesstelle für "
            "Bürgerbeteiligung im Ministerium unterstützt Landes- und Kommunalverwaltungen mit "
            "**Coffee Lectures**, Seminaren und Netzwerktreffen.\n\n"
            "- kurze Online-Vorträge zu Methoden der Partizipation\n"
            "- Beratung bei Beteiligungsverfahren\n"
            "- Austausch zwischen Kommunen"
        ),
        "legal_name": "Ministerium des Innern und für Kommunales des Landes Musterland",
        "street": "Am Landtag 1",
        "postal_code": "10115",
        "city": "Musterhausen",
        "representative": "Ministerin Dr. Anna Berger; vertreten durch Staatssekretär Martin Vogt",
        "imprint_email": "poststelle@mik.musterland.example",
        "imprint_phone": "+49 30 9876-0",
        "supervisory_authority": "Landesregierung Musterland",
        "editorial_responsible": "Sabine Krüger, Leiterin der Landesstelle Bürgerbeteiligung, Anschrift wie oben",
        "contact_email": "beteiligung@mik.musterland.example",
        "contact_phone": "+49 30 9876-412",
        "colour": (0, 62, 116),
    },
    {
        "slug": "stadt-musterstadt",
        "name": "Stadt Musterstadt",
        "teaser": "Die Stabsstelle Bürgerbeteiligung lädt Bürgerinnen und Bürger ein, die Stadtentwicklung mitzugestalten.",
        "description": (
            "Musterstadt setzt auf Beteiligung von unten: Living Labs, Ideen-Workshops und "
            "Umfragen helfen, die Mobilitätswende gemeinsam mit den Menschen in den Quartieren "
            "zu gestalten. Die Stabsstelle Bürgerbeteiligung ist Ihre Ansprechpartnerin."
        ),
        "legal_name": "Stadt Musterstadt, Der Oberbürgermeister",
        "street": "Rathausplatz 1",
        "postal_code": "45127",
        "city": "Musterstadt",
        "representative": "Oberbürgermeister Thomas Keller",
        "imprint_email": "buergerbeteiligung@musterstadt.example",
        "imprint_phone": "+49 201 555-0",
        "supervisory_authority": "Bezirksregierung Musterhausen, Kommunalaufsicht",
        "editorial_responsible": "Leyla Demir, Stabsstelle Bürgerbeteiligung, Rathausplatz 1, 45127 Musterstadt",
        "contact_email": "buergerbeteiligung@musterstadt.example",
        "contact_phone": "+49 201 555-1230",
        "colour": (164, 0, 45),
    },
    {
        "slug": "netzwerk-partizipation",
        "name": "Netzwerk kommunale Partizipationsbeauftragte",
        "teaser": "Kollegialer Austausch der Verwaltungsmitarbeiterinnen und -mitarbeiter, die Bürgerbeteiligung in ihrer Kommune voranbringen.",
        "description": (
            "Im Netzwerk haben sich seit 2013 Beschäftigte aus Kommunalverwaltungen "
            "zusammengeschlossen, deren Auftrag es ist, die Bürgerbeteiligung in ihrer Kommune "
            "strategisch zu entwickeln. Die Netzwerkstelle organisiert Online-Treffen, "
            "Fachtagungen und den Wissensaustausch."
        ),
        "legal_name": "Netzwerkstelle Bürgerbeteiligung e. V.",
        "street": "Brunnenstraße 12",
        "postal_code": "53111",
        "city": "Bonn",
        "representative": "Vorstand: Dr. Kerstin Hahn (Vorsitzende), Ali Yılmaz",
        "imprint_email": "kontakt@netzwerk-partizipation.example",
        "imprint_phone": "+49 228 444-100",
        "supervisory_authority": "Amtsgericht Bonn, Vereinsregister VR 12345",
        "editorial_responsible": "Dr. Kerstin Hahn, Brunnenstraße 12, 53111 Bonn",
        "contact_email": "kontakt@netzwerk-partizipation.example",
        "contact_phone": "+49 228 444-100",
        "colour": (0, 110, 80),
    },
]

STAFF = [
    # (e-mail, display name, real name, organisation slug, role)
    (
        "admin.ministerium@demo.mitwirken.example",
        "Sabine Krüger",
        "Sabine Krüger",
        "ministerium-inneres",
        Role.ADMIN,
    ),
    (
        "redaktion.ministerium@demo.mitwirken.example",
        "Jan Weber",
        "Jan Weber",
        "ministerium-inneres",
        Role.EDITOR,
    ),
    (
        "moderation.ministerium@demo.mitwirken.example",
        "Mira Schulz",
        "Mira Schulz",
        "ministerium-inneres",
        Role.MODERATOR,
    ),
    (
        "admin.stadt@demo.mitwirken.example",
        "Leyla Demir",
        "Leyla Demir",
        "stadt-musterstadt",
        Role.ADMIN,
    ),
    (
        "redaktion.stadt@demo.mitwirken.example",
        "Paul Neumann",
        "Paul Neumann",
        "stadt-musterstadt",
        Role.EDITOR,
    ),
    (
        "moderation.stadt@demo.mitwirken.example",
        "Ines Wolf",
        "Ines Wolf",
        "stadt-musterstadt",
        Role.MODERATOR,
    ),
    (
        "admin.netzwerk@demo.mitwirken.example",
        "Kerstin Hahn",
        "Dr. Kerstin Hahn",
        "netzwerk-partizipation",
        Role.ADMIN,
    ),
    (
        "redaktion.netzwerk@demo.mitwirken.example",
        "Ali Yılmaz",
        "Ali Yılmaz",
        "netzwerk-partizipation",
        Role.EDITOR,
    ),
    (
        "moderation.netzwerk@demo.mitwirken.example",
        "Tom Becker",
        "Tom Becker",
        "netzwerk-partizipation",
        Role.MODERATOR,
    ),
]

PARTICIPANTS = [
    ("teilnehmerin@demo.mitwirken.example", "Quartiersfreundin"),
    ("teilnehmer@demo.mitwirken.example", "Radfahrer_Nord"),
    ("verwaltung.kreis@demo.mitwirken.example", "Kreisverwaltung Süd"),
]

PLATFORM_ADMIN = ("plattform@demo.mitwirken.example", "Plattform-Team")


def _logo(initials: str, colour) -> ContentFile:
    image = Image.new("RGB", (240, 120), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle([8, 8, 231, 111], outline=(255, 255, 255), width=4)
    draw.text((30, 40), initials, fill=(255, 255, 255), font_size=40)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name=f"{initials.lower()}.png")


def _legal_defaults(data: dict) -> dict:
    return {
        "privacy_text": PRIVACY_TEXT.strip(),  # as the form stores it
        "accessibility_status": Organisation.AccessibilityStatus.PARTIAL,
        "accessibility_method": "Selbstbewertung nach BITV 2.0 mit automatischer Prüfung (axe-core) und manuellen Tests mit Screenreader",
        "accessibility_assessed_on": date(2026, 10, 15),
        "accessibility_statement_date": date(2026, 10, 20),
        "accessibility_contact": data.get(
            "accessibility_contact",
            f"{data['imprint_email']}, {data['imprint_phone']}",
        ),
    }


def demo_person(email, display_name, real_name="", **extra):
    """A demo account with the demo password and a confirmed address (made once)."""
    user_model = get_user_model()
    user = user_model.objects.filter(email=email).first()
    if user is None:
        user = user_model.objects.create_user(
            email,
            DEMO_PASSWORD,
            display_name=display_name,
            real_name=real_name,
            show_real_name=bool(real_name),
            # accepted at the sign-up, as the portal stands (else asked at the first login)
            privacy_accepted_version=current_privacy_version(),
            privacy_accepted_at=timezone.now(),
            **extra,
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def operator_fields() -> dict:
    """The platform operator, for ``portal.platform.init_platform`` (it runs first)."""
    return {**_legal_defaults(OPERATOR), **OPERATOR}


def load() -> list[tuple[str, str]]:
    """Create the organisations and people that are missing; return (role, e-mail) of every
    demo login."""
    for data in ORGANISATIONS:
        if Organisation.objects.filter(slug=data["slug"]).exists():
            continue
        fields = {k: v for k, v in data.items() if k != "colour"}
        organisation = Organisation(**{**_legal_defaults(data), **fields})
        initials = "".join(word[0] for word in data["name"].split()[:3]).upper()
        organisation.logo.save(f"{data['slug']}.png", _logo(initials, data["colour"]), save=False)
        organisation.logo_alt = f"Logo {data['name']}"
        organisation.save()
        with scope(organisation=organisation):
            KnownBarrier.objects.create(
                organisation=organisation,
                part="Ältere PDF-Dokumente im Bereich Materialien",
                reason="Die Dokumente wurden vor 2020 erstellt und sind nicht vollständig getaggt.",
                alternative=f"Auf Anfrage senden wir Ihnen die Inhalte barrierefrei zu: {data['imprint_email']}",
            )

    logins = [(str(Role.ADMIN.label) + " (Plattform)", PLATFORM_ADMIN[0])]
    demo_person(*PLATFORM_ADMIN, is_staff=True, is_superuser=True)
    for email, display_name, real_name, slug, role in STAFF:
        user = demo_person(email, display_name, real_name)
        organisation = Organisation.objects.get(slug=slug)
        with scope(organisation=organisation):
            StaffRole.objects.get_or_create(
                organisation=organisation, user=user, defaults={"role": role}
            )
        logins.append((f"{role.label} – {organisation.name}", email))
    for email, display_name in PARTICIPANTS:
        demo_person(email, display_name)
        logins.append(("Teilnehmende", email))
    return logins
