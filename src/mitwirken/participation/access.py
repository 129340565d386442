"""Who may see a project and who may take part in it.

A project's page (concept, timeline, results) is public once published, except for internal
participation of employees. Taking part depends on the project's access:

- public: everyone (a module may still ask for an account, e.g. to submit an idea);
- invited: a person who opened their personal invitation link in this browser, or who is
  logged in with the invited (verified) address;
- code: a person who entered a valid access code in this browser;
- internal: the organisation's staff, and people logged in with a verified address at one of
  the project's e-mail domains.

The organisation's staff may always look at every project of theirs (drafts too).

``participant(request, project)`` says who somebody is for the one-per-person rules of the
modules: their account, their invitation or their access code (whichever applies first).
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db.models import Q

from mitwirken.organisations.rules import roles_by_organisation

from .models import AccessCode, Invitation, Project

SESSION_KEY = "participation_access"  # {str(project id): {"invitation": id} | {"code": id}}


@dataclass(frozen=True)
class Participant:
    """Who takes part: exactly the things the one-per-person constraints hold on to."""

    user: object | None = None  # a logged-in user
    invitation: Invitation | None = None
    access_code: AccessCode | None = None

    @property
    def is_anonymous(self) -> bool:
        """Nothing identifies this person (a public module without login)."""
        return self.user is None and self.invitation is None and self.access_code is None


def is_staff_of(user, project) -> bool:
    if user.is_authenticated and user.is_superuser:
        return True
    return project.organisation_id in roles_by_organisation(user)


def can_view(user, project) -> bool:
    """May this person see the project's page at all?"""
    if is_staff_of(user, project):
        return True
    if project.status == Project.Status.DRAFT:
        return False
    if project.access == Project.Access.INTERNAL:
        return _is_employee(user, project)
    return True


def _verified_addresses(user) -> list[str]:
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_verified_addresses"):
        user._verified_addresses = [
            address.lower()
            for address in EmailAddress.objects.filter(user=user, verified=True).values_list(
                "email", flat=True
            )
        ]
    return user._verified_addresses


def _is_employee(user, project) -> bool:
    domains = project.internal_domain_list()
    return any(address.rsplit("@", 1)[-1] in domains for address in _verified_addresses(user))


def _granted(request, project) -> dict:
    return request.session.get(SESSION_KEY, {}).get(str(project.pk), {})


def _session_invitation(request, project):
    pk = _granted(request, project).get("invitation")
    if pk is None:
        return None
    return Invitation.objects.filter(pk=pk, project=project, revoked_at__isnull=True).first()


def _session_code(request, project):
    pk = _granted(request, project).get("code")
    if pk is None:
        return None
    return AccessCode.objects.filter(pk=pk, project=project, revoked_at__isnull=True).first()


def _account_invitation(user, project):
    addresses = _verified_addresses(user)
    if not addresses:
        return None
    same_address = Q()
    for address in addresses:
        same_address |= Q(email__iexact=address)
    return Invitation.objects.filter(same_address, project=project, revoked_at__isnull=True).first()


def participant(request, project) -> Participant | None:
    """Who this request takes part as, or None if it may not take part in the project."""
    user = request.user if request.user.is_authenticated else None
    if not can_view(request.user, project):
        return None
    access = project.access
    if access == Project.Access.PUBLIC:
        return Participant(user=user)
    if access == Project.Access.INTERNAL:
        return Participant(user=user) if user is not None else None
    if access == Project.Access.INVITED:
        invitation = _session_invitation(request, project) or (
            _account_invitation(user, project) if user else None
        )
        if invitation is not None:
            return Participant(user=user, invitation=invitation)
        return Participant(user=user) if user and is_staff_of(user, project) else None
    if access == Project.Access.CODE:
        code = _session_code(request, project)
        if code is not None:
            return Participant(user=user, access_code=code)
        return Participant(user=user) if user and is_staff_of(user, project) else None
    return None


def grant(request, project, *, invitation=None, access_code=None) -> None:
    """Remember in this browser's session that it opened an invitation or entered a code."""
    granted = dict(request.session.get(SESSION_KEY, {}))
    if invitation is not None:
        granted[str(project.pk)] = {"invitation": invitation.pk}
    elif access_code is not None:
        granted[str(project.pk)] = {"code": access_code.pk}
    request.session[SESSION_KEY] = granted
