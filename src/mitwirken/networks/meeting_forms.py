"""Forms of a network's meetings, notes, photos, documents and results. Every file is checked
by its content (core.uploads) in the form's clean method."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mitwirken.core import uploads
from mitwirken.events.models import Event

from .models import Audience


def _upload_help(purpose) -> str:
    return _("Allowed are: %(types)s. At most %(max)s.") % {
        "types": purpose.allowed_labels(),
        "max": filesizeformat(purpose.max_bytes()),
    }


class LinkEventForm(forms.Form):
    event = forms.ModelChoiceField(label=_("Event"), queryset=Event.objects.none())
    members_only = forms.BooleanField(
        label=_("Only members of the network may register"), required=False
    )

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events
        self.fields["event"].label_from_instance = lambda event: (
            f"{timezone.localtime(event.starts_at):%d.%m.%Y} – {event.title}"
        )


class MembersOnlyForm(forms.Form):
    members_only = forms.BooleanField(
        label=_("Only members of the network may register"), required=False
    )


class NotesForm(forms.Form):
    text = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown: # heading, - list, [link](https://…)"),
    )
    participant_count = forms.IntegerField(
        label=_("Number of participants"), required=False, min_value=0, max_value=100000
    )
    expectations = forms.CharField(
        label=_("Expectations"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line, in the order they were collected."),
    )
    results = forms.CharField(
        label=_("Results"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line, in the order they were collected."),
    )

    def cleaned_lists(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "participant_count": data["participant_count"],
            "expectations": data["expectations"].splitlines(),
            "results": data["results"].splitlines(),
        }


class PhotoForm(forms.Form):
    """One photo of an upload (the page shows several): the image, its text alternative
    (required) and an optional caption."""

    image = forms.FileField(label=_("Photo"), required=False)
    alt_text = forms.CharField(
        label=_("Text alternative"),
        required=False,
        max_length=300,
        help_text=_("What the photo shows, for people who cannot see it (required)."),
    )
    caption = forms.CharField(label=_("Caption"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image"].widget.attrs["accept"] = uploads.PHOTO.accept()
        self.fields["image"].help_text = _upload_help(uploads.PHOTO)
        # Each row may stay empty; a row with a photo needs its text alternative.
        self.fields["alt_text"].required_when = True

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        return uploads.check(upload, uploads.PHOTO) if upload else upload

    def clean(self):
        cleaned = super().clean()
        has_image = bool(cleaned.get("image")) or "image" in self.errors
        if has_image and not cleaned.get("alt_text", "").strip():
            self.add_error("alt_text", _("Please describe the photo for people who cannot see it."))
        if not has_image and (cleaned.get("alt_text") or cleaned.get("caption")):
            self.add_error("image", _("Please choose the photo."))
        return cleaned


PhotoFormSet = forms.formset_factory(PhotoForm, extra=5, max_num=20, absolute_max=20)


class FolderForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    audience = forms.ChoiceField(
        label=_("Visible to"), choices=Audience.choices, initial=Audience.MEMBERS
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"))
    comment = forms.CharField(label=_("Comment"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = uploads.MATERIAL.accept()
        self.fields["file"].help_text = _upload_help(uploads.MATERIAL)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        return uploads.check(upload, uploads.MATERIAL) if upload else upload


class VersionForm(DocumentForm):
    title = None
    comment = forms.CharField(label=_("What changed"), max_length=300, required=False)


class ResultForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    file = forms.FileField(label=_("PDF"), required=False)
    url = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https")
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    event = forms.ModelChoiceField(
        label=_("Presented at"), queryset=Event.objects.none(), required=False
    )
    occasion = forms.CharField(
        label=_("Presented at (if not an event here)"),
        max_length=300,
        required=False,
        help_text=_("E.g. Fachtagung am 28. November 2013 in Berlin"),
    )

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events
        self.fields["file"].widget.attrs["accept"] = uploads.PUBLICATION.accept()
        self.fields["file"].help_text = _upload_help(uploads.PUBLICATION)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        return uploads.check(upload, uploads.PUBLICATION) if upload else upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not cleaned.get("url") and "file" not in self.errors:
            raise forms.ValidationError(_("Please upload a PDF or give a link."))
        return cleaned
