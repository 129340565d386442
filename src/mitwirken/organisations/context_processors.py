from .queries import platform_operator_for_footer


def legal_pages(request):
    """The organisation whose legal pages the footer links: the page's own organisation, or
    the platform operator on portal-wide pages."""
    organisation = getattr(request, "organisation", None)
    return {
        "current_organisation": organisation,
        "legal_owner": organisation or platform_operator_for_footer(),
    }
