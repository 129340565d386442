"""The harness of the network permission matrix (tests/networks/test_network_matrix.py).

Network pages are reached through network roles, not only staff roles: each part of the
networks app lists its URLs that need one in ``tests/networks/network_urls_<part>.py``:

- ``NETWORK_URLS``: url name -> ``NetworkURL`` (the roles allowed on an *active, published*
  network of the organisation, the method, the URL's arguments and POST data, and for a POST
  the ``effect``: the state it changes, read before and after);
- ``objects(network)``: the objects its URLs point at, in a dict (``network`` is in it).

The roles, each a person of its own:"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROLES = (
    "visitor",  # not logged in
    "participant",  # an account, no relation to the network
    "applicant",  # applied, not yet accepted
    "member",
    "coordinator",  # a member with the coordinator role, not staff
    "org_editor",
    "org_moderator",
    "org_admin",
    "other_org_staff",  # admin of another organisation
    "platform_admin",
)
STAFF = {"org_editor", "org_moderator", "org_admin", "platform_admin"}
RUNS_NETWORK = {"coordinator", "org_editor", "org_admin", "platform_admin"}
MODERATES = {"coordinator", "org_moderator", "org_admin", "platform_admin"}
MEMBERS_AND_UP = {"member", "coordinator"} | STAFF
EVERYONE = set(ROLES)


@dataclass(frozen=True)
class NetworkURL:
    roles: set
    method: str = "get"
    kwargs: Callable[[dict], dict] = field(default=lambda objects: {})
    data: Callable[[dict], dict] = field(default=lambda objects: {})
    # For a POST: the state it changes (read before and after); required for every POST.
    effect: Callable[[dict], object] | None = None


def contributions() -> list:
    here = Path(__file__).parent
    return [
        importlib.import_module(f"tests.networks.{path.stem}")
        for path in sorted(here.glob("network_urls_*.py"))
    ]


def network_urls() -> dict[str, NetworkURL]:
    return {name: url for module in contributions() for name, url in module.NETWORK_URLS.items()}


def objects(network) -> dict:
    found = {"network": network}
    for module in contributions():
        found.update(module.objects(network))
    return found
