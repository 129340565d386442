"""@-mentions in discussion posts: "@Erika Muster" names a member of the network by the name
the portal shows for them (one to four words). Only members can be mentioned, at most
``MAX_MENTIONS`` a post; anything else is a German error for the form, never a guess."""

import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from .models import Membership

MAX_MENTIONS = 10
# "@" at the start of the text or after a space or an opening bracket/quote (an e-mail address
# "a@b.de" is no mention), then up to four words ({0,3} more).
_MENTION = re.compile(r"(?:^|(?<=[\s(„\"'»]))@(\w[\w.'-]*(?:[ \t]+\w[\w.'-]*){0,3})")


@dataclass
class Mentions:
    users: list = field(default_factory=list)
    errors: list = field(default_factory=list)


def _candidates(text: str) -> list[list[str]]:
    """For each "@…" in the text, the names it may stand for, longest first."""
    found = []
    for match in _MENTION.finditer(text):
        words = match.group(1).split()
        found.append([" ".join(words[:count]).rstrip(".'-") for count in range(len(words), 0, -1)])
    return found


def find_mentions(network, text: str) -> Mentions:
    """The members ``text`` mentions, or the errors that say why it cannot be posted."""
    candidates = _candidates(text)
    result = Mentions()
    if not candidates:
        return result
    names = {name.lower() for options in candidates for name in options}
    members = (
        Membership.objects.filter(network=network, status=Membership.Status.MEMBER)
        .select_related("user")
        .annotate(display=Lower("user__display_name"), real=Lower("user__real_name"))
        .filter(Q(display__in=names) | Q(user__show_real_name=True, real__in=names))
    )
    by_name = {}
    for membership in members:
        by_name.setdefault(membership.user.public_name.lower(), membership.user)
    seen = set()
    for options in candidates:
        user = next((by_name[name.lower()] for name in options if name.lower() in by_name), None)
        if user is None:
            result.errors.append(
                _(
                    "“@%(name)s”: nobody of that name is a member of this network. You can "
                    "only mention members; write the name as the members list shows it."
                )
                % {"name": options[-1]}
            )
        elif user.pk not in seen:
            seen.add(user.pk)
            result.users.append(user)
    if len(result.users) > MAX_MENTIONS:
        result.errors.append(
            _("A post may mention at most %(count)d members.") % {"count": MAX_MENTIONS}
        )
    return result
