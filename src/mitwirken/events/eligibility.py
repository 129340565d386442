"""Who may register for an event: everyone (``Event.eligibility`` blank) or the people an app
higher up names, e.g. the members of a network the event is a meeting of.

Apps register a code with ``register_eligibility(code, label, check)`` in their
``AppConfig.ready()``; events never imports them. ``check(event, user)`` returns None if the
person (an account) may register, else the reason in the person's language, which the event
page shows with the way to become eligible. A visitor without an account is asked to log in.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Eligibility:
    code: str
    label: str
    check: Callable  # (event, user) -> None | str
    link: Callable | None = None  # (event) -> (url, text) of how to become eligible, or None


_registry: dict[str, Eligibility] = {}


def register_eligibility(code: str, label, check: Callable, link: Callable | None = None) -> None:
    _registry[code] = Eligibility(code, label, check, link)


def choices() -> list[tuple[str, str]]:
    """For a form: ("", everyone) and the registered codes."""
    return [("", _("Everyone")), *((item.code, item.label) for item in _registry.values())]


def refusal(event, user) -> str | None:
    """Why ``user`` (an account, or AnonymousUser/None) may not register for ``event``; None
    if they may. An unknown code (its app removed) refuses: registration fails closed."""
    if not event.eligibility:
        return None
    if user is None or not user.is_authenticated:
        return _("Only certain people may register for this event. Please log in.")
    found = _registry.get(event.eligibility)
    if found is None:
        return _("Registration for this event is not open.")
    return found.check(event, user)


def way_in(event) -> tuple[str, str] | None:
    """(url, text) of the page where a refused person learns how to become eligible."""
    found = _registry.get(event.eligibility)
    return found.link(event) if found is not None and found.link is not None else None
