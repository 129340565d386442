from django.core.management.base import BaseCommand

from mitwirken.core.jobs import job_succeeded
from mitwirken.events.services import purge_registrations


class Command(BaseCommand):
    help = (
        "Delete names, e-mail addresses and answers of event registrations once the "
        "organisation's retention time after the event has passed, and unconfirmed sign-ups "
        "older than 24 hours. Schedule every 15 minutes (docs/operators.md)."
    )

    def handle(self, *args, **options):
        purged, unconfirmed = purge_registrations()
        job_succeeded("purge_registrations")
        self.stdout.write(
            f"{purged} Anmeldungen anonymisiert, {unconfirmed} unbestätigte Anmeldungen gelöscht."
        )
