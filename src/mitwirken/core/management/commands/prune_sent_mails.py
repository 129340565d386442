from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from mitwirken.core.jobs import job_succeeded
from mitwirken.core.models import SentMail


class Command(BaseCommand):
    help = "Delete the records of sent mails older than --min-age-days (default 30)."

    def add_arguments(self, parser):
        parser.add_argument("--min-age-days", type=int, default=30)

    def handle(self, *, min_age_days, **options):
        cutoff = timezone.now() - timedelta(days=min_age_days)
        deleted, _ = SentMail.objects.filter(sent_at__lt=cutoff).delete()
        job_succeeded("prune_sent_mails")
        self.stdout.write(f"{deleted} Einträge versandter E-Mails gelöscht.")
