from django.core.management.base import BaseCommand

from mitwirken.portal import demo


class Command(BaseCommand):
    help = "Load German demo content (idempotent: existing, possibly edited data stays)."

    def handle(self, *args, **options):
        logins = demo.load()
        self.stdout.write(self.style.SUCCESS("Demo-Inhalte sind geladen."))
        self.stdout.write(f"\nDemo-Zugänge (Passwort für alle: {demo.DEMO_PASSWORD}):")
        for role, email in logins:
            self.stdout.write(f"  {role:<70} {email}")
