"""Tables of the baseline flow (bench.views.flow_*): an event with seats and its registrations.
No migrations: registration.py creates the tables with the schema editor."""

import secrets

from django.db import models


class BenchEvent(models.Model):
    title = models.CharField(max_length=200)
    capacity = models.PositiveIntegerField()

    class Meta:
        app_label = "bench"

    def __str__(self):
        return self.title


def _token() -> str:
    return secrets.token_urlsafe(24)


class BenchRegistration(models.Model):
    event = models.ForeignKey(BenchEvent, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True, default=_token)
    status = models.CharField(max_length=20, default="unconfirmed")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True)

    class Meta:
        app_label = "bench"
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self):
        return self.email
