"""The network-role URLs of profiles and the member directory, for the network permission
matrix (tests/networks/matrix.py)."""

from .factories import make_member
from .matrix import MEMBERS_AND_UP, RUNS_NETWORK, NetworkURL
from .profiles_support import make_profile

# The members list is members-only by default (Network.members_audience): members and the
# organisation's staff see it; a member's photo only those who see its field (members, and
# whoever coordinates; an organisation's moderator sees the names only).
SEES_MEMBER_FIELDS = {"member", "coordinator"} | RUNS_NETWORK


def objects(network) -> dict:
    member = make_member(network).user
    make_profile(member, function="Ansprechperson für Beteiligung", photo=True)
    return {"profile_member": member}


def _network(o):
    return {"pk": o["network"].pk}


def _photo(o):
    return {"pk": o["network"].pk, "user_id": o["profile_member"].pk}


NETWORK_URLS = {
    "networks:members": NetworkURL(MEMBERS_AND_UP, kwargs=_network),
    "networks:member_photo": NetworkURL(SEES_MEMBER_FIELDS, kwargs=_photo),
    "networks:members_csv": NetworkURL(RUNS_NETWORK, kwargs=_network),
    "networks:members_xlsx": NetworkURL(RUNS_NETWORK, kwargs=_network),
}
