from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mitwirken.core import uploads
from mitwirken.core.forms import HoneypotMixin
from mitwirken.core.validators import has_control_characters
from mitwirken.questionnaires.forms import answers_of, mark_full_options, question_fields

from .models import (
    Event,
    EventMessage,
    Format,
    Material,
    Mode,
    ProgrammeItem,
    Series,
    Speaker,
    Tag,
)
from .services.management import EVENT_FIELDS

# The kinds of registration question the builder offers: every kind of question; no
# sections (a registration is one page) and no conditions.
QUESTION_KINDS = (
    "short_text",
    "long_text",
    "single_choice",
    "multiple_choice",
    "checkbox",
    "number",
    "yes_no",
    "date",
    "scale",
    "matrix",
    "ranking",
)

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
# Dates far from today are typing errors; near the years 1 and 9999 moving an event or
# adding its duration overflows.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def _year_error():
    return _("Please give a date between the years %(earliest)d and %(latest)d.") % {
        "earliest": EARLIEST_YEAR,
        "latest": LATEST_YEAR,
    }


def _check_years(form) -> None:
    for name, value in list(form.cleaned_data.items()):
        if isinstance(value, datetime) and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            form.add_error(name, _year_error())


class TagField(forms.CharField):
    """Comma-separated names, e.g. 'Kommunalverwaltung, Ratsmitglieder'. (CharField's own
    check for NUL runs on the list this returns and misses them, so it checks here.)"""

    def to_python(self, value):
        value = super().to_python(value)
        if has_control_characters(value):
            raise ValidationError(
                _(
                    "Please remove the control characters (such as null bytes): they are not "
                    "allowed."
                )
            )
        names = [part.strip() for part in value.split(",") if part.strip()]
        for name in names:
            if len(name) > 100:
                raise ValidationError(_("Each entry may have at most 100 characters."))
        return list(dict.fromkeys(names))


class EventForm(forms.ModelForm):
    # Declared here because a scoped queryset cannot be built before a request's scope.
    series = forms.ModelChoiceField(queryset=None, required=False, label=_("series"))
    topics = TagField(
        label=_("Topics"),
        required=False,
        max_length=1000,
        help_text=_("Separate several with commas."),
    )
    target_groups = TagField(
        label=_("Target groups"),
        required=False,
        max_length=1000,
        help_text=_(
            "E.g. state administration staff, municipal "
            "administration, council members. Separate with commas."
        ),
    )

    class Meta:
        model = Event
        fields = list(EVENT_FIELDS)  # what the use-case takes
        widgets = {
            "description": forms.Textarea(attrs={"rows": 10}),
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "registration_opens_at": DATETIME,
            "registration_closes_at": DATETIME,
        }
        help_texts = {
            "description": _("Markdown: **bold**, - list, [link](https://…)"),
            "join_url": _("Shown only to confirmed participants."),
        }

    sections = [
        (
            _("What"),
            [
                "format",
                "status",
                "title",
                "teaser",
                "description",
                "series",
                "topics",
                "target_groups",
            ],
        ),
        (_("When"), ["starts_at", "ends_at"]),
        (
            _("Where"),
            [
                "mode",
                "venue_name",
                "venue_street",
                "venue_postal_code",
                "venue_city",
                "online_provider",
                "join_url",
                "access_code",
                "dial_in",
            ],
        ),
        (_("Contact"), ["contact_name", "contact_email", "contact_phone"]),
        (
            _("Registration"),
            [
                "capacity",
                "registration_opens_at",
                "registration_closes_at",
                "waiting_list",
                "promotion",
                "offer_hours",
                "promotion_cutoff_hours",
                "requires_approval",
                "is_recorded",
            ],
        ),
    ]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["series"].queryset = Series.objects.filter(organisation=organisation)
        for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"]
        # Not "(optional)": events in person need it (clean); the help text says when.
        self.fields["venue_city"].required_when = True
        self.fields["venue_city"].help_text = _("Needed for events in person and hybrid ones.")
        if self.instance.pk:
            tags = list(self.instance.tags.all())
            self.initial["topics"] = ", ".join(t.name for t in tags if t.kind == Tag.Kind.TOPIC)
            self.initial["target_groups"] = ", ".join(
                t.name for t in tags if t.kind == Tag.Kind.TARGET_GROUP
            )

    def grouped(self):
        return [(title, [self[name] for name in names]) for title, names in self.sections]

    def clean(self):
        cleaned = super().clean()
        _check_years(self)
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must be after the start."))
        closes = cleaned.get("registration_closes_at")
        opens = cleaned.get("registration_opens_at")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", _("Registration must close after it opens."))
        if opens and starts and opens >= starts:
            self.add_error("registration_opens_at", _("Registration must open before the start."))
        join_url = cleaned.get("join_url") or ""
        if join_url and not join_url.lower().startswith(("https://", "http://")):
            self.add_error("join_url", _("Please give a web address starting with https://."))
        mode = cleaned.get("mode")
        if mode in (Mode.IN_PERSON, Mode.HYBRID) and not cleaned.get("venue_city"):
            self.add_error("venue_city", _("Please give the place of an in-person event."))
        if (
            mode in (Mode.ONLINE, Mode.HYBRID)
            and cleaned.get("status") == Event.Status.PUBLISHED
            and not cleaned.get("join_url")
        ):
            self.add_error("join_url", _("Please give the join link of an online event."))
        return cleaned


