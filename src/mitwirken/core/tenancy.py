"""Tenant isolation that fails closed (django-scopes).

Every model that belongs to an organisation uses ``ScopedManager(organisation=...)``; a query
on it raises unless the code runs inside ``scope(organisation=...)`` or an explicit
``scopes_disabled()``. Views get their scope from ``organisations.tenancy.organisation_view``.
"""

from django_scopes import scopes_disabled


class ScopesDisabledForAdminMiddleware:
    """Django's admin is the platform admin's tool across all tenants."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/"):
            with scopes_disabled():
                return self.get_response(request)
        return self.get_response(request)
