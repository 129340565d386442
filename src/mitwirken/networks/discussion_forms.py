from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from mitwirken.core import uploads

from .discussion_models import POST_MAX_LENGTH

TEXT_HELP = _(
    "Markdown: **bold**, *italic*, - list, [link](https://…). Mention members with "
    "@ and their name as the members list shows it, e.g. @Firstname Lastname (at most 10)."
)


class AttachmentMixin:
    def _attachment_field(self):
        field = forms.FileField(label=_("Attachment"), required=False)
        field.widget.attrs["accept"] = uploads.ATTACHMENT.accept()
        field.help_text = _("Allowed are: %(types)s. At most %(max)s.") % {
            "types": uploads.ATTACHMENT.allowed_labels(),
            "max": filesizeformat(uploads.ATTACHMENT.max_bytes()),
        }
        return field

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        return uploads.check(upload, uploads.ATTACHMENT) if upload else None


def _text_field():
    return forms.CharField(
        label=_("Text"),
        max_length=POST_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=TEXT_HELP,
    )


class ThreadForm(AttachmentMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"] = _text_field()
        self.fields["attachment"] = self._attachment_field()


class ReplyForm(AttachmentMixin, forms.Form):
    quote = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"] = _text_field()
        self.fields["text"].label = _("Your reply")
        self.fields["attachment"] = self._attachment_field()


class PostEditForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"] = _text_field()


class PostReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why do you report this post?"),
        choices=[],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a reason.")},
    )
    text = forms.CharField(
        label=_("What is wrong with it? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        from mitwirken.comments.models import Report

        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = Report.Reason.choices


class HidePostForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for hiding (shown in place of the post)"),
        max_length=500,
        error_messages={"required": _("Please give the reason for hiding the post.")},
    )


class KeepPostForm(forms.Form):
    reason = forms.CharField(
        label=_("Note to the reporters (optional)"), max_length=500, required=False
    )
