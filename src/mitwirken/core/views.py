import logging
import os
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from . import uploads
from .forms import PlatformPageForm
from .jobs import overdue_jobs
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
    extra = {}
    if checks["database"] == "ok":
        # Reported, but only ?jobs=1 (for monitoring) fails on it: a load balancer must not
        # take app servers out because a timer on another machine stopped.
        overdue = [job.name for job, _last in overdue_jobs()]
        extra = {"periodic_jobs": "overdue" if overdue else "ok", "overdue_jobs": overdue}
        if overdue and request.GET.get("jobs") == "1":
            healthy = False
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks, **extra},
        status=200 if healthy else 503,
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


# What /medien/ serves: only these folders of MEDIA_ROOT, and only names made of letters, digits,
# "_", "-" and "." (as Django's storage makes them; no "..", no hidden files).
PUBLIC_MEDIA_FOLDERS = ("logos", "networks", "projects", "ideas")  # logos, images of content
PUBLIC_MEDIA_MAX_AGE = 7 * 24 * 3600
_MEDIA_NAME = re.compile(r"[\w-][\w.-]{0,150}")


@require_safe
def public_media(request, path):
    """Public uploads (logos) from MEDIA_ROOT, with the checked type, nosniff and the sandbox
    CSP (core.uploads.file_response). Anything that is not such a stored file is a 404: other
    folders, odd or overlong names, path tricks. Materials are never here (private storage)."""
    parts = path.split("/")
    if (
        len(path) > 255
        or len(parts) != 2
        or parts[0] not in PUBLIC_MEDIA_FOLDERS
        or not _MEDIA_NAME.fullmatch(parts[1])
    ):
        raise Http404
    try:
        if not os.path.isfile(default_storage.path(path)):
            raise Http404
        response = uploads.file_response(default_storage, path, inline=True)
    except (OSError, ValueError, SuspiciousFileOperation) as error:
        raise Http404 from error
    # Stored names are random and never reused: a replaced file gets a new address, and the
    # old one is deleted (core.uploads.delete_after_commit). As nginx's "expires 7d".
    patch_cache_control(response, public=True, max_age=PUBLIC_MEDIA_MAX_AGE)
    return response
