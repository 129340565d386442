"""Forms of the staff pages of networks: the network itself, its topics and guiding
questions (formsets)."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from mitwirken.core import uploads
from mitwirken.organisations.forms import OneLineFieldsMixin

from .administration import NETWORK_FIELDS
from .models import GuidingQuestion, Network, Topic


class NetworkForm(OneLineFieldsMixin, forms.ModelForm):
    image = forms.FileField(
        label=_("Image"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )

    class Meta:
        model = Network
        fields = list(NETWORK_FIELDS)  # what the use-case takes
        widgets = {
            "description": forms.Textarea(attrs={"rows": 10}),
            "goal": forms.Textarea(attrs={"rows": 4}),
            "join_policy": forms.RadioSelect,
        }

    sections = [
        (
            _("What"),
            ["name", "kind", "teaser", "description", "goal", "image", "image_alt"],
        ),
        (_("When"), ["term_from", "term_until", "meeting_rhythm"]),
        (_("Contact"), ["contact_name", "contact_email", "contact_phone"]),
        (
            _("Joining and visibility"),
            [
                "join_policy",
                "members_audience",
                "discussion_audience",
                "documents_audience",
                "notes_audience",
                "mail_excerpts",
            ],
        ),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image"].help_text = _("PNG or JPEG, at most %(max)s.") % {
            "max": filesizeformat(uploads.LOGO.max_bytes())
        }
        for name in ("term_from", "term_until"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric"})

    def grouped(self):
        return [(title, [self[name] for name in names]) for title, names in self.sections]

    def clean_image(self):
        """Checked by content and re-encoded (core.uploads): only the image itself is kept."""
        upload = self.cleaned_data.get("image")
        return uploads.check(upload, uploads.LOGO) if upload else upload

    def clean(self):
        cleaned = super().clean()
        term_from, term_until = cleaned.get("term_from"), cleaned.get("term_until")
        if term_from and term_until and term_until < term_from:
            self.add_error("term_until", _("The term cannot end before the year it begins."))
        has_image = cleaned.get("image") or (
            self.instance.image and cleaned.get("image") is not False
        )
        if has_image and not cleaned.get("image_alt"):
            self.add_error(
                "image_alt", _("Please describe the image for people who cannot see it.")
            )
        # As the service takes it: a new checked image or None, and whether to remove it.
        cleaned["remove_image"] = cleaned.get("image") is False
        cleaned["image"] = cleaned.get("image") or None
        return cleaned


class _OrderedRowForm(OneLineFieldsMixin, forms.ModelForm):
    position = forms.IntegerField(
        label=_("Position"),
        required=False,
        min_value=0,
        max_value=999,
        help_text=_("Rows are shown in the order of this number; empty: at the end."),
    )


class TopicForm(_OrderedRowForm):
    class Meta:
        model = Topic
        fields = ["position", "name", "text"]


class GuidingQuestionForm(_OrderedRowForm):
    class Meta:
        model = GuidingQuestion
        fields = ["position", "text"]


TopicFormSet = forms.inlineformset_factory(
    Network, Topic, form=TopicForm, extra=2, can_delete=True, max_num=30, validate_max=True
)
GuidingQuestionFormSet = forms.inlineformset_factory(
    Network,
    GuidingQuestion,
    form=GuidingQuestionForm,
    extra=2,
    can_delete=True,
    max_num=30,
    validate_max=True,
)
