"""Baseline views: what a bare Django request costs on this machine, through the same
middleware stack as the app, without any of the app's logic."""

from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

BASELINE_TABLE = "bench_baseline"


@csrf_exempt
@require_POST
def baseline_insert(request):
    """One INSERT with raw SQL (autocommit, like the app's requests), then 204."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {BASELINE_TABLE} (phase, client, payload) VALUES (%s, %s, %s)",
            [
                request.POST.get("phase", ""),
                int(request.POST.get("client", 0)),
                request.POST.get("payload", ""),
            ],
        )
    return HttpResponse(status=204)


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
