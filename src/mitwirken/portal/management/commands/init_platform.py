from django.core.management.base import BaseCommand

from mitwirken.portal.platform import init_platform


class Command(BaseCommand):
    help = (
        "Prepare a new installation: site domain from SITE_URL, the platform operator (owner of "
        "the portal's legal pages) and the Leichte Sprache / Gebärdensprache pages. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--operator-name", default="Betreiber der Plattform")
        parser.add_argument("--operator-email", default="")

    def handle(self, *args, operator_name, operator_email, **options):
        operator = init_platform(
            operator_name, imprint_email=operator_email, contact_email=operator_email
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Plattform bereit. Betreiber: {operator.name}. Bitte ergänzen Sie dessen "
                f"Rechtstexte unter /{operator.slug}/verwaltung/rechtliches/ (als Plattform-Admin)."
            )
        )
