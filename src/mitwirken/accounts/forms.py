from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


def _privacy_label():
    return format_html(
        _('I have read the <a href="{}">privacy notice</a> and accept it.'),
        reverse_lazy("organisations:portal_datenschutz"),
    )


class SignupForm(AllauthSignupForm):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=60,
        required=False,
        help_text=_("Shown next to your contributions. Leave empty for a pseudonym."),
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("de", _("German")), ("en", _("English"))], initial="de"
    )
    accept_privacy = forms.BooleanField(label=lazy(_privacy_label, str)(), required=True)

    field_order = ["email", "password1", "password2", "display_name", "language", "accept_privacy"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accept_privacy"].error_messages["required"] = _(
            "Please accept the privacy notice to create an account."
        )

    def try_save(self, request):
        """A taken address gets the same page as a new one (allauth's
        ACCOUNT_PREVENT_ENUMERATION: no account is made, the owner is told by mail). The
        time must not tell them apart either: hashing the password is most of the time a
        new account takes (Argon2), so it is hashed here too, and thrown away."""
        if self.account_already_exists and self.cleaned_data.get("password1"):
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["display_name", "real_name", "show_real_name", "language"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("show_real_name") and not cleaned.get("real_name"):
            self.add_error("real_name", _("Please enter the name you want to show."))
        return cleaned


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, delete my account and all my data now. This cannot be undone."),
        error_messages={"required": _("Please confirm that you want to delete your account.")},
    )


class PrivacyUpdateForm(forms.Form):
    accept_privacy = forms.BooleanField(
        label=lazy(_privacy_label, str)(),
        error_messages={
            "required": _("Please accept the privacy notice to go on using your account.")
        },
    )
