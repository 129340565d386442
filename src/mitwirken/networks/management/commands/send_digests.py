from django.core.management.base import BaseCommand

from mitwirken.core.jobs import job_succeeded
from mitwirken.networks.digests import send_digests


class Command(BaseCommand):
    help = (
        "Queue the daily and weekly digests of the networks for the periods that have ended "
        "(once per person and period). Schedule daily, e.g. at 06:30 (docs/operators.md)."
    )

    def handle(self, *args, **options):
        queued = send_digests()
        job_succeeded("send_digests")
        self.stdout.write(f"{queued} Zusammenfassungen in die Warteschlange gestellt.")
