"""The kinds of module a project can hold, as a registry: each kind (survey, idea
collection, later the live poll) says how its page is shown and what its box on the project
page shows. The kind's own code registers itself in ``ParticipationConfig.ready()``; the
project pages never import a kind's views.

    register_module_kind(
        Module.Kind.SURVEY,
        page=survey_views.module_page,       # (request, organisation, project, module)
        summary=survey_views.module_summary,  # (request, module) -> (template, context) or None
        created=surveys.module_created,        # (module): makes the Survey of a new module
    )
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ModuleKind:
    code: str
    page: Callable
    summary: Callable | None = None
    created: Callable | None = None  # (module) -> None: makes the kind's own record
    statistics: Callable | None = None  # (module) -> dashboard.ModuleStatistics


_kinds: dict[str, ModuleKind] = {}


def register_module_kind(code, *, page, summary=None, created=None, statistics=None) -> None:
    _kinds[str(code)] = ModuleKind(str(code), page, summary, created, statistics)


def module_kind(code) -> ModuleKind | None:
    return _kinds.get(str(code))
