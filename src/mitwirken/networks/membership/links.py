"""Where the membership pages send people: the network's page (``networks:detail``, built
by the network pages' part) if it is there, else "Meine Netzwerke"."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse


def network_path(network) -> str:
    try:
        return reverse(
            "networks:detail", kwargs={"org": network.organisation.slug, "pk": network.pk}
        )
    except NoReverseMatch:
        return reverse("networks:my_networks")


def network_url(network) -> str:
    return settings.SITE_URL + network_path(network)


def coordinator_url(name, network, **kwargs) -> str:
    return settings.SITE_URL + reverse(
        name, kwargs={"org": network.organisation.slug, "pk": network.pk, **kwargs}
    )


def invitation_url(invitation) -> str:
    return settings.SITE_URL + reverse(
        "networks:accept_invitation", kwargs={"token": invitation.token}
    )


def my_networks_url() -> str:
    return settings.SITE_URL + reverse("networks:my_networks")
