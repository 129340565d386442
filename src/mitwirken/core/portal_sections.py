"""Sections that the apps above the organisations app add to the portal's pages: to the
portal-wide start page ``/`` (``START``) and to an organisation's home page, its sub-portal
``/<slug>/`` (``ORGANISATION``). Events shows its next events on both, later networks and
projects theirs. Each app registers its sections in AppConfig.ready(), so the apps that own
the pages (portal, organisations) never import the apps that fill them (see
docs/contributors.md, "Layers").

A section is a function ``(request, organisation) -> (template_name, context)``, or None
when it has nothing to show; on the start page ``organisation`` is None. A page renders its
sections in their order."""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

START = "start"  # the portal's start page /
ORGANISATION = "organisation"  # an organisation's home page /<slug>/
PLACES = (START, ORGANISATION)


@dataclass(frozen=True)
class PortalSection:
    name: str
    build: Callable
    order: int = 100
    where: str = ORGANISATION


_sections: dict[tuple[str, str], PortalSection] = {}


def register_section(
    name: str, build: Callable, order: int = 100, where: str = ORGANISATION
) -> None:
    """Register (or replace, by its place and name) a section of the start page
    (``where=START``) or of the organisations' home pages (``where=ORGANISATION``)."""
    if where not in PLACES:
        raise ValueError(f"A portal section goes to one of {PLACES}, not {where!r}.")
    _sections[(where, name)] = PortalSection(name, build, order, where)


def unregister_section(name: str, where: str = ORGANISATION) -> None:
    """Remove a section (for tests that register one of their own)."""
    _sections.pop((where, name), None)


def sections(where: str = ORGANISATION) -> list[PortalSection]:
    return sorted(
        (section for section in _sections.values() if section.where == where),
        key=lambda section: (section.order, section.name),
    )


def render_sections(request, organisation=None, where: str = ORGANISATION) -> list[SafeString]:
    """The HTML of every section of the place that has something to show (for this
    organisation, on its home page)."""
    extra = {} if organisation is None else {"organisation": organisation}
    rendered = []
    for section in sections(where):
        built = section.build(request, organisation)
        if built is not None:
            template_name, context = built
            rendered.append(render_to_string(template_name, {**extra, **context}, request))
    return rendered
