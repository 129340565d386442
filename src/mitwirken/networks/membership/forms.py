from django import forms
from django.utils.translation import gettext_lazy as _

from mitwirken.questionnaires.forms import answers_of, question_fields


def application_form_class(questions):
    """The application: the network's questions (``question_fields``) and a message."""
    fields = {
        "message": forms.CharField(
            label=_("Your message to the coordinators"),
            max_length=5000,
            required=False,
            widget=forms.Textarea(attrs={"rows": 6}),
            help_text=_("Why you would like to join, what you bring along."),
        ),
        **question_fields(questions),
    }

    def answers(self):
        return answers_of(self, questions)

    return type("ApplicationForm", (forms.Form,), {**fields, "answers": answers})


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the person is told it)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Please give a reason: the person is told it.")},
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)


class StaffCoordinatorForm(forms.Form):
    """One of the organisation's staff (offered as choices: a posted id is compared with
    them, never looked up as it is)."""

    staff_role = forms.TypedChoiceField(
        label=_("Person of the organisation's staff"),
        coerce=int,
        error_messages={"invalid_choice": _("Please choose a person from the list.")},
    )

    def __init__(self, *args, staff_roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff_roles = {role.pk: role for role in staff_roles}
        self.fields["staff_role"].choices = [("", "---------")] + [
            (pk, f"{role.user.public_name} ({role.get_role_display()})")
            for pk, role in self.staff_roles.items()
        ]

    def clean_staff_role(self):
        return self.staff_roles[self.cleaned_data["staff_role"]]
