from django.core.management.base import BaseCommand

from mitwirken.core.jobs import job_succeeded
from mitwirken.participation.surveys.services import purge_expired_drafts


class Command(BaseCommand):
    help = (
        "Delete the saved survey drafts (answers saved to be continued later) whose time has "
        "run out. Schedule daily (docs/operators.md)."
    )

    def handle(self, *args, **options):
        deleted = purge_expired_drafts()
        job_succeeded("purge_survey_drafts")
        self.stdout.write(f"{deleted} abgelaufene Umfrage-Entwürfe gelöscht.")
