"""'Meine Beteiligung': what a person contributed to participation projects, and its status.
Each module kind registers a function that lists the person's contributions of its kind (in
``ParticipationConfig.ready()``); the page shows them newest first.

    register_contributions(ideas_queries.contributions_of)   # (user) -> [Contribution, ...]
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Contribution:
    project: object  # the Project (with its organisation read)
    kind: str  # "Idee", "Umfrage", … (translated)
    title: str
    status: str  # where it stands, for the person, translated
    url: str
    when: date | datetime | None = None


_sources: list[Callable] = []


def register_contributions(source: Callable) -> None:
    if source not in _sources:
        _sources.append(source)


def contributions_of(user) -> list[Contribution]:
    """Everything the person contributed, newest first (each source reads in one or two
    queries, across organisations)."""
    found = [item for source in _sources for item in source(user)]

    def newest(item):
        when = item.when
        if when is None:
            return ""
        return when.date().isoformat() if isinstance(when, datetime) else when.isoformat()

    return sorted(found, key=newest, reverse=True)
