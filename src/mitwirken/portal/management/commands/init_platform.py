from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from mitwirken.portal.platform import init_platform


class Command(BaseCommand):
    help = (
        "Prepare a new installation: site domain from SITE_URL, the platform operator (owner of "
        "the portal's legal pages) and the Leichte Sprache / Gebärdensprache pages. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--operator-name", default="Betreiber der Plattform")
        parser.add_argument("--operator-email", default="")
        parser.add_argument(
            "--operator-slug",
            default="betrieb",
            help="Address of the operator's staff pages, /<slug>/verwaltung/ (default: "
            "%(default)s). Only used when the operator is created.",
        )

    def handle(self, *args, operator_name, operator_email, operator_slug, **options):
        try:
            operator = init_platform(
                operator_name,
                slug=operator_slug,
                imprint_email=operator_email,
                contact_email=operator_email,
            )
        except ValidationError as error:
            messages = [message for messages in error.message_dict.values() for message in messages]
            raise CommandError(f"--operator-slug {operator_slug}: {' '.join(messages)}") from error
        if operator.slug != operator_slug:
            self.stdout.write(
                f"Der Betreiber besteht bereits mit der Adresse /{operator.slug}/ und behält sie."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Plattform bereit. Betreiber: {operator.name}. Bitte ergänzen Sie dessen "
                f"Rechtstexte unter /{operator.slug}/verwaltung/rechtliches/ (als Plattform-Admin)."
            )
        )
