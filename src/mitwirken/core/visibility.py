"""Who may see which content, in one place per app. Each app registers, for each kind of
content it owns, a function ``visible_to(user)`` that returns the queryset of everything that
person may see — public to everyone, members-only to members, drafts to the organisation's
staff — across all organisations. The portal, the search and the API ask here instead of
writing the rule again.

    register_visibility(Event, queries.visible_to)   # in EventsConfig.ready()
    visible(Event, request.user).filter(...)
"""

from collections.abc import Callable

_rules: dict[type, Callable] = {}


def register_visibility(model: type, visible_to: Callable) -> None:
    _rules[model] = visible_to


def visible(model: type, user):
    """Everything of ``model`` that ``user`` (a user, anonymous or None) may see."""
    return _rules[model](user)


def registered() -> list[type]:
    return list(_rules)
