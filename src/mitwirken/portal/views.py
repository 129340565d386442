from django.shortcuts import render

from mitwirken.core import portal_sections
from mitwirken.organisations.queries import listed_organisations


def home(request):
    """The portal's start page: what the portal is, what the apps show of all organisations
    (the next events, …) through the portal-sections registry, and the organisations."""
    return render(
        request,
        "portal/home.html",
        {
            "organisations": listed_organisations()[:12],
            "sections": portal_sections.render_sections(request, where=portal_sections.START),
        },
    )
