"""The write use-cases of a network profile: the person saves it, or deletes it. Plain data in
(the names of ``PROFILE_FIELDS``, topics as a list of names), one transaction each."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mitwirken.organisations.models import register_audit_action
from mitwirken.organisations.services import record

from ..models import NetworkProfile, ProfileTopic
from . import photos, queries

# What the person sets (the fields of the form, in its order).
PROFILE_FIELDS = (
    "function",
    "function_visibility",
    "authority",
    "authority_visibility",
    "municipality_name",
    "municipality_key",
    "municipality_visibility",
    "topics_visibility",
    "offers",
    "offers_visibility",
    "seeks",
    "seeks_visibility",
    "about",
    "about_visibility",
    "photo_alt",
    "photo_visibility",
)
MAX_TOPICS = 10
MEMBERS_EXPORTED = register_audit_action(
    "network_members_exported", gettext_lazy("Members of a network exported")
)


class ProfileError(Exception):
    """A profile that cannot be saved as given; the message is for the person."""


def clean_topics(names) -> list[str]:
    """The topics as kept: trimmed, without empty ones and without repeats (whatever their
    case), in the order given."""
    kept, seen = [], set()
    for name in names:
        name = " ".join(str(name).split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            kept.append(name)
    return kept


@transaction.atomic
def save_profile(user, *, topics=None, photo=None, remove_photo=False, **fields) -> NetworkProfile:
    """Create or change the person's profile with the fields given (``PROFILE_FIELDS``).
    ``topics``: the names (None: keep them); ``photo``: an upload checked by
    ``photos.check`` (None: keep the one there); ``remove_photo`` removes it. A photo needs a
    text alternative. The replaced photo's file is deleted once the change is committed."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"not fields of a network profile: {sorted(unknown)}")
    profile, _created = NetworkProfile.objects.select_for_update().get_or_create(user=user)
    for name, value in fields.items():
        setattr(profile, name, value)
    old_photo = profile.photo.name if profile.photo else ""
    keeps_a_photo = photo is not None or (bool(old_photo) and not remove_photo)
    if keeps_a_photo and not profile.photo_alt.strip():
        raise ProfileError(_("Please describe the photo for people who cannot see it."))
    if topics is not None:
        topics = clean_topics(topics)
        if len(topics) > MAX_TOPICS:
            raise ProfileError(_("Please name at most %(count)s topics.") % {"count": MAX_TOPICS})
        longest = ProfileTopic._meta.get_field("name").max_length
        too_long = [name for name in topics if len(name) > longest]
        if too_long:
            raise ProfileError(
                _("A topic may have at most %(max)s characters: “%(topic)s”.")
                % {"max": longest, "topic": too_long[0][:80]}
            )
    profile.full_clean(exclude=["user", "photo"])
    if photo is not None:
        content = photos.shrunk(photo)
        profile.photo.save(content.name, content, save=False)
    elif remove_photo:
        profile.photo = ""
    profile.save()
    if topics is not None:
        profile.topics.all().delete()
        ProfileTopic.objects.bulk_create(
            ProfileTopic(profile=profile, name=name) for name in topics
        )
    if old_photo and old_photo != (profile.photo.name if profile.photo else ""):
        _delete_file_on_commit(profile.photo.storage, old_photo)
    transaction.on_commit(queries.profiles_changed)
    return profile


@transaction.atomic
def delete_profile(user) -> bool:
    """Delete the person's profile with its topics and photo; whether there was one."""
    profile = NetworkProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        return False
    if profile.photo:
        _delete_file_on_commit(profile.photo.storage, profile.photo.name)
    profile.delete()
    transaction.on_commit(queries.profiles_changed)
    return True


def _delete_file_on_commit(storage, name: str) -> None:
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def record_members_export(actor, network, file_format: str) -> None:
    """A coordinator downloads the members' data: the organisation's audit log says who did,
    of which network, in which format."""
    record(network.organisation, actor, MEMBERS_EXPORTED, f"{network.name} ({file_format.upper()})")
