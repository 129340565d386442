from urllib.parse import quote

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from .services import must_accept_privacy_notice


class LanguageMiddleware:
    """German unless the person chose otherwise: the language in their profile, or the one
    picked with the language switch (a cookie). The browser's Accept-Language is ignored on
    purpose: the portal is German first."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        user = getattr(request, "user", None)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if user is not None and user.is_authenticated and user.language in self.available:
            language = user.language
        elif chosen in self.available:
            language = chosen
        else:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class PrivacyAcceptanceMiddleware:
    """A signed-in person who accepted an older version of the privacy notice is sent to the
    page that asks them to accept the new one, from any page but the few they need to read
    it or to decline: the legal pages, logging out, deleting or exporting their data, the
    language switch."""

    EXEMPT = {
        "accounts:privacy_update",
        "accounts:delete_account",
        "accounts:export_data",
        "account_logout",
        "set_language",
        "core:healthz",
        "core:platform_page",
        "organisations:portal_impressum",
        "organisations:portal_datenschutz",
        "organisations:portal_barrierefreiheit",
        "organisations:portal_barriere_melden",
        "organisations:impressum",
        "organisations:datenschutz",
        "organisations:barrierefreiheit",
        "organisations:barriere_melden",
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.path_info.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            return None
        if request.resolver_match.view_name in self.EXEMPT:
            return None
        if not must_accept_privacy_notice(user):
            return None
        url = reverse("accounts:privacy_update")
        if request.method in ("GET", "HEAD"):
            url += "?next=" + quote(request.get_full_path())
        return redirect(url)
