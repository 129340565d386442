"""The one choke point through which a request enters an organisation's scope."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django_scopes import scope

from .queries import organisation_by_slug


def organisation_view(view=None, *, include_operator=False):
    """Resolve ``<org>`` from the URL, put it on ``request.organisation`` and run the view
    inside that organisation's scope: scoped queries see only its rows. The platform operator
    has no public sub-portal, only staff pages."""
    if view is None:
        return lambda view: organisation_view(view, include_operator=include_operator)

    @wraps(view)
    def wrapper(request, org, *args, **kwargs):
        organisation = organisation_by_slug(org)
        if (
            organisation is None
            or not organisation.is_active
            or (organisation.is_platform_operator and not include_operator)
        ):
            raise Http404
        request.organisation = organisation
        with scope(organisation=organisation):
            return view(request, organisation, *args, **kwargs)

    return wrapper


def staff_view(permission):
    """An organisation's staff page: visitors are sent to the login, people without the
    permission for this organisation get 403."""

    def decorator(view):
        @wraps(view)
        def checked(request, organisation, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(permission, organisation):
                raise PermissionDenied
            return view(request, organisation, *args, **kwargs)

        checked.staff_permission = permission
        return organisation_view(checked, include_operator=True)

    return decorator
