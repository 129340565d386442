"""What notifications hold about a person: their delivery setting, their levels per network
and thread (exported, deleted with the account) and what was waiting for them (deleted)."""

from django_scopes import scopes_disabled

from mitwirken.core import personal_data

from .notification_models import DigestSent, Notification, NotificationSettings, Subscription


def export(user) -> dict:
    with scopes_disabled():
        found = NotificationSettings.objects.filter(user=user).first()
        levels = Subscription.objects.filter(user=user).select_related("network", "thread")
        return {
            "delivery": found.get_delivery_display() if found else None,
            "last_visit_at": found.last_visit_at.isoformat()
            if found and found.last_visit_at
            else None,
            "levels": [
                {
                    "network": row.network.name,
                    "thread": row.thread.title if row.thread else None,
                    "level": row.get_level_display(),
                }
                for row in levels
            ],
        }


def erase(user) -> None:
    with scopes_disabled():
        Notification.objects.filter(user=user).delete()
        Subscription.objects.filter(user=user).delete()
        DigestSent.objects.filter(user=user).delete()
        NotificationSettings.objects.filter(user=user).delete()


personal_data.register("networks_notifications", export=export, erase=erase)
