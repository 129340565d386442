"""The harness of the permission matrix (tests/core/test_permission_matrix.py). Each app
contributes its staff URLs in ``tests/<app>/staff_urls.py``:

- ``STAFF_URLS``: url name -> ``StaffURL`` (roles of an organisation allowed on its own
  objects, the method, the URL's arguments and POST data, and for a POST the ``effect``: the
  state it changes, read before and after);
- ``PLATFORM_URLS`` (optional): url name -> (kwargs, method), for the platform admin only;
- ``objects(organisation)``: one object of each kind its URLs point at, in a dict.
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

TESTS = Path(__file__).parent


@dataclass(frozen=True)
class StaffURL:
    roles: set
    method: str = "get"
    kwargs: Callable[[dict], dict] = field(default=lambda objects: {})
    data: Callable[[dict], dict] = field(default=lambda objects: {})
    # For a POST: the state it changes (read before and after); required for every POST.
    effect: Callable[[dict], object] | None = None


def contributions() -> list:
    """The ``staff_urls`` modules of every app's tests."""
    return [
        importlib.import_module(f"tests.{path.parent.name}.staff_urls")
        for path in sorted(TESTS.glob("*/staff_urls.py"))
    ]


def staff_urls() -> dict[str, StaffURL]:
    return {name: url for module in contributions() for name, url in module.STAFF_URLS.items()}


def platform_urls() -> dict:
    return {
        name: url
        for module in contributions()
        for name, url in getattr(module, "PLATFORM_URLS", {}).items()
    }


def objects(organisation) -> dict:
    found = {}
    for module in contributions():
        found.update(module.objects(organisation))
    return found
