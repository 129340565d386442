from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scope

from mitwirken.core import portal_sections, ratelimit
from mitwirken.core.forms import formset_rows
from mitwirken.core.jobs import overdue_jobs

from . import queries, services
from .forms import (
    BarrierReportForm,
    InvitationForm,
    KnownBarrierFormSet,
    LegalPagesForm,
    OrganisationCreateForm,
    OrganisationProfileForm,
    RoleForm,
)
from .models import BarrierReport, Invitation, KnownBarrier, StaffRole
from .tenancy import organisation_view, staff_view

# --- Public pages ------------------------------------------------------------------------------


def organisation_list(request):
    page = Paginator(queries.listed_organisations(), 24).get_page(request.GET.get("seite"))
    return render(request, "organisations/list.html", {"page": page})


@organisation_view
def organisation_detail(request, organisation):
    """The organisation's home page: who it is, and what the apps above show of it (its
    next events, …) through the portal-sections registry."""
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "sections": portal_sections.render_sections(request, organisation),
        },
    )


def _legal_owner(request, organisation):
    """Portal-wide legal pages belong to the platform operator."""
    if organisation is not None:
        return organisation
    operator = queries.platform_operator()
    if operator is None:
        raise Http404
    request.legal_page_of_operator = True
    return operator


def _imprint(request, organisation=None):
    owner = _legal_owner(request, organisation)
    return render(request, "organisations/legal/imprint.html", {"owner": owner})


def _privacy(request, organisation=None):
    owner = _legal_owner(request, organisation)
    return render(
        request,
        "organisations/legal/privacy.html",
        {"owner": owner, "operator": queries.platform_operator()},
    )


def _accessibility(request, organisation=None):
    owner = _legal_owner(request, organisation)
    return render(
        request,
        "organisations/legal/accessibility.html",
        {"owner": owner, "barriers": queries.known_barriers(owner)},
    )


def _report_barrier(request, organisation=None):
    owner = _legal_owner(request, organisation)
    form = BarrierReportForm(
        request.POST if request.method == "POST" else None,
        initial={"page_url": request.GET.get("seite", "")[:500]},
    )
    if request.method == "POST" and not ratelimit.allow(request, "barrier_report"):
        form.is_valid()
        form.add_error(None, _("Too many reports from your connection. Please try again later."))
    elif request.method == "POST" and form.is_valid():
        with scope(organisation=owner):
            data = {key: value for key, value in form.cleaned_data.items() if key != "homepage"}
            services.report_barrier(owner, **data, language=request.LANGUAGE_CODE)
        return render(request, "organisations/legal/barrier_thanks.html", {"owner": owner})
    return render(
        request, "organisations/legal/barrier_report.html", {"owner": owner, "form": form}
    )


imprint = organisation_view(_imprint)
privacy = organisation_view(_privacy)
accessibility = organisation_view(_accessibility)
report_barrier = organisation_view(_report_barrier)
portal_imprint, portal_privacy = _imprint, _privacy
portal_accessibility, portal_report_barrier = _accessibility, _report_barrier


# --- Invitations (the link from the e-mail) ------------------------------------------------------


def accept_invitation(request, token):
    """Only an account with the invited address, confirmed, may accept; anyone else is told
    which address was invited and how to use it."""
    invitation = services.find_invitation(token)
    if invitation is None or not invitation.is_open:
        return render(request, "organisations/invitation_invalid.html", status=410)
    context = {"invitation": invitation}
    if request.user.is_authenticated:
        try:
            services.confirmed_invited_address(request.user, invitation)
        except services.WrongAddress as wrong:
            context["wrong_address"] = wrong
            status = 403 if request.method == "POST" else 200
            return render(request, "organisations/invitation_accept.html", context, status=status)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            staff_role = services.accept_invitation(request.user, token)
        except services.OrganisationError as error:
            messages.error(request, str(error))
            return render(request, "organisations/invitation_accept.html", context)
        messages.success(
            request,
            _("Welcome! You now belong to the staff of %(organisation)s.")
            % {"organisation": staff_role.organisation.name},
        )
        return redirect("organisations:staff_home", org=staff_role.organisation.slug)
    return render(request, "organisations/invitation_accept.html", context)


# --- Staff pages ---------------------------------------------------------------------------------


@staff_view("organisations.view_staff_area")
def staff_home(request, organisation):
    return render(
        request,
        "organisations/staff/home.html",
        {
            "organisation": organisation,
            "counts": queries.staff_dashboard_counts(organisation),
            # The platform admin learns here when a periodic job (the privacy purge) stopped.
            "overdue_jobs": overdue_jobs() if request.user.is_superuser else [],
        },
    )


@staff_view("organisations.change_organisation")
def edit_profile(request, organisation):
    form = OrganisationProfileForm(
        request.POST if request.method == "POST" else None,
        request.FILES or None,
        instance=organisation,
    )
    if request.method == "POST" and form.is_valid():
        services.update_profile(request.user, organisation, **form.cleaned_data)
        messages.success(request, _("The profile has been saved."))
        return redirect("organisations:edit_profile", org=organisation.slug)
    return render(
        request, "organisations/staff/profile.html", {"organisation": organisation, "form": form}
    )


