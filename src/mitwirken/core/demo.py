"""The demo content of ``make run`` (``manage.py load_demo``), by addition: each app
registers a loader in its AppConfig.ready(); they run in order (organisations and people
first, then what belongs to them). A loader creates only what is missing (edited data stays)
and returns the demo logins it made, as (role, e-mail)."""

from collections.abc import Callable

_loaders: list[tuple[int, str, Callable]] = []


def register_demo(name: str, load: Callable[[], list | None], *, order: int) -> None:
    _loaders.append((order, name, load))


def load_all() -> list[tuple[str, str]]:
    logins = []
    for _order, _name, load in sorted(_loaders, key=lambda loader: loader[:2]):
        logins += load() or []
    return logins
