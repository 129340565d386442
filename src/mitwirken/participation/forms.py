"""Forms of the project pages: the staff form of a project, its phases and modules, and the
access code a citizen types in."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from mitwirken.core import uploads
from mitwirken.organisations.forms import OneLineFieldsMixin

from .administration import PROJECT_FIELDS
from .models import Feedback, Module, Phase, Project, normalise_code


class ProjectForm(OneLineFieldsMixin, forms.ModelForm):
    image = forms.FileField(
        label=_("Image"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    topics = forms.CharField(
        label=_("Topics"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, e.g. “Mobilität”. The project list filters by them."),
    )
    districts = forms.CharField(
        label=_("Districts"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One per line: the districts or quarters people can name for an idea or in a "
            "survey. Empty for none."
        ),
    )

    class Meta:
        model = Project
        fields = list(PROJECT_FIELDS)  # what the use-case takes
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "subject": forms.Textarea(attrs={"rows": 4}),
            "open_to_decision": forms.Textarea(attrs={"rows": 3}),
            "already_fixed": forms.Textarea(attrs={"rows": 3}),
            "decision_makers": forms.Textarea(attrs={"rows": 3}),
            "target_groups": forms.Textarea(attrs={"rows": 3}),
            "level": forms.RadioSelect,
            "access": forms.RadioSelect,
        }

    sections = [
        (_("What"), ["title", "teaser", "description", "image", "image_alt", "topics"]),
        (_("Where"), ["area", "districts"]),
        (
            _("Participation concept (“Worum es geht”)"),
            [
                "subject",
                "open_to_decision",
                "already_fixed",
                "level",
                "decision_makers",
                "target_groups",
            ],
        ),
        (_("Who can take part"), ["access", "internal_domains"]),
        (_("Contact"), ["contact_name", "contact_email", "contact_phone"]),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image"].help_text = _("PNG or JPEG, at most %(max)s.") % {
            "max": filesizeformat(uploads.LOGO.max_bytes())
        }
        self.fields["level"].choices = Project.Level.choices
        if self.instance.pk and not self.is_bound:
            self.initial["topics"] = "\n".join(t.name for t in self.instance.topics.all())
            self.initial["districts"] = "\n".join(d.name for d in self.instance.districts.all())

    def grouped(self):
        return [(title, [self[name] for name in names]) for title, names in self.sections]

    def clean_image(self):
        """Checked by content and re-encoded (core.uploads): only the image itself is kept."""
        upload = self.cleaned_data.get("image")
        return uploads.check(upload, uploads.LOGO) if upload else upload

    def _lines(self, name, limit):
        lines = [line.strip() for line in self.cleaned_data.get(name, "").splitlines()]
        lines = [line for line in lines if line]
        if any(len(line) > 100 for line in lines):
            self.add_error(name, _("Each line may have at most 100 characters."))
        elif len(lines) > limit:
            self.add_error(name, _("At most %(limit)s lines, please.") % {"limit": limit})
        return lines

    def clean_internal_domains(self):
        text = self.cleaned_data.get("internal_domains", "")
        for part in text.replace(";", ",").split(","):
            domain = part.strip().lstrip("@")
            if domain and ("." not in domain or " " in domain or "@" in domain):
                raise forms.ValidationError(
                    _("“%(domain)s” is not an e-mail domain such as “stk.example.de”.")
                    % {"domain": domain}
                )
        return text

    def clean(self):
        cleaned = super().clean()
        cleaned["topics"] = self._lines("topics", 20)
        cleaned["districts"] = self._lines("districts", 200)
        has_image = cleaned.get("image") or (
            self.instance.image and cleaned.get("image") is not False
        )
        if has_image and not cleaned.get("image_alt"):
            self.add_error(
                "image_alt", _("Please describe the image for people who cannot see it.")
            )
        # As the service takes it: a new checked image or None, and whether to remove it.
        cleaned["remove_image"] = cleaned.get("image") is False
        return cleaned

    def project_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in PROJECT_FIELDS}
        data["topics"] = self.cleaned_data["topics"]
        data["districts"] = self.cleaned_data["districts"]
        return data


class PhaseForm(OneLineFieldsMixin, forms.ModelForm):
    class Meta:
        model = Phase
        fields = ["name", "description", "starts_on", "ends_on"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        return cleaned


PhaseFormSet = forms.inlineformset_factory(
    Project, Phase, form=PhaseForm, extra=1, can_delete=True, max_num=12, validate_max=True
)


class ModuleForm(OneLineFieldsMixin, forms.ModelForm):
    # The project's phases (set in __init__: a scoped manager cannot be read at import).
    phase = forms.ModelChoiceField(label=_("phase"), queryset=None)

    class Meta:
        model = Module
        fields = ["kind", "title", "phase", "description"]
        widgets = {"kind": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = project.phases.all()
        self.fields["phase"].empty_label = None
        self.fields["phase"].error_messages["invalid_choice"] = _(
            "Please choose one of the project's phases."
        )
        if self.instance.pk:
            del self.fields["kind"]  # a module keeps its kind
        else:
            self.fields["kind"].choices = Module.Kind.choices


class AccessCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Access code"),
        max_length=40,
        help_text=_("As printed on your letter, e.g. K7QM-RX4TB."),
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(_("Please enter the code from your letter."))
        return code


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["summary", "adopted", "not_adopted", "next_steps"]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in fields}
        help_texts = {
            "summary": _("What came of the participation, in a few sentences. Markdown."),
            "adopted": _("Which contributions were adopted, and why. Markdown."),
            "not_adopted": _("Which were not, and why: people want to know this too. Markdown."),
            "next_steps": _("What happens next, and when. Markdown."),
        }
