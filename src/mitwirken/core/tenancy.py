"""Tenant isolation that fails closed (django-scopes).

Every model of tenant data uses ``ScopedManager(organisation=...)`` as its default manager; a
query on it raises ``ScopeError`` unless the code runs inside ``scope(organisation=...)``.
Views get their scope from ``organisations.tenancy.organisation_view``, tasks from
``in_scope_of(organisation_id)``. ``scopes_disabled()`` is used only in the places named in
``SPANS_ORGANISATIONS`` (``tests/core/test_tenancy.py`` checks the source).
"""

from django_scopes import ScopeError, get_scope, scope, scopes_disabled

# The only places that switch the scopes off, as "module:function" with the reason: they
# span organisations by design. Everything else reads and writes one organisation's data
# inside that organisation's scope.
SPANS_ORGANISATIONS = {
    # The platform admin: Django's admin works across all organisations.
    "mitwirken.core.tenancy:ScopesDisabledForAdminMiddleware.__call__": (
        "Django's admin is the platform admin's tool across all organisations"
    ),
    # Portal-wide lists and feeds: the events of every organisation.
    "mitwirken.events.views:portal_list": "the portal's event list shows every organisation",
    "mitwirken.events.views:portal_feed": "the portal's calendar feed has every organisation",
    "mitwirken.events.queries:portal_events": "the events of every organisation",
    "mitwirken.events.queries:next_events": "the portal's next events, of every organisation",
    "mitwirken.events.queries:visible_to": (
        "who may see which events, across organisations (core.visibility)"
    ),
    "mitwirken.networks.pages:portal_list": "the portal's network list shows every organisation",
    "mitwirken.networks.queries:portal_filter_options": (
        "the organisations and topics of the portal's network list"
    ),
    "mitwirken.networks.queries:next_networks": "the start page's networks, of every organisation",
    "mitwirken.networks.queries:visible_to": (
        "who may see which networks, across organisations (core.visibility)"
    ),
    # One person across organisations: their roles, registrations and personal data.
    "mitwirken.organisations.rules:roles_by_organisation": "a person's roles everywhere",
    "mitwirken.networks.rules:memberships_by_network": "a person's memberships everywhere",
    "mitwirken.networks.discussion_personal_data:export": "a person's data from every organisation",
    "mitwirken.networks.notification_personal_data:export": (
        "a person's data from every organisation"
    ),
    "mitwirken.networks.notification_personal_data:erase": (
        "a person's data from every organisation"
    ),
    "mitwirken.networks.notification_views:_memberships": "a person's networks everywhere",
    "mitwirken.networks.notification_views:unsubscribe": (
        "a signed link names its thread or network before the organisation is known"
    ),
    "mitwirken.networks.digests:send_digests": "digests span a person's networks everywhere",
    "mitwirken.networks.notification_tasks:deliver_digest": (
        "a digest spans a person's networks everywhere"
    ),
    "mitwirken.networks.discussion_personal_data:erase": "a person's data from every organisation",
    "mitwirken.accounts.views:profile": "'Mein Konto' lists a person's roles everywhere",
    "mitwirken.events.queries:registrations_of_user": "a person's registrations everywhere",
    "mitwirken.networks.membership.queries:networks_of_user": (
        "'Meine Netzwerke' lists a person's memberships and invitations everywhere"
    ),
    "mitwirken.networks.personal_data:export": "a person's data from every organisation",
    "mitwirken.participation.pages:portal_list": (
        "the portal's project list shows every organisation"
    ),
    "mitwirken.participation.pages:invitation": (
        "an invitation link names its project before the organisation is known"
    ),
    "mitwirken.participation.queries:visible_to": (
        "who may see which projects, across organisations (core.visibility)"
    ),
    "mitwirken.participation.queries:public_projects": "the portal's project list",
    "mitwirken.participation.queries:listed_topics": "the topics of the portal's project list",
    "mitwirken.participation.queries:listed_organisations": (
        "the organisations of the portal's project list"
    ),
    "mitwirken.participation.queries:next_projects": "the start page's projects",
    "mitwirken.participation.personal_data:export": "a person's data from every organisation",
    "mitwirken.participation.personal_data:erase": "a person's data from every organisation",
    "mitwirken.participation.ideas_queries:contributions_of": (
        "'Meine Beteiligung' lists a person's ideas everywhere"
    ),
    "mitwirken.participation.ideas_personal_data:export": (
        "a person's data from every organisation"
    ),
    "mitwirken.participation.ideas_personal_data:erase": (
        "a person's data from every organisation"
    ),
    "mitwirken.participation.surveys.personal_data:export": (
        "a person's survey drafts and responses from every organisation"
    ),
    "mitwirken.participation.surveys.personal_data:erase": (
        "a person's survey drafts and responses from every organisation"
    ),
    "mitwirken.participation.surveys.personal_data:contributions_of": (
        "'Meine Beteiligung' lists the surveys a person answered everywhere"
    ),
    "mitwirken.networks.personal_data:erase": "a person's data from every organisation",
    "mitwirken.events.personal_data:export": "a person's data from every organisation",
    "mitwirken.events.personal_data:erase": "a person's data from every organisation",
    "mitwirken.comments.personal_data:export": "a person's data from every organisation",
    "mitwirken.comments.personal_data:erase": "a person's data from every organisation",
    "mitwirken.networks.meeting_setup:export": "a person's uploads to networks everywhere",
    "mitwirken.networks.meeting_setup:erase": "a person's uploads to networks everywhere",
    "mitwirken.organisations.personal_data:export": "a person's data from every organisation",
    "mitwirken.organisations.personal_data:erase": "a person's data from every organisation",
    "mitwirken.organisations.personal_data:erasure_blockers": (
        "whether a person is the last admin of any organisation"
    ),
    # A code or a token that is looked up before its organisation is known.
    "mitwirken.events.views:verify_certificate": "a certificate's code, of any organisation",
    "mitwirken.organisations.services:find_invitation": "an invitation's token, any organisation",
    "mitwirken.networks.membership.invitations:find": (
        "a network invitation's token, any organisation"
    ),
    # Management commands and their services, which work on every organisation.
    "mitwirken.events.management.commands.expire_offers:Command.handle": (
        "finds the expired offers of every organisation (each is handed on in its own scope)"
    ),
    "mitwirken.events.services.follow_up:purge_registrations": (
        "finds what the retention purge is due for in every organisation"
    ),
    "mitwirken.events.tasks:_organisation_of_event": (
        "tasks queued before tasks carried their organisation's id"
    ),
}


