"""The participant's pages of memberships: join, apply, leave, accept an invitation, and
"Meine Netzwerke". Thin: the use-cases in ``services`` and ``invitations`` decide and say
why not."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mitwirken.organisations.services import (
    OrganisationError,
    WrongAddress,
    confirmed_invited_address,
)
from mitwirken.questionnaires.queries import questions_of

from ..access import network_view
from ..models import Membership
from . import invitations, links, permissions, queries, services  # noqa: F401  (permissions)
from .forms import application_form_class

TAKE_PART = "networks.take_part"


def _refused(request, network, reason):
    """The German reason why this step cannot be taken (403: the step is not open to them)."""
    context = {
        "network": network,
        "reason": str(reason),
        "network_url": links.network_path(network),
    }
    return render(request, "networks/membership/refused.html", context, status=403)


@network_view(TAKE_PART)
@require_POST
def join(request, organisation, network):
    try:
        services.join(request.user, network)
    except services.MembershipError as error:
        return _refused(request, network, error)
    messages.success(
        request, _("Welcome! You are a member of %(network)s now.") % {"network": network.name}
    )
    return redirect(links.network_path(network))


@network_view(TAKE_PART)
def apply(request, organisation, network):
    reason = services.refusal(request.user, network)
    if reason:
        return _refused(request, network, reason)
    questions = (
        questions_of(network.application_questionnaire_id)
        if network.application_questionnaire_id
        else []
    )
    form = application_form_class(questions)(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.apply(
                request.user, network, message=form.cleaned_data["message"], answers=form.answers()
            )
        except services.MembershipError as error:
            return _refused(request, network, error)
        messages.success(
            request,
            _(
                "Thank you! Your application has been sent. We have sent you a confirmation "
                "by e-mail."
            ),
        )
        return redirect(links.network_path(network))
    return render(
        request,
        "networks/membership/apply.html",
        {"network": network, "form": form, "network_url": links.network_path(network)},
    )


@network_view(TAKE_PART)
def leave(request, organisation, network):
    own = Membership.objects.filter(network=network, user=request.user).first()
    if own is None or not own.is_member:
        return _refused(request, network, _("You are not a member of this network."))
    if request.method == "POST":
        services.leave(request.user, network)
        messages.success(request, _("You have left %(network)s.") % {"network": network.name})
        return redirect(links.network_path(network))
    return render(
        request,
        "networks/membership/leave.html",
        {"network": network, "own": own, "network_url": links.network_path(network)},
    )


def _invalid_invitation(request, invitation):
    """Expired, used, withdrawn or unknown: said so (410), with the way to the network."""
    network = invitation.network if invitation is not None else None
    context = {}
    if network is not None and network.is_public:
        context = {"network": network, "network_url": links.network_path(network)}
    return render(request, "networks/membership/invitation_invalid.html", context, status=410)


def accept_invitation(request, token):
    """Only the account with the invited address, confirmed, accepts; anyone else is told
    which address was invited and how to use it; a visitor logs in or signs up and comes back."""
    invitation = invitations.find(token)
    if invitation is None or not invitation.is_open:
        return _invalid_invitation(request, invitation)
    context = {"invitation": invitation, "network": invitation.network}
    if request.user.is_authenticated:
        try:
            confirmed_invited_address(request.user, invitation)
        except WrongAddress as wrong:
            context["wrong_address"] = wrong
            status = 403 if request.method == "POST" else 200
            return render(
                request, "networks/membership/invitation_accept.html", context, status=status
            )
    if request.method == "POST" and request.user.is_authenticated:
        try:
            invitations.accept(request.user, token)
        except (services.MembershipError, OrganisationError) as error:
            messages.error(request, str(error))
            return render(request, "networks/membership/invitation_accept.html", context)
        messages.success(
            request,
            _("Welcome! You are a member of %(network)s now.")
            % {"network": invitation.network.name},
        )
        return redirect(reverse("networks:invitation_welcome", kwargs={"token": token}))
    return render(request, "networks/membership/invitation_accept.html", context)


@login_required
def invitation_welcome(request, token):
    """After accepting: the way to the network and to one's network profile."""
    invitation = invitations.find(token)
    if invitation is None or invitation.accepted_by_id != request.user.pk:
        return redirect("networks:my_networks")
    network = invitation.network
    return render(
        request,
        "networks/membership/invitation_welcome.html",
        {"network": network, "network_url": links.network_path(network)},
    )


@login_required
def my_networks(request):
    return render(
        request, "networks/membership/my_networks.html", queries.networks_of_user(request.user)
    )
