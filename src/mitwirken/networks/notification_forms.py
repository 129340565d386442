from django import forms
from django.utils.translation import gettext_lazy as _

from .discussion_forms import TEXT_HELP
from .notification_models import Delivery, Level, News


class DeliveryForm(forms.Form):
    delivery = forms.ChoiceField(
        label=_("Mails from my networks"),
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Digests are sent only if you have not visited your networks since the day or "
            "week began, and at most once per day or week."
        ),
    )


class LevelForm(forms.Form):
    level = forms.ChoiceField(label=_("Notifications"), choices=Level.choices)


class NewsForm(forms.ModelForm):
    class Meta:
        model = News
        fields = ["title", "text", "audience"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}
        help_texts = {"text": TEXT_HELP}
