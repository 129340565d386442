"""What every installation needs before its first visitor: the site's domain (used in
e-mails), the platform operator (owner of the portal's legal pages) and the pages in Leichte
Sprache and Gebärdensprache. Idempotent: never overwrites what an admin has edited."""

from urllib.parse import urlparse

from django.conf import settings
from django.contrib.sites.models import Site
from django.db import transaction

from mitwirken.core.models import PlatformPage
from mitwirken.organisations.models import Organisation

DEFAULT_PAGES = {
    PlatformPage.Key.EASY_LANGUAGE: (
        "mitwirken in Leichter Sprache",
        "## Was ist mitwirken?\n\nmitwirken ist eine Internet-Seite.\n\n"
        "Hier können Sie bei Ihrer Verwaltung mit-machen.\n\n"
        "Sie können sagen, was Sie denken.\n\n"
        "## Was können Sie hier machen?\n\n"
        "- Sie können Veranstaltungen finden.\n"
        "- Sie können sich für Veranstaltungen anmelden.\n"
        "- Sie können Ideen für Ihre Stadt schreiben.\n\n"
        "## Wie melden Sie sich an?\n\n"
        "Sie brauchen eine E-Mail-Adresse.\n\n"
        "Sie brauchen ein Pass-Wort.\n\n"
        "Klicken Sie oben auf **Registrieren**.\n\n"
        "## Brauchen Sie Hilfe?\n\n"
        "Unten auf jeder Seite steht **Barriere melden**. Dort können Sie uns schreiben.",
    ),
    PlatformPage.Key.SIGN_LANGUAGE: (
        "Informationen in Deutscher Gebärdensprache",
        "Auf dieser Seite erklären wir in Deutscher Gebärdensprache (DGS), was Sie auf "
        "mitwirken tun können:\n\n"
        "- was mitwirken ist und wer es anbietet,\n"
        "- wie Sie sich für Veranstaltungen anmelden,\n"
        "- wie Sie sich an Beteiligungsverfahren beteiligen,\n"
        "- wie Sie eine Barriere melden.",
    ),
    PlatformPage.Key.NETIQUETTE: (
        "Netiquette",
        "Kommentare sind willkommen: Sie helfen, Vorhaben besser zu machen. Damit das "
        "Gespräch für alle angenehm bleibt, bitten wir Sie um Folgendes:\n\n"
        "- Bleiben Sie sachlich und freundlich. Beleidigungen, Drohungen und "
        "Diskriminierung haben hier keinen Platz.\n"
        "- Bleiben Sie beim Thema der Seite, die Sie kommentieren.\n"
        "- Schreiben Sie keine Werbung und keine Links zu Seiten, die nichts mit dem Thema "
        "zu tun haben.\n"
        "- Nennen Sie keine persönlichen Daten anderer Menschen (Namen, Adressen, "
        "Telefonnummern).\n"
        "- Belegen Sie Tatsachen, wo Sie können, mit einer Quelle.\n\n"
        "Kommentare, die gegen diese Regeln verstoßen, kann die Moderation ausblenden; sie "
        "nennt dann den Grund. Wenn Ihnen ein Kommentar auffällt, melden Sie ihn mit dem "
        "Link **Melden** unter dem Kommentar.",
    ),
}


@transaction.atomic
def init_platform(
    operator_name: str = "Betreiber der Plattform", slug: str = "betrieb", **operator_fields
) -> Organisation:
    """Idempotent; an operator made earlier keeps its name and slug. ``slug`` (the address of
    the operator's staff pages, ``/<slug>/verwaltung/``) is checked as any organisation's:
    ``ValidationError`` if it is malformed, reserved or taken."""
    domain = urlparse(settings.SITE_URL).netloc or "localhost"
    site, _created = Site.objects.get_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": "mitwirken"}
    )
    if site.domain == "example.com":  # Django's placeholder
        site.domain, site.name = domain, "mitwirken"
        site.save()
    operator = Organisation.objects.filter(is_platform_operator=True).first()
    if operator is None:
        operator = Organisation(
            is_platform_operator=True, name=operator_name, slug=slug, **operator_fields
        )
        operator.full_clean(
            exclude=[field.name for field in Organisation._meta.fields if field.name != "slug"]
        )
        operator.save()
    for key, (title, body) in DEFAULT_PAGES.items():
        PlatformPage.objects.get_or_create(key=key, defaults={"title": title, "body": body})
    return operator
