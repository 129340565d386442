import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .forms import PlatformPageForm
from .models import PlatformPage

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    """200 when database and cache answer, 503 otherwise (for load balancers and monitoring)."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001  any failure means unhealthy
        logger.exception("health check: database")
        checks["database"] = "error"
    try:
        cache.set("healthz", "1", 10)
        checks["cache"] = "ok" if cache.get("healthz") == "1" else "error"
    except Exception:  # noqa: BLE001
        logger.exception("health check: cache")
        checks["cache"] = "error"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


def platform_page(request, key):
    page = get_object_or_404(PlatformPage, key=key)
    return render(request, "core/platform_page.html", {"page": page})


@login_required
def platform_page_edit(request, key):
    if not request.user.has_perm("core.change_platformpage"):
        raise PermissionDenied
    page = get_object_or_404(PlatformPage, key=key)
    form = PlatformPageForm(request.POST if request.method == "POST" else None, instance=page)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The page has been saved."))
        return redirect("core:platform_page", key=page.key)
    return render(request, "core/platform_page_edit.html", {"page": page, "form": form})


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


def server_error(request):
    """The 500 page in the portal layout; plain text if even that fails (e.g. database down)."""
    try:
        return HttpResponse(render_to_string("500.html", request=request), status=500)
    except Exception:  # noqa: BLE001
        logger.exception("rendering the error page failed")
        return HttpResponse(
            _("A technical error occurred. Please try again later."),
            status=500,
            content_type="text/plain; charset=utf-8",
        )
