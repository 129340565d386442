"""The coordinators' pages (``networks.coordinate``: coordinators, and the organisation's
editors and admins): the queue of applications, decisions with a reason, one person's
history, the members with their roles, invitations."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..access import network_view
from ..models import Membership, NetworkInvitation
from . import invitations, queries, services
from .forms import InvitationForm, ReasonForm, StaffCoordinatorForm

COORDINATE = "networks.coordinate"
MEMBERS_PER_PAGE = 50


def _back(name, network):
    return redirect(name, org=network.organisation.slug, pk=network.pk)


def _membership(network, membership_id, **filters) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_id, network=network, **filters
    )


def _done(request, network, back, use_case, *args, success, **kwargs):
    """Run a decision; its message (or the reason it was refused) on the page it returns to."""
    try:
        membership = use_case(request.user, *args, **kwargs)
    except services.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success % {"name": membership.user.public_name})
    return _back(back, network)


@network_view(COORDINATE)
def applications(request, organisation, network):
    return render(
        request,
        "networks/membership/applications.html",
        {"network": network, "applications": queries.open_applications(network)},
    )


@network_view(COORDINATE)
@require_POST
def application_accept(request, organisation, network, membership_id):
    membership = _membership(network, membership_id)
    return _done(
        request,
        network,
        "networks:applications",
        services.accept,
        membership,
        success=_("%(name)s is a member now and has been told by e-mail."),
    )


@network_view(COORDINATE)
def application_decline(request, organisation, network, membership_id):
    membership = _membership(network, membership_id, status=Membership.Status.APPLIED)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return _done(
            request,
            network,
            "networks:applications",
            services.decline,
            membership,
            reason=form.cleaned_data["reason"],
            success=_(
                "The application of %(name)s has been declined; they have been told the reason."
            ),
        )
    context = {"network": network, "membership": membership, "form": form}
    return render(request, "networks/membership/decline.html", context)


@network_view(COORDINATE)
def membership_detail(request, organisation, network, membership_id):
    membership = queries.membership_with_history(network, membership_id)
    if membership is None:
        raise Http404
    return render(
        request,
        "networks/membership/membership.html",
        {"network": network, "membership": membership},
    )


@network_view(COORDINATE)
def memberships(request, organisation, network):
    page = Paginator(queries.members(network), MEMBERS_PER_PAGE).get_page(request.GET.get("seite"))
    staff_form = StaffCoordinatorForm(staff_roles=queries.staff_not_coordinating(network))
    context = {"network": network, "page": page, "staff_form": staff_form}
    return render(request, "networks/membership/memberships.html", context)


@network_view(COORDINATE)
def member_remove(request, organisation, network, membership_id):
    membership = _membership(network, membership_id, status=Membership.Status.MEMBER)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return _done(
            request,
            network,
            "networks:memberships",
            services.remove,
            membership,
            reason=form.cleaned_data["reason"],
            success=_("%(name)s has been removed from the network and told the reason."),
        )
    context = {"network": network, "membership": membership, "form": form}
    return render(request, "networks/membership/remove.html", context)


@network_view(COORDINATE)
@require_POST
def coordinator_make(request, organisation, network, membership_id):
    membership = _membership(network, membership_id)
    return _done(
        request,
        network,
        "networks:memberships",
        services.make_coordinator,
        membership,
        success=_("%(name)s coordinates the network now."),
    )


@network_view(COORDINATE)
@require_POST
def coordinator_end(request, organisation, network, membership_id):
    membership = _membership(network, membership_id)
    return _done(
        request,
        network,
        "networks:memberships",
        services.end_coordination,
        membership,
        success=_("%(name)s no longer coordinates the network."),
    )


@network_view(COORDINATE)
@require_POST
def coordinator_add_staff(request, organisation, network):
    form = StaffCoordinatorForm(request.POST, staff_roles=queries.staff_not_coordinating(network))
    if not form.is_valid():
        messages.error(request, _("Please choose a person from the list."))
        return _back("networks:memberships", network)
    return _done(
        request,
        network,
        "networks:memberships",
        services.make_staff_coordinator,
        network,
        form.cleaned_data["staff_role"].user,
        success=_("%(name)s coordinates the network now."),
    )


@network_view(COORDINATE)
def invitation_list(request, organisation, network):
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitations.invite(request.user, network, form.cleaned_data["email"])
        except services.MembershipError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request,
                _("The invitation has been sent to %(email)s.") % {"email": invitation.email},
            )
            return _back("networks:invitations", network)
    context = {"network": network, "form": form, "invitations": queries.open_invitations(network)}
    return render(request, "networks/membership/invitations.html", context)


@network_view(COORDINATE)
@require_POST
def invitation_revoke(request, organisation, network, invitation_id):
    invitation = get_object_or_404(
        NetworkInvitation, pk=invitation_id, network=network, accepted_at__isnull=True
    )
    invitations.revoke(request.user, invitation)
    messages.success(request, _("The invitation has been withdrawn."))
    return _back("networks:invitations", network)
