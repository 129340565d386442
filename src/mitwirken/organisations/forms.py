from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from mitwirken.core import uploads
from mitwirken.core.forms import HoneypotMixin
from mitwirken.core.validators import has_control_characters

from .models import BarrierReport, KnownBarrier, Organisation, Role
from .services import LEGAL_FIELDS, PROFILE_FIELDS


class OneLineFieldsMixin:
    """Fields typed on one line hold no line break or other control character: a name with
    a line break cannot go into the sender of a mail (BadHeaderError), and a browser never
    sends one from a one-line field."""

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if (
                isinstance(value, str)
                and not isinstance(field.widget, forms.Textarea)
                and has_control_characters(value, line_breaks_allowed=False)
            ):
                self.add_error(
                    name,
                    _("“%(field)s” must be on one line: please remove the line breaks.")
                    % {"field": field.label},
                )
        return cleaned


class OrganisationProfileForm(OneLineFieldsMixin, forms.ModelForm):
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )

    class Meta:
        model = Organisation
        fields = list(PROFILE_FIELDS)  # what the use-case takes
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["logo"].help_text = _("PNG or JPEG, at most %(max)s.") % {
            "max": filesizeformat(uploads.LOGO.max_bytes())
        }

    def clean_logo(self):
        """Checked by content and re-encoded (core.uploads): only the image itself is kept."""
        upload = self.cleaned_data.get("logo")
        return uploads.check(upload, uploads.LOGO) if upload else upload

    def clean(self):
        cleaned = super().clean()
        has_logo = cleaned.get("logo") or (self.instance.logo and cleaned.get("logo") is not False)
        if has_logo and not cleaned.get("logo_alt"):
            self.add_error("logo_alt", _("Please describe the logo for people who cannot see it."))
        # As the service takes it: a new checked image or None, and whether to remove it.
        cleaned["remove_logo"] = cleaned.get("logo") is False
        cleaned["logo"] = cleaned.get("logo") or None
        return cleaned


date_widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# Dates far from today are typing errors (year 1, 9999).
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


class LegalPagesForm(OneLineFieldsMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = list(LEGAL_FIELDS)  # what the use-case takes
        widgets = {
            "privacy_text": forms.Textarea(attrs={"rows": 14}),
            "accessibility_assessed_on": date_widget,
            "accessibility_statement_date": date_widget,
        }

    imprint_fields = Meta.fields[:10]
    privacy_fields = Meta.fields[10:12]
    accessibility_fields = Meta.fields[12:]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in [
            "legal_name",
            "street",
            "postal_code",
            "city",
            "representative",
            "imprint_email",
            "privacy_text",
            "accessibility_contact",
        ]:
            self.fields[name].required = True

    def clean(self):
        cleaned = super().clean()
        for name in ("accessibility_assessed_on", "accessibility_statement_date"):
            value = cleaned.get(name)
            if value and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
                self.add_error(
                    name,
                    _("Please give a date between the years %(earliest)d and %(latest)d.")
                    % {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
                )
        return cleaned

    def sections(self):
        return [
            (_("Imprint"), [self[name] for name in self.imprint_fields]),
            (_("Privacy notice"), [self[name] for name in self.privacy_fields]),
            (_("Accessibility statement"), [self[name] for name in self.accessibility_fields]),
        ]


KnownBarrierFormSet = forms.inlineformset_factory(
    Organisation,
    KnownBarrier,
    fields=["part", "reason", "alternative"],
    extra=1,
    can_delete=True,
    max_num=30,
)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.EDITOR)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class BarrierReportForm(HoneypotMixin, forms.ModelForm):
    class Meta:
        model = BarrierReport
        fields = ["page_url", "message", "name", "email"]
        labels = {"name": _("Name")}  # the form adds "(optional)" itself
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "page_url": _("The address or name of the page where you met the barrier."),
            "email": _("Only if you want an answer. We answer within one month."),
        }


class OrganisationCreateForm(OneLineFieldsMixin, forms.ModelForm):
    admin_email = forms.EmailField(
        label=_("E-mail address of the first administrator"),
        help_text=_("This person receives an invitation to manage the organisation."),
    )

    class Meta:
        model = Organisation
        fields = ["name", "slug", "teaser", "contact_email"]
