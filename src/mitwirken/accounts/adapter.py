from allauth.account.adapter import DefaultAccountAdapter
from django.utils import timezone

from mitwirken.core.mail import enqueue_email

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
        """allauth's mails go out like all others: through a task after commit."""
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mime in getattr(message, "alternatives", [])
                if mime == "text/html"
            ),
            None,
        )
        enqueue_email(message.subject, message.body, html, email, message.from_email)
