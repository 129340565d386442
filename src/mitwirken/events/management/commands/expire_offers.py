from django.core.management.base import BaseCommand
from django.utils import timezone
from django_scopes import scopes_disabled

from mitwirken.core.jobs import job_succeeded
from mitwirken.core.tenancy import in_scope_of
from mitwirken.events.models import Registration
from mitwirken.events.services import expire_offers


class Command(BaseCommand):
    help = (
        "Hand on every offered seat whose deadline has passed. The task queue does this on "
        "time already; this command is the safety net if workers were down."
    )

    def handle(self, *args, **options):
        with scopes_disabled():
            expired = set(
                Registration.objects.filter(
                    status=Registration.Status.OFFERED, offer_expires_at__lte=timezone.now()
                ).values_list("event__organisation_id", "event_id")
            )
        handed_on = 0
        for organisation_id, event_id in sorted(expired):
            with in_scope_of(organisation_id):  # each event is locked in its own scope
                handed_on += expire_offers(event_id)
        job_succeeded("expire_offers")
        self.stdout.write(f"{handed_on} abgelaufene Angebote weitergegeben.")
