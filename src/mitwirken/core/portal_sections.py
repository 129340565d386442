"""Sections of an organisation's home page (the sub-portal /<slug>/), added by the apps above
the organisations app: events shows the next events, later networks and projects theirs.
Each app registers its sections in AppConfig.ready(), so the organisations app, which owns
the page, never imports the apps that fill it (see docs/contributors.md, "Layers").

A section is a function ``(request, organisation) -> (template_name, context)``, or None
when it has nothing to show; the page renders the sections in their order."""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class PortalSection:
    name: str
    build: Callable
    order: int = 100


_sections: dict[str, PortalSection] = {}


def register_section(name: str, build: Callable, order: int = 100) -> None:
    """Register (or replace, by its name) a section of the organisations' home pages."""
    _sections[name] = PortalSection(name, build, order)


def sections() -> list[PortalSection]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.name))


def render_sections(request, organisation) -> list[SafeString]:
    """The HTML of every section that has something to show for this organisation."""
    rendered = []
    for section in sections():
        built = section.build(request, organisation)
        if built is not None:
            template_name, context = built
            rendered.append(
                render_to_string(template_name, {"organisation": organisation, **context}, request)
            )
    return rendered
