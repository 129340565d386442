from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from mitwirken.organisations.forms import OneLineFieldsMixin

from ..models import NetworkProfile, ProfileTopic
from . import municipalities, photos
from .services import MAX_TOPICS, PROFILE_FIELDS, clean_topics

TOPIC_MAX_LENGTH = ProfileTopic._meta.get_field("name").max_length


class MunicipalityKeyField(forms.CharField):
    """The key as people type it (with spaces or dots), kept as its 8 digits."""

    def to_python(self, value):
        return municipalities.normalise_key(super().to_python(value))


class NetworkProfileForm(OneLineFieldsMixin, forms.ModelForm):
    municipality_key = MunicipalityKeyField(
        label=_("Official municipality key"),
        required=False,
        max_length=20,
        validators=[municipalities.validate_key],
        help_text=_(
            "8 digits, e.g. 05315000 for Köln. Lists of the networks are grouped by it, by "
            "district and by state."
        ),
    )
    topics = forms.CharField(
        label=_("Topics"),
        required=False,
        max_length=1000,
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": photos.PROFILE_PHOTO.accept()}),
    )
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)

    class Meta:
        model = NetworkProfile
        fields = list(PROFILE_FIELDS)  # what the use-case takes
        widgets = {
            "offers": forms.Textarea(attrs={"rows": 4}),
            "seeks": forms.Textarea(attrs={"rows": 4}),
            "about": forms.Textarea(attrs={"rows": 4}),
        }

    # The order on the page: each field, then who sees it.
    field_order = [
        "function",
        "function_visibility",
        "authority",
        "authority_visibility",
        "municipality_name",
        "municipality_key",
        "municipality_visibility",
        "topics",
        "topics_visibility",
        "offers",
        "offers_visibility",
        "seeks",
        "seeks_visibility",
        "about",
        "about_visibility",
        "photo",
        "photo_alt",
        "remove_photo",
        "photo_visibility",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].help_text = _(
            "PNG, JPEG or WebP, at most %(max)s. It is stored without its metadata (such as "
            "the place it was taken) and made smaller."
        ) % {"max": filesizeformat(photos.PROFILE_PHOTO.max_bytes())}
        self.fields["topics"].help_text = _(
            "Separated by commas, at most %(count)s, e.g. Bürgerhaushalt, Jugendbeteiligung"
        ) % {"count": MAX_TOPICS}
        if self.instance.pk:
            self.initial["topics"] = ", ".join(t.name for t in self.instance.topics.all())
        if not (self.instance.pk and self.instance.photo):
            del self.fields["remove_photo"]

    def clean_photo(self):
        """Checked by content and re-encoded (core.uploads): only the image itself is kept."""
        upload = self.cleaned_data.get("photo")
        return photos.check(upload) if upload else None

    def clean_topics(self):
        names = clean_topics(self.cleaned_data.get("topics", "").split(","))
        if len(names) > MAX_TOPICS:
            raise forms.ValidationError(
                _("Please name at most %(count)s topics.") % {"count": MAX_TOPICS}
            )
        too_long = [name for name in names if len(name) > TOPIC_MAX_LENGTH]
        if too_long:
            raise forms.ValidationError(
                _("A topic may have at most %(max)s characters: “%(topic)s”.")
                % {"max": TOPIC_MAX_LENGTH, "topic": too_long[0][:80]}
            )
        return names

    def clean(self):
        cleaned = super().clean()
        name, key = cleaned.get("municipality_name"), cleaned.get("municipality_key")
        if key and not name and "municipality_name" not in self.errors:
            self.add_error("municipality_name", _("Please give the name of the municipality too."))
        if name and not key and "municipality_key" not in self.errors:
            self.add_error(
                "municipality_key",
                _(
                    "Please give the official municipality key of %(name)s too, so that the "
                    "lists can be grouped by district and state."
                )
                % {"name": name},
            )
        keeps_photo = cleaned.get("photo") or (
            self.instance.photo and not cleaned.get("remove_photo")
        )
        if keeps_photo and not cleaned.get("photo_alt", "").strip():
            self.add_error(
                "photo_alt", _("Please describe the photo for people who cannot see it.")
            )
        return cleaned

    def profile_data(self) -> dict:
        """What ``services.save_profile`` takes."""
        data = {name: self.cleaned_data[name] for name in PROFILE_FIELDS}
        data["topics"] = self.cleaned_data["topics"]
        data["photo"] = self.cleaned_data.get("photo")
        data["remove_photo"] = bool(self.cleaned_data.get("remove_photo"))
        return data