SpeakerFormSet = forms.inlineformset_factory(
    Event,
    Speaker,
    fields=["name", "role", "organisation_name", "bio"],
    extra=1,
    can_delete=True,
    max_num=20,
    widgets={"bio": forms.Textarea(attrs={"rows": 3})},
)


class ProgrammeItemForm(forms.ModelForm):
    class Meta:
        model = ProgrammeItem
        fields = ["starts_at", "ends_at", "title", "details", "room"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME}

    def clean(self):
        cleaned = super().clean()
        _check_years(self)
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The end must be after the start."))
        return cleaned


ProgrammeFormSet = forms.inlineformset_factory(
    Event,
    ProgrammeItem,
    form=ProgrammeItemForm,
    extra=1,
    can_delete=True,
    max_num=60,
)


class _FutureStartForm(forms.Form):
    def clean_starts_at(self):
        value = self.cleaned_data["starts_at"]
        if value < timezone.now():
            raise ValidationError(_("The start must be in the future."))
        if value.year > LATEST_YEAR:
            raise ValidationError(_year_error())
        return value


class PresetForm(_FutureStartForm):
    format = forms.ChoiceField(label=_("Format"), choices=Format.choices, widget=forms.RadioSelect)
    starts_at = forms.DateTimeField(
        label=_("Start of the event"),
        widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"],
    )


class DuplicateForm(_FutureStartForm):
    starts_at = forms.DateTimeField(
        label=_("Start of the next event"),
        widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"],
    )


class MaterialForm(forms.ModelForm):
    class Meta:
        model = Material
        fields = ["kind", "title", "file", "url", "visibility"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.widget.attrs["accept"] = uploads.MATERIAL.accept()
        field.help_text = _(
            "Allowed are: %(types)s. At most %(max)s, audio and video at most %(media_max)s."
        ) % {
            "types": uploads.MATERIAL.allowed_labels(),
            "max": filesizeformat(uploads.MATERIAL.max_bytes()),
            "media_max": filesizeformat(uploads.MATERIAL.max_bytes("media")),
        }

    def clean_file(self):
        """Checked by content (core.uploads); the checked file keeps the original name."""
        upload = self.cleaned_data.get("file")
        return uploads.check(upload, uploads.MATERIAL) if upload else upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not cleaned.get("url"):
            raise ValidationError(_("Please upload a file or give a link."))
        if cleaned.get("file") and cleaned.get("url"):
            raise ValidationError(_("Please upload a file or give a link, not both."))
        return cleaned


class MessageForm(forms.ModelForm):
    class Meta:
        model = EventMessage
        fields = ["audience", "subject", "body"]
        labels = {"audience": _("Recipients")}
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Check-in code"), max_length=20)


def registration_form_class(event, questions, *, with_email: bool):
    """The registration form of one event: name, e-mail (not with an account), its
    ``questions`` (with their choices), the consents."""
    fields = {
        "name": forms.CharField(
            label=_("Name"),
            max_length=150,
            help_text=_("As it should appear on the certificate of attendance."),
        )
    }
    if with_email:
        fields["email"] = forms.EmailField(label=_("E-mail address"), max_length=254)
    fields.update(question_fields(questions))
    fields["accept_privacy"] = forms.BooleanField(
        # Lazy: the class is shared by visitors of every language.
        label=lazy(_consent_label, SafeString)(event.organisation.slug),
        error_messages={"required": _("Please agree to the processing of your details.")},
    )
    if event.is_recorded:
        fields["accept_recording"] = forms.BooleanField(
            label=_("I agree that the event is recorded."),
            error_messages={
                "required": _("This event is recorded. Please agree to the recording to take part.")
            },
        )

    def answers(self):
        return answers_of(self, questions)

    def mark_full_choices(self, full_choices):
        """``full_choices``: IDs of options whose seat limit is reached now
        (``queries.full_choice_ids``); they are marked, or disabled without a waiting list."""
        mark_full_options(self, full_choices, disable=not event.waiting_list)

    return type(
        "RegistrationForm",
        (HoneypotMixin,),
        {
            **fields,
            "honeypot_error": _("Your registration could not be sent."),
            "mark_full_choices": mark_full_choices,
            "answers": answers,
        },
    )


def _consent_label(organisation_slug) -> SafeString:
    """The consent with a link to the organisation's privacy notice (same tab: the form
    keeps its input when the person comes back)."""
    return format_html(
        gettext(
            "I agree that my details are processed to organise this event, as described "
            'in the <a class="kern-link" href="{}">privacy notice</a>.'
        ),
        reverse("organisations:datenschutz", kwargs={"org": organisation_slug}),
    )