def in_scope_of(organisation_id: int):
    """The scope of the organisation a task works for (every task that touches an
    organisation's data runs in it, as a request of that organisation would)::

        with in_scope_of(organisation_id):
            ...

    A missing id is refused: ``scope(organisation=None)`` would filter by nothing."""
    if organisation_id is None:
        raise ValueError("A task works for one organisation: its id is missing.")
    return scope(organisation=organisation_id)


def check_scope_of(organisation) -> None:
    """Raise ``ScopeError`` unless the code runs in the scope of ``organisation`` (an
    Organisation or its id), or where the scopes are off (``SPANS_ORGANISATIONS``). For a
    use-case that may otherwise run no scoped query before it writes (an insert is not
    scoped): a visitor's sign-up, a confirmation on the hot path."""
    current = get_scope()
    if not current.get("_enabled", True):
        return
    active = current.get("organisation")
    active = active if isinstance(active, list | tuple) else [active]
    if getattr(organisation, "pk", organisation) not in {
        getattr(value, "pk", value) for value in active if value is not None
    }:
        raise ScopeError(
            f"This runs for organisation {getattr(organisation, 'pk', organisation)}: it "
            "needs that organisation's scope."
        )


class ScopesDisabledForAdminMiddleware:
    """Django's admin is the platform admin's tool across all tenants."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/"):
            with scopes_disabled():
                return self.get_response(request)
        return self.get_response(request)
