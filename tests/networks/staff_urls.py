"""The staff URLs of networks, for the permission matrix (tests/permission_matrix.py)."""

from django_scopes import scopes_disabled

from mitwirken.networks.models import Network
from mitwirken.organisations.models import Role

from ..permission_matrix import StaffURL
from .factories import make_network

ADMIN, EDITOR = Role.ADMIN.value, Role.EDITOR.value
RUNS_NETWORKS = {ADMIN, EDITOR}


def objects(organisation) -> dict:
    return {
        "network": make_network(organisation, name="Netzwerk der Matrix"),
        "draft": make_network(organisation, name="Entwurf", status=Network.Status.DRAFT),
        "concluded": make_network(
            organisation, name="Abgeschlossen", status=Network.Status.CONCLUDED
        ),
    }


def _pk(name):
    return lambda o: {"pk": o[name].pk}


def _status(name):
    def read(o):
        with scopes_disabled():
            return Network.objects.filter(pk=o[name].pk).values_list("status", flat=True).first()

    return read


def _names(o):
    with scopes_disabled():
        organisation = o["network"].organisation
        return sorted(
            Network.objects.filter(organisation=organisation).values_list("name", flat=True)
        )


STAFF_URLS = {
    "networks:staff_list": StaffURL(RUNS_NETWORKS),
    "networks:staff_new": StaffURL(RUNS_NETWORKS),
    "networks:staff_edit": StaffURL(RUNS_NETWORKS, kwargs=_pk("network")),
    "networks:staff_conclude": StaffURL(RUNS_NETWORKS, kwargs=_pk("network")),
    "networks:staff_publish": StaffURL(
        RUNS_NETWORKS, "post", kwargs=_pk("draft"), effect=_status("draft")
    ),
    "networks:staff_reopen": StaffURL(
        RUNS_NETWORKS, "post", kwargs=_pk("concluded"), effect=_status("concluded")
    ),
}
