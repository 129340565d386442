import copy

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import PlatformPage

# Django's message for an empty required field, which does not say which field it means.
GENERIC_REQUIRED = forms.Field.default_error_messages["required"]


def required_message(bound_field) -> str:
    """The message for an empty required field, naming it by its label."""
    label = strip_tags(str(bound_field.label)).strip()
    if bound_field.widget_type == "checkbox":
        return _("Please tick “%(label)s”.") % {"label": label}
    chooses = getattr(bound_field.field.widget, "asks_to_choose", False)  # a scale, a matrix
    if chooses or bound_field.widget_type in ("select", "radioselect", "checkboxselectmultiple"):
        return _("Please choose something for “%(label)s”.") % {"label": label}
    return _("Please fill in the field “%(label)s”.") % {"label": label}


class KernBoundField(forms.BoundField):
    """Shows the generic "This field is required." as a message that names the field, in
    every form the portal renders (ours and allauth's), next to the field and in the summary.
    A field with a required message of its own keeps it."""

    @property
    def errors(self):
        errors = super().errors
        generic = str(GENERIC_REQUIRED)
        if not any(str(error) == generic for error in errors):
            return errors
        named = required_message(self)
        replaced = copy.copy(errors)  # the same list class, CSS class and field id
        replaced.data = [named if str(error) == generic else error for error in errors]
        return replaced

    def build_widget_attrs(self, attrs, widget=None):
        """No aria-* on a hidden input (the hidden copy of a field's initial value, for
        ``show_hidden_initial``): it points at help text of a field nobody can see there."""
        attrs = super().build_widget_attrs(attrs, widget)
        if (widget or self.field.widget).is_hidden:
            attrs = {name: value for name, value in attrs.items() if not name.startswith("aria-")}
        return attrs


class HoneypotMixin(forms.Form):
    """Spam protection without third parties for anonymous forms: a field people never see
    or fill (``core/forms/field.html`` hides it), always rendered last. A form that comes
    back with it filled is refused with ``honeypot_error``."""

    homepage = forms.CharField(
        label=gettext_lazy("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    honeypot_error = gettext_lazy("Your message could not be sent.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["homepage"] = self.fields.pop("homepage")

    def clean_homepage(self):
        if self.cleaned_data.get("homepage"):
            raise forms.ValidationError(self.honeypot_error)
        return ""


class KernFormRenderer(TemplatesSetting):
    """Renders every form in KERN UX markup with an error summary and linked errors, and
    required messages that name their field (``KernBoundField``)."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
    bound_field_class = KernBoundField


class PlatformPageForm(forms.ModelForm):
    class Meta:
        model = PlatformPage
        fields = ["title", "body", "video_url"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}


def formset_rows(formset) -> list[dict]:
    """The rows of a valid model formset as plain data for a service
    (``core.changes.save_rows``): each changed or deleted form as a dict of its fields'
    cleaned values with ``"id"`` (None for a new row) and ``"delete"``. Empty extra forms
    and unchanged rows are left out."""
    parent_field = getattr(getattr(formset, "fk", None), "name", None)
    rows = []
    for form in formset.forms:
        if not form.has_changed():
            continue
        data = form.cleaned_data
        row = {
            name: data.get(name)
            for name in form.fields
            if name not in ("id", "DELETE", parent_field)
        }
        row["id"] = form.instance.pk
        row["delete"] = bool(data.get("DELETE"))
        rows.append(row)
    return rows
