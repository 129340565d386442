"""Who may moderate comments: the organisation's moderators and admins, the platform admin,
and whoever the commented object's owner names (``registry``: e.g. a network's
coordinators)."""

import rules

from mitwirken.core.rules import is_platform_admin
from mitwirken.organisations.rules import is_org_admin, is_org_moderator

from .registry import entry_for


@rules.predicate
def moderates_the_organisation(user, comment):
    return user.has_perm("comments.moderate", comment.organisation)


@rules.predicate
def is_named_moderator(user, comment):
    """The owner of the commented object names this person a moderator of it."""
    target = comment.target
    entry = entry_for(target) if target is not None else None
    return bool(entry and entry.is_moderator(user, target))


rules.add_perm("comments.moderate", is_org_moderator | is_platform_admin)
rules.add_perm("comments.change_settings", is_org_admin | is_platform_admin)
rules.add_perm("comments.moderate_comment", moderates_the_organisation | is_named_moderator)
