"""Baseline views: what a bare Django request costs on this machine, through the same
middleware stack as the app, without any of the app's logic.

``flow_*``: a minimal Django implementation of the registration flow that
bench/registration.py compares mitwirken with (GET page with a form, POST that locks the
event, counts the seats, inserts a registration and enqueues a mail task, GET of the
confirmation link that updates the row and enqueues another)."""

from django import forms
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET


def _dummy_items():
    return [
        {
            "title": f"Veranstaltung {i}",
            "meta": "Coffee Lecture · Online · Verwaltung",
            "teaser": "Ein kurzer Text über die Veranstaltung, wie ihn die Liste zeigt.",
            "url": f"/verwaltung/veranstaltungen/{i}/",
            "seats": i,
        }
        for i in range(20)
    ]


@require_GET
def baseline_layout_page(request):
    """For information only: the same 20 items inside the site's layout (core/base.html, with
    the context processors), to tell the layout's cost from the list's own."""
    return render(request, "bench/baseline_layout_page.html", {"items": _dummy_items()})


@require_GET
def baseline_page(request):
    """A plain template page: a loop over 20 dummy items like one page of the event list, padded
    to ``?bytes=`` so that it is as large as the page it is compared with. No database query,
    no context processors (render_to_string without the request)."""
    html = render_to_string("bench/baseline_page.html", {"items": _dummy_items()})
    missing = int(request.GET.get("bytes", 0) or 0) - len(html.encode()) - 7
    if missing > 0:
        html += "<!--" + "x" * missing + "-->"
    return HttpResponse(html)


class FlowForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    email = forms.EmailField(label="E-Mail-Adresse")
    accept_privacy = forms.BooleanField(label="Ich habe die Datenschutzhinweise gelesen.")
    homepage = forms.CharField(label="Homepage", required=False)


def _padded(response, target: int):
    """Pad the page with a comment to ``target`` bytes (the size of the page compared)."""
    missing = target - len(response.content) - 7
    if missing > 0:
        response.content += b"<!--" + b"x" * missing + b"-->"
    return response


def flow_page(request, pk):
    from .models import BenchEvent, BenchRegistration
    from .tasks import send_bench_mail

    target = int(request.GET.get("bytes", 0) or 0)
    form = FlowForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            event = BenchEvent.objects.select_for_update(no_key=True).get(pk=pk)
            taken = BenchRegistration.objects.filter(event=event, status="confirmed").count()
            if taken >= event.capacity:
                raise Http404
            registration = BenchRegistration.objects.create(
                event=event, name=form.cleaned_data["name"], email=form.cleaned_data["email"]
            )
            send_bench_mail.enqueue(registration.pk, "confirm")
        return redirect("bench_flow_done")
    event = get_object_or_404(BenchEvent, pk=pk)
    response = render(request, "bench/flow_page.html", {"event": event, "form": form})
    return _padded(response, target)


def flow_confirm(request, token):
    from .models import BenchRegistration
    from .tasks import send_bench_mail

    with transaction.atomic():
        updated = BenchRegistration.objects.filter(token=token, status="unconfirmed").update(
            status="confirmed", confirmed_at=timezone.now()
        )
        if not updated:
            raise Http404
        registration_id = BenchRegistration.objects.values_list("pk", flat=True).get(token=token)
        send_bench_mail.enqueue(registration_id, "confirmed")
    return redirect("bench_flow_done")


def flow_done(request):
    return render(request, "bench/flow_done.html", {"title": "Danke"})
