import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_POST
from django_scopes import scopes_disabled

from . import services
from .forms import DeleteAccountForm, PrivacyUpdateForm, ProfileForm


def set_language(request):
    """Django's language switch. For a signed-in person it also changes the language in the
    profile, which the LanguageMiddleware prefers to the cookie."""
    response = i18n.set_language(request)
    language = request.POST.get("language")
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
    ):
        services.change_language(request.user, language)
    return response


@login_required
def profile(request):
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        translation.activate(request.user.language)  # the message in the language just chosen
        messages.success(request, _("Your details have been saved."))
        response = redirect("accounts:profile")
        response.set_cookie("django_language", request.user.language, samesite="Lax")
        return response
    with scopes_disabled():
        staff_roles = list(request.user.staff_roles.select_related("organisation"))
    return render(request, "accounts/profile.html", {"form": form, "staff_roles": staff_roles})


@login_required
@require_POST
def export_data(request):
    data = services.export_personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    filename = f"mitwirken-meine-daten-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        try:
            services.delete_account(user)
        except services.AccountError as error:
            form.add_error(None, str(error))
        else:
            logout(request)
            return render(request, "accounts/deleted.html")
    return render(request, "accounts/delete.html", {"form": form})


@login_required
def privacy_update(request):
    """A new version of the privacy notice: read it (a link), accept it, or log out or delete
    the account. ``PrivacyAcceptanceMiddleware`` sends people here."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    form = PrivacyUpdateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.accept_privacy_notice(request.user)
        messages.success(request, _("Thank you. You have accepted the new privacy notice."))
        return redirect(next_url or "accounts:profile")
    return render(
        request,
        "accounts/privacy_update.html",
        {
            "form": form,
            "next": next_url,
            "notice": services.current_privacy_notice(),
            "must_accept": services.must_accept_privacy_notice(request.user),
        },
    )
