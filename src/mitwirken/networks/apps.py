from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "mitwirken.networks"
    label = "networks"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from mitwirken.core.demo import register_demo
        from mitwirken.core.navigation import register_staff_link
        from mitwirken.core.portal_sections import START, register_section
        from mitwirken.core.visibility import register_visibility

        from . import administration, demo, queries  # noqa: F401  administration: the audit actions
        from .models import Network

        register_staff_link("networks:staff_list", _("Networks"), "networks.change_network", 30)
        register_section("networks.active_networks", _organisation_section, order=30)
        register_section("networks.active_networks", _start_page_section, order=30, where=START)
        register_demo("networks", demo.load, order=30)
        register_visibility(Network, queries.visible_to)


def _organisation_section(request, organisation):
    """The organisation's home page shows its active networks, if it has any."""
    from .queries import next_networks

    networks = next_networks(NETWORKS_ON_HOME_PAGE, organisation)
    return (
        ("networks/includes/organisation_section.html", {"networks": networks})
        if networks
        else None
    )


def _start_page_section(request, organisation):
    """The portal's start page shows active networks of all organisations, if there are any."""
    from .queries import next_networks

    networks = next_networks(NETWORKS_ON_START_PAGE)
    return ("networks/includes/start_section.html", {"networks": networks}) if networks else None


NETWORKS_ON_HOME_PAGE = 5
NETWORKS_ON_START_PAGE = 6
