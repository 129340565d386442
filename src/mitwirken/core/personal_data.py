"""A registry through which each app exports and erases what it stores about a person.

Apps low in the stack (accounts) must not import apps above them (organisations, events), yet
"Meine Daten" and account deletion must reach all of them. Each app registers its functions in
its AppConfig.ready(); accounts calls them all.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PersonalDataHandler:
    section: str
    export: Callable  # (user) -> JSON-serialisable data
    erase: Callable  # (user) -> None; runs inside the deletion transaction
    # (user) -> [reason, …] why the account cannot be deleted yet, e.g. its last admin role
    erasure_blockers: Callable | None = None


_handlers: list[PersonalDataHandler] = []


def register(
    section: str, *, export: Callable, erase: Callable, erasure_blockers: Callable | None = None
) -> None:
    _handlers.append(PersonalDataHandler(section, export, erase, erasure_blockers))


def erasure_blockers(user) -> list[str]:
    """What must happen before the account can be deleted, in words for the person."""
    return [
        reason
        for handler in _handlers
        if handler.erasure_blockers
        for reason in handler.erasure_blockers(user)
    ]


def handlers() -> list[PersonalDataHandler]:
    return list(_handlers)
