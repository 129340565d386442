from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The top layer: portal-wide pages that show what all apps offer."""

    name = "mitwirken.portal"
    label = "portal"
