"""Forms of the idea collection. They validate and hand their ``cleaned_data`` to
``ideas_services``; an upload is checked by its content (``core.uploads``) and re-encoded."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mitwirken.comments.models import Report
from mitwirken.core import uploads

from .ideas_services import NEXT_STATUSES, OFFLINE_CHANNELS
from .models import District
from .models_ideas import IDEA_TEXT_MAX, IDEA_TITLE_MAX, REASON_MAX, Category, Idea

CHOICE_ERRORS = {"invalid_choice": _("Please choose one of the offered entries.")}


class _IdeaFields(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=IDEA_TITLE_MAX,
        error_messages={"required": _("Please give your idea a title.")},
    )
    text = forms.CharField(
        label=_("Your idea"),
        max_length=IDEA_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What should change, where, and why?"),
        error_messages={"required": _("Please describe your idea.")},
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("(no category)"),
        error_messages=CHOICE_ERRORS,
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("(the whole area)"),
        error_messages=CHOICE_ERRORS,
    )

    def __init__(self, *args, collection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(collection=collection)
        self.fields["district"].queryset = District.objects.filter(
            project_id=collection.module.project_id
        )
        if not self.fields["category"].queryset.exists():
            del self.fields["category"]
        if not self.fields["district"].queryset.exists():
            del self.fields["district"]


class IdeaForm(_IdeaFields):
    """Submit or edit an idea: with an optional image and its text alternative."""

    image = forms.FileField(label=_("Image (optional)"), required=False)
    image_alt = forms.CharField(
        label=_("Text alternative for the image"),
        required=False,
        max_length=300,
        help_text=_("What the image shows, for people who cannot see it (required with an image)."),
    )

    def __init__(self, *args, idea=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.idea = idea
        self.fields["image"].widget.attrs["accept"] = uploads.PHOTO.accept()
        self.fields["image"].help_text = _("Allowed are: %(types)s. At most %(max)s.") % {
            "types": uploads.PHOTO.allowed_labels(),
            "max": filesizeformat(uploads.PHOTO.max_bytes()),
        }
        if idea is None:
            self.fields["tell_me"] = forms.BooleanField(
                label=_("Tell me by e-mail what becomes of my idea"),
                required=False,
                initial=False,  # consent is given, never pre-ticked (DSGVO)
                help_text=_(
                    "You get a mail when its status changes and when the administration "
                    "publishes its feedback on the project."
                ),
            )
        elif idea.image:
            self.fields["remove_image"] = forms.BooleanField(
                label=_("Remove the image"), required=False
            )

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        return uploads.check(upload, uploads.PHOTO) if upload else None

    def clean(self):
        cleaned = super().clean()
        keeps_image = self.idea is not None and self.idea.image and not cleaned.get("remove_image")
        has_image = bool(cleaned.get("image")) or "image" in self.errors or keeps_image
        if has_image and not cleaned.get("image_alt", "").strip():
            self.add_error(
                "image_alt", _("Please describe the image for people who cannot see it.")
            )
        return cleaned


class OfflineIdeaForm(_IdeaFields):
    """Staff enter an idea that came by letter, phone or at a workshop."""

    channel = forms.ChoiceField(
        label=_("How did the idea reach you?"),
        choices=[(channel.value, channel.label) for channel in OFFLINE_CHANNELS],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose how the idea reached you."), **CHOICE_ERRORS},
    )
    received_on = forms.DateField(
        label=_("Received on"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Please enter a date, e.g. 24.03.2025.")},
    )

    field_order = ["channel", "received_on", "title", "text", "category", "district"]

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date lies in the future."))
        return day


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose the new status."), **CHOICE_ERRORS},
    )
    reason = forms.CharField(
        label=_("Public reason"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Shown with the idea and in the project's ledger, and mailed to its author if "
            "they asked to be told. Write it for the public."
        ),
        error_messages={"required": _("Please give the public reason for this decision.")},
    )

    def __init__(self, *args, idea, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (status.value, status.label) for status in NEXT_STATUSES.get(idea.status, [])
        ]


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        label=_("Merge into this idea"),
        queryset=Idea.objects.none(),
        error_messages={"required": _("Please choose the idea to merge into."), **CHOICE_ERRORS},
    )
    reason = forms.CharField(
        label=_("Public reason"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        initial=_("The idea says the same as another one; their supports are counted together."),
        error_messages={"required": _("Please say publicly why the ideas are merged.")},
    )

    def __init__(self, *args, idea, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = (
            Idea.objects.filter(
                collection_id=idea.collection_id,
                withdrawn_at=None,
                hidden_at=None,
                merged_into=None,
            )
            .exclude(pk=idea.pk)
            .order_by("title", "pk")
        )
        self.fields["target"].label_from_instance = lambda other: f"#{other.pk} {other.title}"


class CategoriesForm(forms.Form):
    names = forms.CharField(
        label=_("Categories, one per line"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ideas of a category that you remove keep no category."),
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why do you report this idea?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a reason."), **CHOICE_ERRORS},
    )
    text = forms.CharField(
        label=_("What is wrong with it? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for hiding (shown in place of the idea)"),
        max_length=500,
        error_messages={"required": _("Please give the reason for hiding the idea.")},
    )


class KeepForm(forms.Form):
    reason = forms.CharField(
        label=_("Note to the reporters (optional)"), max_length=500, required=False
    )
