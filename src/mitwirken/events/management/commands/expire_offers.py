from django.core.management.base import BaseCommand
from django.utils import timezone
from django_scopes import scopes_disabled

from mitwirken.events.models import Registration
from mitwirken.events.services import expire_offers


class Command(BaseCommand):
    help = (
        "Hand on every offered seat whose deadline has passed. The task queue does this on "
        "time already; this command is the safety net if workers were down."
    )

    def handle(self, *args, **options):
        with scopes_disabled():
            event_ids = set(
                Registration.objects.filter(
                    status=Registration.Status.OFFERED, offer_expires_at__lte=timezone.now()
                ).values_list("event_id", flat=True)
            )
            handed_on = sum(expire_offers(event_id) for event_id in event_ids)
        self.stdout.write(f"{handed_on} abgelaufene Angebote weitergegeben.")
