from django import forms
from django.forms.renderers import TemplatesSetting

from .models import PlatformPage


class KernFormRenderer(TemplatesSetting):
    """Renders every form in KERN UX markup with an error summary and linked errors."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class PlatformPageForm(forms.ModelForm):
    class Meta:
        model = PlatformPage
        fields = ["title", "body", "video_url"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}
