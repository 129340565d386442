"""The baseline's mail task: loads its registration, renders a short mail, sends it."""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task


@task()
def send_bench_mail(registration_id: int, kind: str) -> None:
    from .models import BenchRegistration

    registration = BenchRegistration.objects.select_related("event").get(pk=registration_id)
    context = {"registration": registration, "kind": kind}
    send_mail(
        f"{registration.event.title}: {kind}",
        render_to_string("bench/flow_mail.txt", context),
        "noreply@bench.example",
        [registration.email],
    )
