from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import CommentSettings, Report


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=settings.COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("You can use Markdown: **bold**, *italic*, - lists, [link](https://…)."),
        error_messages={
            "required": _("Please write a comment."),
            "max_length": _(
                "Your comment is too long: at most %(limit_value)d characters are possible, "
                "it has %(show_value)d."
            ),
        },
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why do you report this comment?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a reason.")},
    )
    text = forms.CharField(
        label=_("What is wrong with it? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for hiding (shown in place of the comment)"),
        max_length=500,
        error_messages={"required": _("Please give the reason for hiding the comment.")},
    )


class KeepForm(forms.Form):
    reason = forms.CharField(
        label=_("Note to the reporters (optional)"), max_length=500, required=False
    )


class SettingsForm(forms.Form):
    moderation = forms.ChoiceField(
        label=_("Moderation of comments"),
        choices=CommentSettings.Moderation.choices,
        widget=forms.RadioSelect,
    )