@staff_view("organisations.change_legal_pages")
def edit_legal_pages(request, organisation):
    form = LegalPagesForm(request.POST if request.method == "POST" else None, instance=organisation)
    barriers = KnownBarrierFormSet(
        request.POST if request.method == "POST" else None,
        instance=organisation,
        queryset=KnownBarrier.objects.filter(organisation=organisation),
        prefix="barrieren",
    )
    if request.method == "POST" and form.is_valid() and barriers.is_valid():
        services.update_legal_pages(
            request.user, organisation, **form.cleaned_data, barriers=formset_rows(barriers)
        )
        messages.success(request, _("The legal pages have been saved."))
        return redirect("organisations:edit_legal_pages", org=organisation.slug)
    return render(
        request,
        "organisations/staff/legal.html",
        {"organisation": organisation, "form": form, "barriers": barriers},
    )


@staff_view("organisations.manage_staff")
def staff_list(request, organisation):
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite(
                request.user, organisation, form.cleaned_data["email"], form.cleaned_data["role"]
            )
        except services.OrganisationError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request,
                _("The invitation has been sent to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("organisations:staff_list", org=organisation.slug)
    return _team_page(request, organisation, form)


def _team_page(request, organisation, form):
    """The team, each with the form to change their role, the open invitations and the form
    to invite someone (``form``)."""
    staff_roles = [
        (staff_role, RoleForm(initial={"role": staff_role.role}, prefix=f"m{staff_role.pk}"))
        for staff_role in queries.staff_of(organisation)
    ]
    return render(
        request,
        "organisations/staff/staff_list.html",
        {
            "organisation": organisation,
            "staff_roles": staff_roles,
            "invitations": queries.open_invitations(organisation),
            "form": form,
        },
    )


def _staff_role(staff_role_id) -> StaffRole:
    return get_object_or_404(
        StaffRole.objects.select_related("user", "organisation"), pk=staff_role_id
    )


@require_POST
@staff_view("organisations.manage_staff")
def staff_role_change(request, organisation, staff_role_id):
    staff_role = _staff_role(staff_role_id)
    form = RoleForm(request.POST, prefix=f"m{staff_role.pk}")
    try:
        if not form.is_valid():
            raise services.OrganisationError(_("Please choose a valid role."))
        services.change_role(request.user, staff_role, form.cleaned_data["role"])
    except services.OrganisationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The role of %(name)s has been changed.") % {"name": staff_role.user.public_name},
        )
    return redirect("organisations:staff_list", org=organisation.slug)


@require_POST
@staff_view("organisations.manage_staff")
def staff_remove(request, organisation, staff_role_id):
    staff_role = _staff_role(staff_role_id)
    try:
        services.remove_from_staff(request.user, staff_role)
    except services.OrganisationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s no longer belongs to the staff.") % {"name": staff_role.user.public_name},
        )
    return redirect("organisations:staff_list", org=organisation.slug)


@require_POST
@staff_view("organisations.manage_staff")
def revoke_invitation(request, organisation, invitation_id):
    invitation = get_object_or_404(Invitation, pk=invitation_id, accepted_at__isnull=True)
    services.revoke_invitation(request.user, invitation)
    messages.success(request, _("The invitation has been withdrawn."))
    return redirect("organisations:staff_list", org=organisation.slug)


@staff_view("organisations.view_audit_log")
def audit_log(request, organisation):
    page = Paginator(queries.audit_log(organisation), 50).get_page(request.GET.get("seite"))
    return render(
        request, "organisations/staff/audit_log.html", {"organisation": organisation, "page": page}
    )


@staff_view("organisations.manage_barrier_reports")
def barrier_reports(request, organisation):
    page = Paginator(queries.barrier_reports(organisation), 50).get_page(request.GET.get("seite"))
    return render(
        request,
        "organisations/staff/barrier_reports.html",
        {"organisation": organisation, "page": page},
    )


@require_POST
@staff_view("organisations.manage_barrier_reports")
def barrier_report_answered(request, organisation, report_id):
    report = get_object_or_404(BarrierReport, pk=report_id, answered_at__isnull=True)
    services.mark_barrier_answered(request.user, report)
    messages.success(request, _("The report has been marked as answered."))
    return redirect("organisations:barrier_reports", org=organisation.slug)


# --- Platform admin ------------------------------------------------------------------------------


@login_required
def create_organisation(request):
    if not request.user.has_perm("organisations.add_organisation"):
        raise PermissionDenied
    form = OrganisationCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        organisation = services.create_organisation(request.user, **form.cleaned_data)
        messages.success(
            request,
            _("%(name)s has been created and its administrator invited.")
            % {"name": organisation.name},
        )
        return redirect("organisations:staff_home", org=organisation.slug)
    return render(request, "organisations/create.html", {"form": form})
