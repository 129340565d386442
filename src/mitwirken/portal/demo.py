"""German demo content for `make run` (``manage.py load_demo``): the platform first, then what
every app registers with ``core.demo`` (organisations and people, then events, …)."""

from django.db import transaction

from mitwirken.core.demo import load_all
from mitwirken.organisations.demo import DEMO_PASSWORD, operator_fields

from .platform import init_platform

__all__ = ["DEMO_PASSWORD", "load"]


@transaction.atomic
def load() -> list[tuple[str, str]]:
    """Create what is missing; return (role, e-mail) of every demo login."""
    operator = operator_fields()
    init_platform(operator.pop("name"), **operator)
    return load_all()
