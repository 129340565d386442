"""Links of an organisation's staff area. Each app registers its own in AppConfig.ready(), so
the staff navigation (an organisations template) never needs to know the apps above it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class StaffLink:
    url_name: str
    label: str
    permission: str
    order: int = 100


_staff_links: list[StaffLink] = []


def register_staff_link(url_name, label, permission, order=100) -> None:
    _staff_links.append(StaffLink(url_name, label, permission, order))


def staff_links_for(user, organisation) -> list[StaffLink]:
    return sorted(
        (link for link in _staff_links if user.has_perm(link.permission, organisation)),
        key=lambda link: link.order,
    )
