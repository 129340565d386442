from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.utils import timezone, translation

from mitwirken.core.mail import queue_rendered, signed

from .services import current_privacy_version


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        if data.get("display_name"):
            user.display_name = data["display_name"]
        user.language = data.get("language") or "de"
        user.privacy_accepted_version = current_privacy_version()
        user.privacy_accepted_at = timezone.now()
        if commit:
            user.save()
        return user

    def send_mail(self, template_prefix, email, context):
        """allauth's mails go out like all others: through a task written in the current
        transaction. The context
        gets what allauth's own send_mail adds."""
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        message = self.render_mail(template_prefix, email, context)
        # The portal's own templates (templates/account/email/) greet formally; the
        # signature is the one of every other mail. Rendered now: the links carry keys.
        message.body = signed(message.body)
        queue_rendered(message)

    def add_message(self, request, level, message_template=None, message_context=None, **kw):
        """allauth's messages in the person's language: after logging in, that is the one of
        their profile, not the one the anonymous request started with."""
        user = getattr(request, "user", None)
        language = user.language if user is not None and user.is_authenticated else None
        with translation.override(language or translation.get_language()):
            super().add_message(request, level, message_template, message_context, **kw)
