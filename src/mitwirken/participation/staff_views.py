"""Staff pages of participation under /<org>/verwaltung/beteiligung/. Thin: parse, check (the
staff_view decorator), call a use-case or a query, render."""

import re

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.core.validators import validate_email
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mitwirken.core import exports
from mitwirken.organisations.tenancy import staff_view

from . import administration, feedback, invitations, queries
from .forms import FeedbackForm, ModuleForm, PhaseFormSet, ProjectForm
from .models import AccessCode, Feedback, Invitation, Module, Project, normalise_code

VIEW = "participation.view_staff_area"
CHANGE = "participation.change_project"


def _project(pk) -> Project:
    return get_object_or_404(Project.objects.select_related("organisation"), pk=pk)


def _posted(request):
    return request.POST if request.method == "POST" else None


def _context(organisation, project, **extra) -> dict:
    return {"organisation": organisation, "project": project, **extra}


@staff_view(VIEW)
def project_list(request, organisation):
    page = Paginator(queries.staff_projects(organisation), 30).get_page(request.GET.get("seite"))
    return render(
        request,
        "participation/staff/list.html",
        {
            "organisation": organisation,
            "page": page,
            "can_create": request.user.has_perm(CHANGE, organisation),
        },
    )


@staff_view(CHANGE)
def project_create(request, organisation):
    return _project_form(request, organisation, None)


@staff_view(CHANGE)
def project_edit(request, organisation, pk):
    return _project_form(request, organisation, _project(pk))


def _project_form(request, organisation, project):
    data, files = _posted(request), request.FILES if request.method == "POST" else None
    form = ProjectForm(data, files, instance=project)
    if data is not None and form.is_valid():
        fields = form.project_data()
        if project is None:
            project = administration.create_project(request.user, organisation, **fields)
            messages.success(
                request,
                _("The project has been created as a draft, with four phases to adjust."),
            )
        else:
            project = administration.update_project(
                request.user, project, remove_image=form.cleaned_data["remove_image"], **fields
            )
            messages.success(request, _("The project has been saved."))
        return redirect("participation:staff_edit", org=organisation.slug, pk=project.pk)
    context = _context(organisation, project, form=form)
    if project is not None:
        context["publish_problems"] = administration.publish_problems(project)
    return render(request, "participation/staff/form.html", context)


@staff_view(CHANGE)
def project_phases(request, organisation, pk):
    project = _project(pk)
    formset = PhaseFormSet(_posted(request), instance=project, prefix="phasen")
    if request.method == "POST" and formset.is_valid():
        rows = [
            {
                "id": form.instance.pk,
                "delete": formset.can_delete and form.cleaned_data.get("DELETE", False),
                **{name: form.cleaned_data.get(name) for name in form.Meta.fields},
            }
            for form in formset.forms
            if form.has_changed() or form.instance.pk
        ]
        try:
            administration.save_phases(request.user, project, rows)
        except administration.ProjectStateError as error:
            for reason in error.reasons:
                messages.error(request, reason)
        else:
            messages.success(request, _("The phases have been saved."))
            return redirect("participation:staff_phases", org=organisation.slug, pk=project.pk)
    return render(
        request, "participation/staff/phases.html", _context(organisation, project, formset=formset)
    )


@staff_view(CHANGE)
def module_new(request, organisation, pk):
    project = _project(pk)
    form = ModuleForm(_posted(request), project=project)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        module = administration.add_module(
            request.user,
            project,
            kind=data["kind"],
            title=data["title"],
            phase=data["phase"],
            description=data["description"],
        )
        messages.success(request, _("The module has been added."))
        return redirect(
            "participation:staff_module", org=organisation.slug, pk=project.pk, module=module.pk
        )
    return render(
        request, "participation/staff/module_form.html", _context(organisation, project, form=form)
    )


@staff_view(CHANGE)
def module_edit(request, organisation, pk, module):
    project = _project(pk)
    module = get_object_or_404(Module.objects.select_related("phase"), pk=module, project=project)
    form = ModuleForm(_posted(request), instance=module, project=project)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        administration.update_module(
            request.user,
            module,
            title=data["title"],
            phase=data["phase"],
            description=data["description"],
        )
        messages.success(request, _("The module has been saved."))
        return redirect(
            "participation:staff_module", org=organisation.slug, pk=project.pk, module=module.pk
        )
    return render(
        request,
        "participation/staff/module_form.html",
        _context(organisation, project, form=form, module=module),
    )


def _change_status(request, organisation, project, step, done):
    try:
        step(request.user, project)
    except administration.ProjectStateError as error:
        for reason in error.reasons:
            messages.error(request, reason)
    else:
        messages.success(request, done)
    return redirect("participation:staff_edit", org=organisation.slug, pk=project.pk)


@require_POST
@staff_view(CHANGE)
def project_publish(request, organisation, pk):
    return _change_status(
        request,
        organisation,
        _project(pk),
        administration.publish_project,
        _("The project has been published: everyone can see it now."),
    )


@staff_view(CHANGE)
def project_conclude(request, organisation, pk):
    """Concluding asks first (a page that says what it means), then posts."""
    project = _project(pk)
    if request.method == "POST":
        return _change_status(
            request,
            organisation,
            project,
            administration.conclude_project,
            _("The project has been concluded. Its pages and feedback stay online."),
        )
    return render(
        request,
        "participation/staff/conclude.html",
        _context(organisation, project, problems=administration.conclude_problems(project)),
    )


@require_POST
@staff_view(CHANGE)
def project_archive(request, organisation, pk):
    return _change_status(
        request,
        organisation,
        _project(pk),
        administration.archive_project,
        _("The project has been moved to the archive."),
    )


# Restricted access: invitations and access codes -------------------------------------------


