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


_handlers: list[PersonalDataHandler] = []


def register(section: str, *, export: Callable, erase: Callable) -> None:
    _handlers.append(PersonalDataHandler(section, export, erase))


def handlers() -> list[PersonalDataHandler]:
    return list(_handlers)
