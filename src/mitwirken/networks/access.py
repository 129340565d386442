"""The one choke point through which a request reaches a network: ``<pk>`` of the URL, looked
up in the organisation's scope, with the permission on the network checked before the view
runs. A network the person may not see answers 404, as one that does not exist."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from mitwirken.organisations.tenancy import organisation_view

from . import notifications
from .models import Network


def network_view(permission: str = "networks.view_network"):
    """A page of one network (``<id:pk>`` in the URL): the view gets ``(request,
    organisation, network, ...)``. Without ``networks.view_network`` (a draft, for a visitor)
    the network does not exist; without ``permission`` visitors are sent to the login and
    everyone else gets 403. Coordinators' pages use ``networks.coordinate``; they need not be
    staff of the organisation, so these pages are not ``staff_view`` pages."""

    def decorator(view):
        @wraps(view)
        def checked(request, organisation, pk, *args, **kwargs):
            network = Network.objects.filter(pk=pk).select_related("organisation").first()
            if network is None or not request.user.has_perm("networks.view_network", network):
                raise Http404
            if not request.user.has_perm(permission, network):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied
            notifications.record_visit(request.user)
            return view(request, organisation, network, *args, **kwargs)

        checked.network_permission = permission
        return organisation_view(checked)

    return decorator