class InviteForm(forms.Form):
    emails = forms.CharField(
        label=gettext_lazy("E-mail addresses"),
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("One or more, separated by line breaks, commas or semicolons."),
    )

    def clean_emails(self):
        addresses = [a for a in re.split(r"[\s,;]+", self.cleaned_data["emails"]) if a]
        wrong = []
        for address in addresses:
            try:
                validate_email(address)
            except forms.ValidationError:
                wrong.append(address)
        if wrong:
            raise forms.ValidationError(
                _("These are not e-mail addresses: %(addresses)s")
                % {"addresses": ", ".join(wrong[:10])}
            )
        if len(addresses) > 2000:
            raise forms.ValidationError(_("At most 2,000 addresses at once, please."))
        return addresses


class CodesForm(forms.Form):
    count = forms.IntegerField(
        label=gettext_lazy("Number of codes"), min_value=1, max_value=invitations.MAX_CODES_AT_ONCE
    )
    batch = forms.CharField(
        label=gettext_lazy("Batch"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("E.g. “Zufallsstichprobe März”: to find the codes again."),
    )


@staff_view(CHANGE)
def project_access(request, organisation, pk):
    project = _project(pk)
    invite_form = InviteForm(request.POST if "invite" in request.POST else None, prefix="invite")
    codes_form = CodesForm(request.POST if "codes" in request.POST else None, prefix="codes")
    if request.method == "POST":
        if invite_form.is_bound and invite_form.is_valid():
            made, skipped = invitations.invite(
                request.user, project, invite_form.cleaned_data["emails"]
            )
            messages.success(
                request, _("%(count)s invitations are being sent.") % {"count": len(made)}
            )
            if skipped:
                messages.info(
                    request,
                    _("Already invited, not invited again: %(addresses)s")
                    % {"addresses": ", ".join(skipped[:20])},
                )
            return redirect("participation:staff_access", org=organisation.slug, pk=project.pk)
        if codes_form.is_bound and codes_form.is_valid():
            invitations.make_codes(
                request.user,
                project,
                codes_form.cleaned_data["count"],
                codes_form.cleaned_data["batch"],
            )
            messages.success(request, _("The access codes have been made."))
            return redirect("participation:staff_access", org=organisation.slug, pk=project.pk)
    invitations_page = Paginator(Invitation.objects.filter(project=project), 50).get_page(
        request.GET.get("seite")
    )
    return render(
        request,
        "participation/staff/access.html",
        _context(
            organisation,
            project,
            invite_form=invite_form,
            codes_form=codes_form,
            invitations=invitations_page,
            code_batches=queries.code_batches(project),
        ),
    )


@require_POST
@staff_view(CHANGE)
def invitation_revoke(request, organisation, pk, invitation):
    project = _project(pk)
    found = get_object_or_404(Invitation, pk=invitation, project=project)
    invitations.revoke_invitation(request.user, found)
    messages.success(request, _("The invitation has been revoked: its link no longer works."))
    return redirect("participation:staff_access", org=organisation.slug, pk=project.pk)


@staff_view(CHANGE)
def codes_export(request, organisation, pk):
    """The access codes as CSV, for the mail merge of the letters."""
    project = _project(pk)
    codes = AccessCode.objects.filter(project=project, revoked_at__isnull=True)
    batch = request.GET.get("stapel")
    if batch is not None:
        codes = codes.filter(batch=batch[:100].replace("\x00", ""))

    def rows():
        yield [_("Access code"), _("Batch"), _("Link")]
        url = request.build_absolute_uri(project.get_absolute_url())
        for code in codes.order_by("pk").iterator(chunk_size=2000):
            yield [code.display, code.batch, url]

    return exports.csv_response(rows(), f"zugangscodes-{project.pk}.csv")


@require_POST
@staff_view(CHANGE)
def code_revoke(request, organisation, pk):
    project = _project(pk)
    code = AccessCode.objects.filter(
        project=project, code=normalise_code(request.POST.get("code", ""))
    ).first()
    if code is None:
        messages.error(request, _("There is no such access code in this project."))
    else:
        invitations.revoke_code(request.user, code)
        messages.success(request, _("The access code has been revoked."))
    return redirect("participation:staff_access", org=organisation.slug, pk=project.pk)


# The Rückmeldung --------------------------------------------------------------------------


@staff_view(CHANGE)
def feedback_edit(request, organisation, pk):
    project = _project(pk)
    existing = Feedback.objects.filter(project=project).first()
    form = FeedbackForm(_posted(request), instance=existing)
    if request.method == "POST" and form.is_valid():
        feedback.save_feedback(request.user, project, **form.cleaned_data)
        messages.success(
            request,
            _("The feedback has been saved.")
            if existing is None or not existing.is_published
            else _("The feedback has been saved. Nobody is told again about a change."),
        )
        return redirect("participation:staff_feedback", org=organisation.slug, pk=project.pk)
    return render(
        request,
        "participation/staff/feedback.html",
        _context(
            organisation,
            project,
            form=form,
            feedback=existing,
            waiting=feedback.waiting_for_feedback(project),
        ),
    )


@staff_view(CHANGE)
def feedback_publish(request, organisation, pk):
    """Publishing asks first (it mails everyone waiting for it), then posts."""
    project = _project(pk)
    existing = get_object_or_404(Feedback, project=project)
    if request.method == "POST":
        told = feedback.publish_feedback(request.user, project)
        messages.success(
            request,
            _("The feedback has been published; %(count)s people are being told by mail.")
            % {"count": told},
        )
        return redirect("participation:staff_feedback", org=organisation.slug, pk=project.pk)
    return render(
        request,
        "participation/staff/feedback_publish.html",
        _context(
            organisation, project, feedback=existing, waiting=feedback.waiting_for_feedback(project)
        ),
    )
