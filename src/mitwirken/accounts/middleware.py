from django.conf import settings
from django.utils import translation


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
